package dev.lighthouse.events.store;

import dev.lighthouse.events.Hash;

/** Hex text as the store writes it (lower case), decoded from its UTF-8 bytes without building strings. */
final class Hex {
    /** Characters of a hash and of a UUID as the store writes them. */
    static final int HASH_WIDTH = 2 * Hash.LENGTH;

    static final int UUID_WIDTH = 36;

    /**
     * The value of each byte as a hex digit, or -1. Lower case only: the store writes no other, and upper case would
     * encode the same hash twice. A table, because verify decodes 160 digits a row.
     */
    private static final byte[] DIGITS = new byte[256];

    static {
        java.util.Arrays.fill(DIGITS, (byte) -1);
        for (int d = 0; d < 16; d++) {
            DIGITS["0123456789abcdef".charAt(d)] = (byte) d;
        }
    }

    private Hex() {}

    /** The 32 bytes of a hash written as 64 hex digits, or null if {@code text} is not that. */
    static byte[] hash(byte[] text) {
        return text == null || text.length != HASH_WIDTH ? null : hash(text, 0);
    }

    /** As {@link #hash(byte[])}, of the {@link #HASH_WIDTH} bytes of {@code text} from {@code at}. */
    static byte[] hash(byte[] text, int at) {
        byte[] out = new byte[Hash.LENGTH];
        return decode(text, at, at + HASH_WIDTH, out, 0) ? out : null;
    }

    /** The 16 bytes of a UUID written as 8-4-4-4-12 hex digits, or null if {@code text} is not that. */
    static byte[] uuid(byte[] text) {
        return text == null || text.length != UUID_WIDTH ? null : uuid(text, 0);
    }

    /** As {@link #uuid(byte[])}, of the {@link #UUID_WIDTH} bytes of {@code text} from {@code at}. */
    static byte[] uuid(byte[] text, int at) {
        if (text[at + 8] != '-' || text[at + 13] != '-' || text[at + 18] != '-' || text[at + 23] != '-') {
            return null;
        }
        byte[] out = new byte[16];
        boolean ok = decode(text, at, at + 8, out, 0)
                && decode(text, at + 9, at + 13, out, 4)
                && decode(text, at + 14, at + 18, out, 6)
                && decode(text, at + 19, at + 23, out, 8)
                && decode(text, at + 24, at + 36, out, 10);
        return ok ? out : null;
    }

    /** The big-endian long at {@code offset} of {@code bytes}. */
    static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    private static boolean decode(byte[] text, int from, int to, byte[] out, int at) {
        for (int i = from; i < to; i += 2) {
            int high = DIGITS[text[i] & 0xff];
            int low = DIGITS[text[i + 1] & 0xff];
            if ((high | low) < 0) {
                return false;
            }
            out[at++] = (byte) (high << 4 | low);
        }
        return true;
    }
}
