package dev.lighthouse.shell.syntax;

import java.util.List;
import java.util.Optional;

/**
 * One shell word as written: a sequence of literal, quoted and expansion parts with no unquoted blank between them,
 * e.g. {@code r''m}, {@code "$HOME"/x}, {@code $'\x72m'}.
 *
 * @param parts the parts in order; empty for an empty here-document body
 * @param span the word in the source
 */
public record WordNode(List<WordPart> parts, Span span) {
    public WordNode {
        parts = List.copyOf(parts);
    }

    /** The word after quote removal when it contains no expansion at all, e.g. {@code rm} for {@code r''m}. */
    public Optional<String> literal() {
        StringBuilder sb = new StringBuilder();
        return appendLiteral(parts, sb) ? Optional.of(sb.toString()) : Optional.empty();
    }

    /** True if the word is unquoted literal text without backslashes (so braces and globs in it are live). */
    public boolean isPlainLiteralWithoutEscapes() {
        for (WordPart p : parts) {
            if (!(p instanceof WordPart.Literal l) || l.raw().indexOf('\\') >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean appendLiteral(List<WordPart> parts, StringBuilder sb) {
        for (WordPart p : parts) {
            boolean literal = switch (p) {
                case WordPart.Literal l -> append(sb, l.value());
                case WordPart.SingleQuoted s -> append(sb, s.value());
                case WordPart.AnsiCQuoted a -> append(sb, a.value());
                case WordPart.DoubleQuoted d -> appendLiteral(d.parts(), sb);
                case WordPart.ParamExpansion _,
                        WordPart.CommandSubstitution _,
                        WordPart.ArithmeticExpansion _,
                        WordPart.ProcessSubstitution _ -> false;
            };
            if (!literal) {
                return false;
            }
        }
        return true;
    }

    private static boolean append(StringBuilder sb, String s) {
        sb.append(s);
        return true;
    }
}
