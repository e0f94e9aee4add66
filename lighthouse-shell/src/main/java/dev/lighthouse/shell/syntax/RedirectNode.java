package dev.lighthouse.shell.syntax;

import java.util.Optional;

/**
 * A redirection such as {@code 2>&1}, {@code >> log}, {@code &> out}, {@code <<< text} or a here-document.
 *
 * @param fd the file descriptor written before the operator ({@code 2} in {@code 2>&1}); -1 when none was written
 * @param operator one of {@code < > >> >| <> <& >& &> &>> <<< << <<-}
 * @param target the word after the operator: a file, a descriptor, the here-string, or the here-document delimiter
 * @param hereDoc the body of a here-document: literal when the delimiter was quoted, else with expansions parsed
 * @param span the operator and its target (a here-document body lies elsewhere in the text)
 */
public record RedirectNode(int fd, String operator, WordNode target, Optional<WordNode> hereDoc, Span span) {}
