package dev.lighthouse.policy.rules;

import java.util.Collection;
import java.util.Comparator;

/** Suggests the closest known word for a misspelt one: {@code " (did you mean \"deny\"?)"}, or nothing. */
final class DidYouMean {
    private DidYouMean() {}

    static String suggest(String given, Collection<String> known) {
        return known.stream()
                .filter(k -> distance(given, k) <= Math.max(2, k.length() / 4))
                .min(Comparator.comparingInt(k -> distance(given, k)))
                .map(k -> " (did you mean \"" + k + "\"?)")
                .orElse("");
    }

    /** Levenshtein distance; words are short. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
