package dev.lighthouse.shell.syntax;

import java.util.List;

/**
 * One command with what surrounds it: negation ({@code !}), its redirections and whether it runs in the background
 * ({@code &}).
 *
 * @param command what runs
 * @param redirects redirections in source order, whether written before, between or after the words
 * @param negated written with a leading {@code !}
 * @param background terminated by {@code &}
 * @param span from the first character of the statement to its terminator (exclusive)
 */
public record Statement(
        CommandNode command, List<RedirectNode> redirects, boolean negated, boolean background, Span span) {
    public Statement {
        redirects = List.copyOf(redirects);
    }
}
