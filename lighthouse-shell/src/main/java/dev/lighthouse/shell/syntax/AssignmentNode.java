package dev.lighthouse.shell.syntax;

import java.util.List;

/**
 * A variable assignment {@code NAME=value}, {@code NAME+=value} or array {@code NAME=(a b)}.
 *
 * @param name the variable name (with an index if written, e.g. {@code a[1]})
 * @param append written with {@code +=}
 * @param value the scalar value as written (an empty word for {@code NAME=}); empty for arrays
 * @param array the elements of an array assignment; empty for scalars
 * @param span the whole assignment
 */
public record AssignmentNode(String name, boolean append, WordNode value, List<WordNode> array, Span span) {
    public AssignmentNode {
        array = List.copyOf(array);
    }
}
