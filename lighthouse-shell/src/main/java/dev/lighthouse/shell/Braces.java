package dev.lighthouse.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Bash brace expansion of unquoted literal text: {@code {rm,-rf,/}} gives three words, {@code a{b,c}d} gives
 * {@code abd acd}, {@code {1..3}} and {@code {a..c}} give sequences. Output is capped so a hostile line cannot blow up.
 */
final class Braces {
    static final int MAX_WORDS = 256;

    private Braces() {}

    static List<String> expand(String text) {
        List<String> out = new ArrayList<>();
        expandInto(text, out, 0);
        return out;
    }

    private static void expandInto(String text, List<String> out, int depth) {
        if (out.size() >= MAX_WORDS) {
            return;
        }
        int open = -1;
        int close = -1;
        int level = 0;
        for (int i = 0; i < text.length() && close < 0; i++) {
            char c = text.charAt(i);
            if (c == '{' && !(i > 0 && text.charAt(i - 1) == '$')) {
                if (level++ == 0) {
                    open = i;
                }
            } else if (c == '}' && level > 0 && --level == 0) {
                close = i;
            }
        }
        List<String> alternatives =
                open < 0 || close < 0 || depth > 8 ? List.of() : alternatives(text.substring(open + 1, close));
        if (alternatives.size() < 2) {
            out.add(text);
            return;
        }
        String prefix = text.substring(0, open);
        String suffix = text.substring(close + 1);
        for (String alt : alternatives) {
            expandInto(prefix + alt + suffix, out, depth + 1);
        }
    }

    /** The comma-separated alternatives (at brace level 0) or the sequence; fewer than two means "not an expansion". */
    private static List<String> alternatives(String inner) {
        List<String> parts = new ArrayList<>();
        int level = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '{') {
                level++;
            } else if (c == '}') {
                level--;
            } else if (c == ',' && level == 0) {
                parts.add(inner.substring(start, i));
                start = i + 1;
            }
        }
        if (!parts.isEmpty()) {
            parts.add(inner.substring(start));
            return parts;
        }
        return sequence(inner);
    }

    private static List<String> sequence(String inner) {
        int dots = inner.indexOf("..");
        if (dots < 0) {
            return List.of();
        }
        String from = inner.substring(0, dots);
        String to = inner.substring(dots + 2);
        List<String> out = new ArrayList<>();
        if (from.matches("-?\\d{1,6}") && to.matches("-?\\d{1,6}")) {
            int a = Integer.parseInt(from);
            int b = Integer.parseInt(to);
            int step = a <= b ? 1 : -1;
            for (int i = a; out.size() < MAX_WORDS; i += step) {
                out.add(Integer.toString(i));
                if (i == b) {
                    break;
                }
            }
        } else if (from.length() == 1
                && to.length() == 1
                && Character.isLetter(from.charAt(0))
                && Character.isLetter(to.charAt(0))) {
            char a = from.charAt(0);
            char b = to.charAt(0);
            int step = a <= b ? 1 : -1;
            for (char c = a; ; c += (char) step) {
                out.add(String.valueOf(c));
                if (c == b) {
                    break;
                }
            }
        }
        return out;
    }
}
