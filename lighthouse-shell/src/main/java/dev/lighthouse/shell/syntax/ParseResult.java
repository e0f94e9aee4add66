package dev.lighthouse.shell.syntax;

import java.util.List;
import java.util.OptionalInt;

/**
 * What {@link BashParser#parse} returns: always a script, plus whether the text was fully understood.
 *
 * @param script the best-effort syntax tree
 * @param incomplete true if the text was malformed, unterminated, truncated or too deeply nested
 * @param problems each thing that made it incomplete, in source order
 * @param cutAt where the nesting limit stopped the parse (source offset): the text from there on is not in the tree
 */
public record ParseResult(Script script, boolean incomplete, List<Problem> problems, OptionalInt cutAt) {
    public ParseResult {
        problems = List.copyOf(problems);
    }
}
