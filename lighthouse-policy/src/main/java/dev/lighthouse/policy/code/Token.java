package dev.lighthouse.policy.code;

import static java.util.Objects.requireNonNull;

/**
 * One token of interpreter code.
 *
 * @param kind what it is
 * @param text an identifier, a punctuation mark, a number, or the value of a string (quotes and escapes removed);
 *     for {@link Kind#COMMAND} the shell text between backquotes ({@code `ls`}, {@code qx{ls}}, {@code %x(ls)})
 * @param interpolated a string whose value has run-time parts ({@code f"{x}"}, {@code "#{x}"}, {@code `${x}`},
 *     {@code "$x"}); they are replaced by {@link #RUN_TIME_VALUE}
 */
public record Token(Kind kind, String text, boolean interpolated) {
    /** What stands for a run-time part of a string: the shell analysis reads it as a variable. */
    public static final String RUN_TIME_VALUE = "$CODE_VALUE";

    public Token {
        requireNonNull(kind, "kind");
        requireNonNull(text, "text");
    }

    /** The kinds of token. */
    public enum Kind {
        /** A name; sigils ({@code $x}) are kept. */
        IDENT,
        /** A string literal. */
        STRING,
        /** Shell text run by the language's command quotes. */
        COMMAND,
        /** A number. */
        NUMBER,
        /** An operator or bracket; {@code ::}, {@code ->}, {@code =>}, {@code ||}, {@code &&}, {@code ==} are one token. */
        PUNCT,
        /** The end of a statement: {@code ;} or a line break outside brackets. */
        END
    }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean punct(String t) {
        return is(Kind.PUNCT, t);
    }
}
