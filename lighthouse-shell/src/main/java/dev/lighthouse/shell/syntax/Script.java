package dev.lighthouse.shell.syntax;

import java.util.List;

/**
 * The root of a parsed command line: its statements in order.
 *
 * @param statements top-level statements, separated in the source by newlines, {@code ;} or {@code &}
 * @param span the whole parsed text
 */
public record Script(List<Statement> statements, Span span) {
    public Script {
        statements = List.copyOf(statements);
    }
}
