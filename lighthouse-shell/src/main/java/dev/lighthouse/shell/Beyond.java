package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.Span;
import java.util.Set;

/**
 * Text beyond a nesting limit, read flat so that what it runs is still seen.
 *
 * <p>Nesting is bounded ({@link Limits#maxNesting()}) because parsing and walking recurse. A line nested deeper still
 * runs whatever is inside, so cutting it off would turn a deny into "not understood". Instead, the text past the cut
 * is flattened, each nesting construct ({@code (}, {@code )}, {@code $(}, backquotes, {@code {}}, reserved words
 * such as {@code if} or {@code do}) blanked out or made a line break with every offset kept, and leading wrappers
 * of a chain cut by depth ({@code eval eval … cmd}, {@code sudo sudo … cmd}) dropped; the result is analysed as a
 * program of its own. The reading over-approximates (words of different levels may meet on one line) and the
 * analysis stays incomplete, so it can only add to what is judged, never make a line look safe.
 */
final class Beyond {
    private static final Set<String> RESERVED = Set.of(
            "if",
            "then",
            "else",
            "elif",
            "fi",
            "do",
            "done",
            "while",
            "until",
            "for",
            "in",
            "case",
            "esac",
            "select",
            "function",
            "!",
            "[[",
            "]]",
            "{",
            "}",
            "time",
            "coproc");

    /** One cut: the text past it, the word or region that carried it, and the variables known there. */
    record Cut(String text, Span carrier, Scope scope) {}

    private Beyond() {}

    /** The text with nesting removed, offsets unchanged. */
    static String flatten(String text) {
        char[] out = text.toCharArray();
        boolean single = false;
        for (int i = 0; i < out.length; i++) {
            char c = out[i];
            if (single) {
                single = c != '\'';
                continue;
            }
            switch (c) {
                case '\'' -> single = true;
                case '\\' -> i++;
                case '(', ')', '`' -> out[i] = '\n';
                case '"' -> out[i] = ' ';
                case '$' -> {
                    if (i + 1 < out.length && out[i + 1] == '(') {
                        out[i] = ' ';
                    }
                }
                default -> {}
            }
        }
        blankReservedWords(out);
        return new String(out);
    }

    /** Reserved words and braces standing as words become blanks: they only nest, they run nothing. */
    private static void blankReservedWords(char[] out) {
        int i = 0;
        while (i < out.length) {
            while (i < out.length && boundary(out[i])) {
                i++;
            }
            int start = i;
            while (i < out.length && !boundary(out[i])) {
                i++;
            }
            if (i > start && i - start <= 8 && RESERVED.contains(new String(out, start, i - start))) {
                for (int k = start; k < i; k++) {
                    out[k] = ' ';
                }
            }
        }
    }

    private static boolean boundary(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|';
    }

    /**
     * A chain cut by depth, without its leading wrapper words and their options: {@code sudo sudo … rm -rf ~} gives
     * {@code rm -rf ~}.
     */
    static String withoutLeadingWrappers(String text) {
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String word = text.substring(start, i);
            String name = Paths.basename(word);
            boolean wrapper = word.startsWith("-")
                    || name.equals("eval")
                    || name.equals("builtin")
                    || Wrappers.spec(name).isPresent();
            if (word.isEmpty() || !wrapper) {
                return text.substring(start);
            }
        }
    }
}
