package dev.lighthouse.shell.syntax;

/** Decodes the body of bash's {@code $'...'} quoting: C escapes, hex, octal, control and Unicode escapes. */
public final class AnsiC {
    private AnsiC() {}

    /** Decodes {@code raw}; unknown escapes are kept as written. */
    public static String decode(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i++);
            if (c != '\\' || i >= raw.length()) {
                out.append(c);
                continue;
            }
            char e = raw.charAt(i++);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'e', 'E' -> out.append('\u001b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\', '\'', '"', '?' -> out.append(e);
                case 'c' -> {
                    if (i < raw.length()) {
                        out.append((char) (raw.charAt(i++) & 0x1f));
                    }
                }
                case 'x' -> i = appendNumber(raw, i, 16, 2, out);
                case 'u' -> i = appendNumber(raw, i, 16, 4, out);
                case 'U' -> i = appendNumber(raw, i, 16, 8, out);
                default -> {
                    if (e >= '0' && e <= '7') {
                        i = appendNumber(raw, i - 1, 8, 3, out);
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Reads up to {@code maxDigits} digits of {@code radix} at {@code i}; appends the code point or the escape. */
    private static int appendNumber(String raw, int i, int radix, int maxDigits, StringBuilder out) {
        int value = 0;
        int j = i;
        while (j < raw.length() && j - i < maxDigits && Character.digit(raw.charAt(j), radix) >= 0) {
            value = value * radix + Character.digit(raw.charAt(j), radix);
            j++;
        }
        if (j == i) {
            out.append('\\').append(raw.charAt(i - 1));
        } else if (Character.isValidCodePoint(value)) {
            out.appendCodePoint(radix == 8 ? value & 0xff : value);
        }
        return j;
    }
}
