package dev.lighthouse.policy.yaml;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a policy file: {@code file:line:column: message}.
 *
 * @param file the file as named to the loader ({@code <default>} for the built-in policy)
 * @param line 1-based line, 0 if unknown
 * @param column 1-based column, 0 if unknown
 * @param message what is wrong and what was expected
 */
public record Problem(String file, int line, int column, String message) {
    public Problem {
        requireNonNull(file, "file");
        requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return "%s:%d:%d: %s".formatted(file, line, column, message);
    }
}
