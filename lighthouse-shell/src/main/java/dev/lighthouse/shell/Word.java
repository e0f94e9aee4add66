package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.Span;
import java.util.Optional;

/**
 * A word after expansion and quote removal, as the program would receive it.
 *
 * @param value the text; where an expansion could not be resolved the expansion is kept as written (e.g.
 *     {@code $DIR/}) and {@code dynamic} is set
 * @param dynamic the value depends on something the analysis could not know (an unset variable, a command
 *     substitution, arithmetic, a find match)
 * @param path for operands and redirect targets that are not dynamic: the absolute, lexically normalised path the
 *     word denotes, resolved against the caller's cwd and home ({@code ~}, {@code ~user}, {@code ..}); empty for
 *     flags, URLs and dynamic words
 * @param span where the word was written in the analysed text; for words produced by nested code ({@code bash -c},
 *     decoded payloads) the span of the outer word that carried the code
 */
public record Word(String value, boolean dynamic, Optional<String> path, Span span) {
    @Override
    public String toString() {
        return value;
    }
}
