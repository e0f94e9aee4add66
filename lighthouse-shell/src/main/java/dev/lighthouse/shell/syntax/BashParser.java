package dev.lighthouse.shell.syntax;

/**
 * Parses bash command lines as agents write them into a {@link Script} with source offsets.
 *
 * <p>Pure and thread-safe; never throws on any input; time linear in the input length. Malformed or unterminated
 * input gives a best-effort tree and {@link ParseResult#incomplete()}; nesting deeper than the limit stops the parse
 * there and is reported the same way.
 */
public final class BashParser {
    private BashParser() {}

    /**
     * @param source the command line (any length: callers cut it to their input limit first)
     * @param maxNesting how deep compound commands, substitutions and parameter expansions may nest
     */
    public static ParseResult parse(String source, int maxNesting) {
        return new Parser(source, maxNesting).parse();
    }

    /**
     * Parses text that bash evaluates as arithmetic (a variable's value, an array subscript) as the one arithmetic
     * command {@code (( source ))}: its expansions and substitutions become parts, so the commands in them are seen.
     *
     * @param maxNesting how deep substitutions inside may nest
     */
    public static ParseResult parseArithmetic(String source, int maxNesting) {
        return new Parser(source, maxNesting).arithmetic();
    }
}
