package dev.lighthouse.events;

import static java.util.Objects.requireNonNull;

/** The last link of a chain: its seq and hash; {@link #EMPTY} for a store without events. */
public record Head(long seq, Hash hash) {
    public static final Head EMPTY = new Head(0, Hash.ZERO);

    public Head {
        requireNonNull(hash, "hash");
        if (seq < 0) {
            throw new IllegalArgumentException("seq is never negative, got " + seq);
        }
    }
}
