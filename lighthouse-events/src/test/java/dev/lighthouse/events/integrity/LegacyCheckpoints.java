package dev.lighthouse.events.integrity;

import dev.lighthouse.events.Hash;
import java.time.Instant;

/** Checkpoints as files written before checkpoints were chained hold them, for tests of those files. */
public final class LegacyCheckpoints {
    private LegacyCheckpoints() {}

    public static Checkpoint of(Keyring keys, long seq, Hash hash) {
        return new Signer(keys).unchainedCheckpoint(seq, hash, Instant.now());
    }
}
