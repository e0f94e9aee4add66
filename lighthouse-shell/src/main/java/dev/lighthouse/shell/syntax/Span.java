package dev.lighthouse.shell.syntax;

/**
 * A half-open range {@code [start, end)} of character offsets (UTF-16 indexes) in the text that was parsed.
 *
 * @param start offset of the first character
 * @param end offset just past the last character; {@code end >= start}
 */
public record Span(int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("span [%d, %d): expected 0 <= start <= end".formatted(start, end));
        }
    }

    /** The text this span covers in {@code source}, clamped to its length. */
    public String of(String source) {
        int e = Math.min(end, source.length());
        return source.substring(Math.min(start, e), e);
    }

    /** The smallest span covering both. */
    public Span union(Span other) {
        return new Span(Math.min(start, other.start), Math.max(end, other.end));
    }

    @Override
    public String toString() {
        return "[" + start + "," + end + ")";
    }
}
