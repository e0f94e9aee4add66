package dev.lighthouse.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A bash glob pattern ({@code * ? [...]}) for {@code ${x#pattern}} and friends, matched without backtracking.
 *
 * <p>Design: the pattern is a list of elements read by a set of positions (a Thompson simulation), so one pass over the
 * text costs O(text × pattern) whatever the stars, and the same pass tells every prefix that matches (what
 * {@code ${x#p}} and {@code ${x##p}} need). A regular expression with one {@code .*} per star backtracked
 * polynomially: {@code ${X#*a*a*a*a*a*a*a*a*b}} over 4,000 characters took minutes.
 */
final class Glob {
    /** Longer patterns are not matched (the expansion stays unknown): bounds the work per character. */
    static final int MAX_ELEMENTS = 1_024;

    private sealed interface Element {}

    private record Char(char c) implements Element {}

    private record AnyChar() implements Element {}

    private record Star() implements Element {}

    /** {@code [abc]}, {@code [a-z]}, {@code [!x]}: ranges as pairs of bounds. */
    private record Set(String ranges, boolean negated) implements Element {
        boolean contains(char c) {
            boolean in = false;
            for (int i = 0; i + 1 < ranges.length(); i += 2) {
                in |= c >= ranges.charAt(i) && c <= ranges.charAt(i + 1);
            }
            return in != negated;
        }
    }

    private final List<Element> elements;

    private Glob(List<Element> elements) {
        this.elements = elements;
    }

    static boolean hasGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /** The pattern compiled, or empty when it has more than {@link #MAX_ELEMENTS} elements. */
    static java.util.Optional<Glob> compile(String pattern) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (out.isEmpty() || !(out.getLast() instanceof Star)) {
                        out.add(new Star());
                    }
                }
                case '?' -> out.add(new AnyChar());
                case '\\' -> out.add(new Char(i + 1 < pattern.length() ? pattern.charAt(++i) : '\\'));
                case '[' -> {
                    int close = pattern.indexOf(']', i + 2);
                    if (close < 0) {
                        out.add(new Char('['));
                    } else {
                        out.add(set(pattern.substring(i + 1, close)));
                        i = close;
                    }
                }
                default -> out.add(new Char(c));
            }
            if (out.size() > MAX_ELEMENTS) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new Glob(List.copyOf(out)));
    }

    private static Set set(String body) {
        boolean negated = body.startsWith("!") || body.startsWith("^");
        String b = negated ? body.substring(1) : body;
        StringBuilder ranges = new StringBuilder();
        for (int i = 0; i < b.length(); i++) {
            char lo = b.charAt(i);
            if (i + 2 < b.length() && b.charAt(i + 1) == '-') {
                ranges.append(lo).append(b.charAt(i + 2));
                i += 2;
            } else {
                ranges.append(lo).append(lo);
            }
        }
        return new Set(ranges.toString(), negated);
    }

    /** The same pattern read from its end, for matching suffixes from the text's end. */
    Glob reversed() {
        return new Glob(List.copyOf(elements.reversed()));
    }

    /** {@code result[k]} is true if the first {@code k} characters of {@code text} match the whole pattern. */
    boolean[] matchingPrefixes(CharSequence text) {
        int m = elements.size();
        boolean[] at = new boolean[m + 1];
        boolean[] next = new boolean[m + 1];
        boolean[] result = new boolean[text.length() + 1];
        at[0] = true;
        closeOverStars(at);
        result[0] = at[m];
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            java.util.Arrays.fill(next, false);
            boolean any = false;
            for (int s = 0; s < m; s++) {
                if (!at[s]) {
                    continue;
                }
                switch (elements.get(s)) {
                    case Star _ -> next[s] = any = true;
                    case AnyChar _ -> next[s + 1] = any = true;
                    case Char ch -> {
                        if (ch.c() == c) {
                            next[s + 1] = any = true;
                        }
                    }
                    case Set set -> {
                        if (set.contains(c)) {
                            next[s + 1] = any = true;
                        }
                    }
                }
            }
            closeOverStars(next);
            result[k + 1] = next[m];
            boolean[] t = at;
            at = next;
            next = t;
            if (!any) {
                break;
            }
        }
        return result;
    }

    /** A star may match nothing: a position before a star also stands after it. */
    private void closeOverStars(boolean[] positions) {
        for (int s = 0; s < elements.size(); s++) {
            if (positions[s] && elements.get(s) instanceof Star) {
                positions[s + 1] = true;
            }
        }
    }

    /** True if the whole text matches the pattern. */
    boolean matches(CharSequence text) {
        return matchingPrefixes(text)[text.length()];
    }
}
