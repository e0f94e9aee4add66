package dev.lighthouse.shell;

/**
 * Bounds on the work one analysis may do. Exceeding a bound never throws: the analysis covers what fits and is
 * flagged incomplete.
 *
 * @param maxInputChars longer input is cut to this many characters before parsing
 * @param maxNesting how deep substitutions, compound commands and unwrapped wrappers ({@code bash -c}, {@code eval},
 *     decoded payloads, function calls) may nest
 */
public record Limits(int maxInputChars, int maxNesting) {
    public static final int DEFAULT_MAX_INPUT_CHARS = 100_000;
    public static final int DEFAULT_MAX_NESTING = 64;

    public Limits {
        if (maxInputChars < 1 || maxNesting < 1) {
            throw new IllegalArgumentException("limits maxInputChars=%d maxNesting=%d: both must be at least 1"
                    .formatted(maxInputChars, maxNesting));
        }
    }

    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_INPUT_CHARS, DEFAULT_MAX_NESTING);
    }
}
