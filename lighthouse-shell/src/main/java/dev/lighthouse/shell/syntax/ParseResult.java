package dev.lighthouse.shell.syntax;

import java.util.List;

/**
 * What {@link BashParser#parse} returns: always a script, plus whether the text was fully understood.
 *
 * @param script the best-effort syntax tree
 * @param incomplete true if the text was malformed, unterminated, truncated or too deeply nested
 * @param problems each thing that made it incomplete, in source order
 */
public record ParseResult(Script script, boolean incomplete, List<Problem> problems) {
    public ParseResult {
        problems = List.copyOf(problems);
    }
}
