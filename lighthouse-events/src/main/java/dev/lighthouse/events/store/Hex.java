package dev.lighthouse.events.store;

import dev.lighthouse.events.Hash;

/** Hex text as the store writes it (lower case), decoded from its UTF-8 bytes without building strings. */
final class Hex {
    private Hex() {}

    /** The 32 bytes of a hash written as 64 hex digits, or null if {@code text} is not that. */
    static byte[] hash(byte[] text) {
        if (text == null || text.length != 2 * Hash.LENGTH) {
            return null;
        }
        byte[] out = new byte[Hash.LENGTH];
        return decode(text, 0, text.length, out, 0) ? out : null;
    }

    /** The 16 bytes of a UUID written as 8-4-4-4-12 hex digits, or null if {@code text} is not that. */
    static byte[] uuid(byte[] text) {
        if (text == null
                || text.length != 36
                || text[8] != '-'
                || text[13] != '-'
                || text[18] != '-'
                || text[23] != '-') {
            return null;
        }
        byte[] out = new byte[16];
        boolean ok = decode(text, 0, 8, out, 0)
                && decode(text, 9, 13, out, 4)
                && decode(text, 14, 18, out, 6)
                && decode(text, 19, 23, out, 8)
                && decode(text, 24, 36, out, 10);
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
            int high = digit(text[i]);
            int low = digit(text[i + 1]);
            if (high < 0 || low < 0) {
                return false;
            }
            out[at++] = (byte) (high << 4 | low);
        }
        return true;
    }

    /** Lower case only: the store writes no other, and upper case would encode the same hash twice. */
    private static int digit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
