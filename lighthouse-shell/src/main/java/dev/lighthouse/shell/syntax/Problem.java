package dev.lighthouse.shell.syntax;

/**
 * Something the analysis could not understand fully, with where it happened. Problems never stop the analysis; they
 * mark it incomplete so that policy can be careful.
 *
 * @param message what was found and what was expected, e.g. {@code unterminated double quote (expected ")}
 * @param span where in the analysed text
 */
public record Problem(String message, Span span) {
    @Override
    public String toString() {
        return span.start() + ": " + message;
    }
}
