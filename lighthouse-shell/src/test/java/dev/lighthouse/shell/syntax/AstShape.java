package dev.lighthouse.shell.syntax;

import java.util.regex.Pattern;

/** A syntax tree rendered without source positions, so trees parsed from differently laid out text compare equal. */
final class AstShape {
    /** Every node's span prints as {@code span=[start,end)} (see {@link Span#toString()}). */
    private static final Pattern SPAN = Pattern.compile("span=\\[\\d+,\\d+\\)");

    private AstShape() {}

    static String of(Object node) {
        return SPAN.matcher(String.valueOf(node)).replaceAll("");
    }
}
