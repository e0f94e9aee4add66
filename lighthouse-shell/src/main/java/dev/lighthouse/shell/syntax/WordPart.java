package dev.lighthouse.shell.syntax;

import java.util.List;
import java.util.Optional;

/** A piece of a {@link WordNode}. Each variant keeps its span; quoted variants also keep the decoded value. */
public sealed interface WordPart {
    Span span();

    /**
     * Unquoted text, possibly with backslash escapes, globs, a leading tilde or braces.
     *
     * @param raw the text as written
     * @param value after backslash removal ({@code \r\m} gives {@code rm}; a backslash-newline disappears)
     */
    record Literal(String raw, String value, Span span) implements WordPart {}

    /** {@code 'text'}: no escapes, no expansions. */
    record SingleQuoted(String value, Span span) implements WordPart {}

    /**
     * {@code $'text'}: ANSI-C escapes.
     *
     * @param raw the text between the quotes as written
     * @param value after decoding C escapes, hex, octal, control and Unicode escapes
     */
    record AnsiCQuoted(String raw, String value, Span span) implements WordPart {}

    /**
     * {@code "..."}: literal text and expansions, not split into fields.
     *
     * @param parts literal parts hold the text with {@code \$ \` \" \\ \newline} decoded
     */
    record DoubleQuoted(List<WordPart> parts, Span span) implements WordPart {
        public DoubleQuoted {
            parts = List.copyOf(parts);
        }
    }

    /**
     * {@code $NAME}, {@code ${NAME}}, {@code ${NAME:-word}}, {@code ${#NAME}}, {@code ${!NAME}} and friends.
     *
     * @param name the parameter: a variable name, a digit or one of {@code @ * # ? - $ !}
     * @param braced written with braces
     * @param prefix {@code "#"} for length, {@code "!"} for indirection, else empty
     * @param operator e.g. {@code :-}, {@code -}, {@code :=}, {@code :?}, {@code :+}, {@code #}, {@code ##}, {@code %},
     *     {@code %%}, {@code /}, {@code //}, {@code ^^}, {@code ,,}, {@code :} (substring), {@code @}, {@code [} (index);
     *     empty when none
     * @param argument the word after the operator, when there is one
     */
    record ParamExpansion(
            String name, boolean braced, String prefix, String operator, Optional<WordNode> argument, Span span)
            implements WordPart {}

    /**
     * {@code $(...)} or {@code `...`}; the body is parsed and its commands run when the word is expanded.
     *
     * @param backquoted written with backquotes
     */
    record CommandSubstitution(List<Statement> body, boolean backquoted, Span span) implements WordPart {
        public CommandSubstitution {
            body = List.copyOf(body);
        }
    }

    /**
     * {@code $((expression))}: the expression text as written, and its expansions ({@code $X}, {@code $(...)}) as
     * parts, since a command substitution inside arithmetic runs too.
     *
     * @param parts the expression split like a here-document body: literal text and expansions
     */
    record ArithmeticExpansion(String expression, List<WordPart> parts, Span span) implements WordPart {
        public ArithmeticExpansion {
            parts = List.copyOf(parts);
        }
    }

    /**
     * {@code <(...)} (the command's output is read as a file) or {@code >(...)} (written to as a file).
     *
     * @param direction {@code '<'} or {@code '>'}
     */
    record ProcessSubstitution(char direction, List<Statement> body, Span span) implements WordPart {
        public ProcessSubstitution {
            body = List.copyOf(body);
        }
    }
}
