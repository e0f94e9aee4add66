package dev.lighthouse.events;

import static java.util.Objects.requireNonNull;

/**
 * One way the stored chain differs from what was signed.
 *
 * @param seq the first seq the violation concerns (for a gap or truncation, the first missing seq)
 * @param detail what was found and what was expected
 */
public record Violation(Kind kind, long seq, String detail) {
    public enum Kind {
        /** The event's fields do not produce its MAC: some field was changed. */
        HMAC_MISMATCH("HMAC mismatch"),
        /** The event names a key id the keyring does not hold. */
        UNKNOWN_KEY("unknown key"),
        /** The MAC is valid but the previous hash is not the hash of the event before. */
        CHAIN_BREAK("chain break"),
        /** One or more seqs are missing between two events. */
        SEQUENCE_GAP("sequence gap"),
        /** The event at this seq was signed for another seq: events were moved or swapped. */
        REORDERED("reordering"),
        /** A signed checkpoint names a seq beyond the last stored event: the tail was cut off. */
        TAIL_TRUNCATED("tail truncation"),
        /** A signed checkpoint's hash differs from the stored event's hash at its seq: history was rewritten. */
        CHECKPOINT_MISMATCH("checkpoint mismatch"),
        /** A checkpoint's own MAC is wrong: the checkpoint file was edited. */
        CHECKPOINT_FORGED("forged checkpoint"),
        /**
         * Checkpoints that should be there are not: the file is missing or empty while the store holds events, it
         * ends before the last checkpoint the store recorded writing, or a line was cut out of its chain.
         */
        CHECKPOINTS_MISSING("checkpoints missing"),
        /**
         * What names a decision in listings, kept beside the signed fields and derived from them (its {@code answer}
         * column; on SQLite its row in the index file's {@code decisions}), says something the signed event does not.
         */
        NAME_MISMATCH("name mismatch"),
        /** The head recorded elsewhere ({@code events verify --head SEQ:HASH}) is not in the store. */
        HEAD_MISMATCH("head mismatch");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Violation {
        requireNonNull(kind, "kind");
        requireNonNull(detail, "detail");
    }

    /** {@code seq 5: HMAC mismatch: ...}. */
    public String describe() {
        return "seq %d: %s: %s".formatted(seq, kind.label(), detail);
    }
}
