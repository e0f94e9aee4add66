package dev.lighthouse.events.integrity;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.Hash;
import java.time.Instant;

/**
 * A signed statement that the chain reached {@code seq} with {@code hash} at {@code time}. Kept outside the store
 * (see {@link CheckpointFile}), it reveals a tail cut off the store, which no MAC inside the store can.
 */
public record Checkpoint(long seq, Hash hash, Instant time, String keyId, Hash mac) {
    public Checkpoint {
        requireNonNull(hash, "hash");
        requireNonNull(time, "time");
        requireNonNull(keyId, "keyId");
        requireNonNull(mac, "mac");
    }
}
