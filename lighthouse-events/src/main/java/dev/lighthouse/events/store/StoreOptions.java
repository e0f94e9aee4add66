package dev.lighthouse.events.store;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.integrity.Keyring;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * What every store needs besides its database.
 *
 * @param keys signs new events (active key) and verifies all
 * @param checkpointFile where signed checkpoints are appended; keep it outside the database
 * @param checkpointInterval least time between two checkpoints while appending (one is also written on close)
 * @param clock gives event times
 */
public record StoreOptions(Keyring keys, Path checkpointFile, Duration checkpointInterval, Clock clock) {
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    public StoreOptions {
        requireNonNull(keys, "keys");
        requireNonNull(checkpointFile, "checkpointFile");
        requireNonNull(checkpointInterval, "checkpointInterval");
        requireNonNull(clock, "clock");
        if (checkpointInterval.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval must not be negative, got " + checkpointInterval);
        }
    }

    /** Checkpoints once a second, system UTC clock. */
    public static StoreOptions of(Keyring keys, Path checkpointFile) {
        return new StoreOptions(keys, checkpointFile, DEFAULT_CHECKPOINT_INTERVAL, Clock.systemUTC());
    }
}
