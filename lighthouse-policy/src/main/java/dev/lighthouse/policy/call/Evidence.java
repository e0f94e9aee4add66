package dev.lighthouse.policy.call;

import static java.util.Objects.requireNonNull;

/**
 * Where in the call a reason was found: a span of one input field, in characters ({@code [start, end)}).
 *
 * @param field the input field the span indexes: {@code command} for Bash, {@code file_path}, {@code content},
 *     {@code url}, ...
 * @param start first character of the evidence
 * @param end one past the last character
 * @param text the evidence itself, {@code field.substring(start, end)}; for a shell command spanning more than 1,024
 *     characters (deep nesting), its first 1,024 and an ellipsis
 */
public record Evidence(String field, int start, int end, String text) {
    public Evidence {
        requireNonNull(field, "field");
        requireNonNull(text, "text");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    /** The whole of a field's value. */
    public static Evidence whole(String field, String value) {
        return new Evidence(field, 0, value.length(), value);
    }
}
