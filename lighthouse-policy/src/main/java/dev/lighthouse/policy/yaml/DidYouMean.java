package dev.lighthouse.policy.yaml;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The closest known name to a misspelt one, for messages such as {@code unknown key `log.formt` (did you mean
 * `log.format`?)}: within an edit distance of a quarter of the known name's length (at least 2), the nearest, the
 * first written on a tie.
 */
public final class DidYouMean {
    private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();

    private DidYouMean() {}

    public static Optional<String> closest(String given, Collection<String> known) {
        return known.stream()
                .filter(k -> LEVENSHTEIN.apply(given, k) <= Math.max(2, k.length() / 4))
                .min(Comparator.comparingInt(k -> LEVENSHTEIN.apply(given, k)));
    }

    /** {@code " (did you mean <quote>name<quote>?)"}, or nothing when no known name is close. */
    public static String suggest(String given, Collection<String> known, char quote) {
        return closest(given, known)
                .map(k -> " (did you mean " + quote + k + quote + "?)")
                .orElse("");
    }
}
