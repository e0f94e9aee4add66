package dev.lighthouse.events.integrity;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.Hash;
import java.time.Instant;
import java.util.Optional;

/**
 * A signed statement that the chain reached {@code seq} with {@code hash} at {@code time}. Kept outside the store
 * (see {@link CheckpointFile}), it reveals a tail cut off the store, which no MAC inside the store can.
 *
 * <p>Checkpoints are chained: each one's MAC also covers {@code prev}, the MAC of the checkpoint before it in the file
 * ({@link Hash#ZERO} for the first), so a line cut out of the file shows. Files written before the chain have lines
 * without {@code prev}; they still verify on their own, and the first chained line links to the last of them.
 *
 * @param prev the MAC of the checkpoint before; empty for a line written before checkpoints were chained
 */
public record Checkpoint(long seq, Hash hash, Instant time, String keyId, Hash mac, Optional<Hash> prev) {
    public Checkpoint {
        requireNonNull(hash, "hash");
        requireNonNull(time, "time");
        requireNonNull(keyId, "keyId");
        requireNonNull(mac, "mac");
        requireNonNull(prev, "prev");
    }

    /** A checkpoint written before checkpoints were chained. */
    public Checkpoint(long seq, Hash hash, Instant time, String keyId, Hash mac) {
        this(seq, hash, time, keyId, mac, Optional.empty());
    }
}
