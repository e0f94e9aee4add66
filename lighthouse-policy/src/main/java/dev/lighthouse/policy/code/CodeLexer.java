package dev.lighthouse.policy.code;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits interpreter code into {@link Token}s by a language's {@link Syntax}: comments are dropped, strings become one
 * token with their value, command quotes become shell text. What a name means is not known here; {@link CodeReader}
 * reads the tokens against the language's calls.
 *
 * <p>One pass over at most {@link #MAX_CHARS} characters: every step consumes at least one character, and a search for
 * a closer ({@code *}{@code /}, a quote) continues from where it stopped, so the cost is linear in the text whatever it
 * holds (unterminated strings and comments run to the end). The code inside interpolations is lexed once more for each
 * level it is nested in, at most {@link #MAX_EMBEDDED_DEPTH} levels. Pure and thread-safe.
 */
public final class CodeLexer {
    /** Code past this many characters is not lexed; {@link Lexed#truncated()} says so. */
    public static final int MAX_CHARS = 65_536;

    private static final List<String> MULTI_PUNCT =
            List.of("::", "->", "=>", "||", "&&", "==", "!=", "<<", ">>", "**", "|&", "..");

    /**
     * @param tokens the tokens in order
     * @param truncated whether the code was longer than {@link #MAX_CHARS}
     */
    public record Lexed(List<Token> tokens, boolean truncated) {
        public Lexed {
            tokens = List.copyOf(tokens);
        }
    }

    /**
     * Code inside a string's interpolation ({@code f"{os.system('id')}"}, {@code `${cp.execSync('id')}`},
     * {@code "#{system('id')}"}, PowerShell's {@code "$(iex $x)"}) runs when the string is built: it is lexed this many
     * levels deep (an interpolation inside an interpolation is one level more).
     */
    private static final int MAX_EMBEDDED_DEPTH = 4;

    private final Syntax syntax;
    private final String text;
    private final int embeddedDepth;
    private final List<Token> out = new ArrayList<>();
    /** The code of the interpolations met so far, in order. */
    private final List<String> embedded = new ArrayList<>();

    private int i;
    private int depth;

    private CodeLexer(Syntax syntax, String text, int embeddedDepth) {
        this.syntax = syntax;
        this.text = text;
        this.embeddedDepth = embeddedDepth;
    }

    /**
     * The tokens of {@code code} in the given syntax. The code of interpolations follows the code's own tokens, each
     * as statements of its own, so that a string's value stays one token and what its interpolations call is still
     * read.
     */
    public static Lexed lex(Syntax syntax, String code) {
        boolean truncated = code.length() > MAX_CHARS;
        CodeLexer lexer = new CodeLexer(syntax, truncated ? code.substring(0, MAX_CHARS) : code, 0);
        return new Lexed(lexer.tokens(), truncated);
    }

    /** This text's tokens, then those of the code in its interpolations. */
    private List<Token> tokens() {
        run();
        if (embeddedDepth < MAX_EMBEDDED_DEPTH) {
            for (String code : embedded) {
                end();
                out.addAll(new CodeLexer(syntax, code, embeddedDepth + 1).tokens());
                end();
            }
        }
        return out;
    }

    private void run() {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                i++;
                if (depth == 0) {
                    end();
                }
            } else if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i += 2; // a line continuation: the statement goes on
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (comment()) {
                continue;
            } else if (parameterName(c)) {
                i++;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
            } else if (syntax.tripleQuotes() && (text.startsWith("'''", i) || text.startsWith("\"\"\"", i))) {
                string(text.substring(i, i + 3), false, Token.Kind.STRING);
            } else if (syntax.quotes().indexOf(c) >= 0) {
                string(String.valueOf(c), false, Token.Kind.STRING);
            } else if (c == syntax.commandQuote() && c != 0) {
                string(String.valueOf(c), false, Token.Kind.COMMAND);
            } else if (c == '%' && quoteOperator(text.substring(i, letters(i + 1)), letters(i + 1))) {
                continue;
            } else if (idVariable(c)) {
                // Perl's real and effective user ids ($< and $>, perlvar): assigning 0 to them is setuid(0).
                out.add(new Token(Token.Kind.IDENT, text.substring(i, i + 2), false));
                i += 2;
            } else if (Character.isLetter(c) || c == '_' || sigil(c)) {
                word();
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Token.Kind.NUMBER, text.substring(start, i), false));
            } else {
                punct(c);
            }
        }
    }

    /** The end of the run of (at most 2) letters from {@code from}. */
    private int letters(int from) {
        int j = from;
        while (j < text.length() && j - from < 2 && Character.isLetter(text.charAt(j))) {
            j++;
        }
        return j;
    }

    private boolean idVariable(char c) {
        return c == '$'
                && syntax.sigils().indexOf('$') >= 0
                && i + 1 < text.length()
                && (text.charAt(i + 1) == '<' || text.charAt(i + 1) == '>');
    }

    private boolean sigil(char c) {
        return syntax.sigils().indexOf(c) >= 0
                && i + 1 < text.length()
                && (Character.isLetter(text.charAt(i + 1)) || text.charAt(i + 1) == '_');
    }

    private void end() {
        if (!out.isEmpty() && out.getLast().kind() != Token.Kind.END) {
            out.add(new Token(Token.Kind.END, ";", false));
        }
    }

    private boolean comment() {
        for (List<String> pair : syntax.blockComments()) {
            if (text.startsWith(pair.get(0), i)) {
                int close = text.indexOf(pair.get(1), i + pair.get(0).length());
                i = close < 0 ? text.length() : close + pair.get(1).length();
                return true;
            }
        }
        for (String opener : syntax.lineComments()) {
            if (text.startsWith(opener, i)) {
                int close = text.indexOf('\n', i);
                i = close < 0 ? text.length() : close;
                return true;
            }
        }
        return false;
    }

    /** {@code -Recurse} after a space, where {@link Syntax#dashParameters()} says such words name parameters. */
    private boolean parameterName(char c) {
        return syntax.dashParameters()
                && c == '-'
                && i > 0
                && Character.isWhitespace(text.charAt(i - 1))
                && i + 1 < text.length()
                && Character.isLetter(text.charAt(i + 1));
    }

    private void word() {
        int start = i;
        i++;
        while (i < text.length()
                && (Character.isLetterOrDigit(text.charAt(i))
                        || text.charAt(i) == '_'
                        || syntax.nameJoiners().indexOf(text.charAt(i)) >= 0
                                && i + 1 < text.length()
                                && Character.isLetter(text.charAt(i + 1)))) {
            i++;
        }
        String name = syntax.caseInsensitive()
                ? text.substring(start, i).toLowerCase(java.util.Locale.ROOT)
                : text.substring(start, i);
        if (i < text.length()) {
            char next = text.charAt(i);
            if (syntax.quotes().indexOf(next) >= 0
                    && !syntax.stringPrefixes().isEmpty()
                    && name.length() <= 2
                    && name.chars().allMatch(ch -> syntax.stringPrefixes().indexOf(ch) >= 0)) {
                boolean format = name.indexOf('f') >= 0 || name.indexOf('F') >= 0;
                String quote = syntax.tripleQuotes()
                                && text.startsWith(String.valueOf(next).repeat(3), i)
                        ? String.valueOf(next).repeat(3)
                        : String.valueOf(next);
                string(quote, format, Token.Kind.STRING);
                return;
            }
        }
        if (quoteOperator(name, i)) {
            return;
        }
        out.add(new Token(Token.Kind.IDENT, name, false));
    }

    /** {@code qx{ls}}, {@code q(x)}, {@code %x(ls)}: an operator ending at {@code after}, then a delimiter. */
    private boolean quoteOperator(String op, int after) {
        String kind = syntax.quoteOperators().get(op);
        if (kind == null || after >= text.length()) {
            return false;
        }
        char open = text.charAt(after);
        if (Character.isLetterOrDigit(open) || Character.isWhitespace(open) || "_,;=)".indexOf(open) >= 0) {
            return false;
        }
        i = after;
        string(String.valueOf(open), false, kind.equals("command") ? Token.Kind.COMMAND : Token.Kind.STRING);
        if (kind.equals("substitution")) {
            if ("([{<".indexOf(open) >= 0) {
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i < text.length() && "([{<".indexOf(text.charAt(i)) >= 0) {
                    string(String.valueOf(text.charAt(i)), false, Token.Kind.STRING);
                }
            } else if (i > after + 1 && text.charAt(i - 1) == open) {
                i--; // s/a/b/: the middle delimiter closes the pattern and opens the replacement
                string(String.valueOf(open), false, Token.Kind.STRING);
            }
        }
        return true;
    }

    /**
     * A string from {@link #i}, which holds its opening quote; bracket quotes nest. Escapes keep the escaped character;
     * in interpolating quotes, run-time parts become {@link Token#RUN_TIME_VALUE}.
     */
    private void string(String quote, boolean format, Token.Kind kind) {
        char open = quote.charAt(0);
        String close = switch (open) {
            case '(' -> ")";
            case '[' -> "]";
            case '{' -> "}";
            case '<' -> ">";
            default -> quote;
        };
        // Python interpolates only f-strings (in any quotes); the others interpolate in all but single quotes.
        boolean interpolating = syntax.stringPrefixes().indexOf('f') >= 0
                ? format
                : open != '\'' && !syntax.interpolation().isEmpty();
        i += quote.length();
        StringBuilder value = new StringBuilder();
        boolean interpolated = false;
        int nesting = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(i + 1);
                value.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                i += 2;
                continue;
            }
            if (close.length() == 1 && c == open && open != close.charAt(0)) {
                nesting++;
            } else if (text.startsWith(close, i)) {
                if (nesting == 0) {
                    i += close.length();
                    break;
                }
                nesting--;
            }
            if (interpolating) {
                int skipped = interpolation(c);
                if (skipped > 0) {
                    value.append(Token.RUN_TIME_VALUE);
                    interpolated = true;
                    i += skipped;
                    continue;
                }
            }
            value.append(c);
            i++;
        }
        out.add(new Token(kind, value.toString(), interpolated));
    }

    /** How many characters a run-time part starting at {@link #i} spans (0 if none starts there). */
    private int interpolation(char c) {
        for (String opener : syntax.interpolation()) {
            if (!text.startsWith(opener, i)) {
                continue;
            }
            int j = i + opener.length();
            char bracket = opener.charAt(opener.length() - 1);
            if (bracket == '{' || bracket == '(') {
                // An expression up to the matching bracket: code, read after the code's own tokens.
                char closer = bracket == '{' ? '}' : ')';
                int open = 1;
                while (j < text.length() && open > 0) {
                    char d = text.charAt(j++);
                    open += d == bracket ? 1 : d == closer ? -1 : 0;
                }
                embedded.add(text.substring(i + opener.length(), open == 0 ? j - 1 : j));
                return j - i;
            }
            int start = j;
            while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                j++;
            }
            if (j > start) {
                return j - i;
            }
        }
        return 0;
    }

    private void punct(char c) {
        for (String p : MULTI_PUNCT) {
            if (text.startsWith(p, i)) {
                out.add(new Token(Token.Kind.PUNCT, p, false));
                i += p.length();
                return;
            }
        }
        i++;
        if (c == ';') {
            end();
            return;
        }
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            depth--;
        }
        out.add(new Token(Token.Kind.PUNCT, String.valueOf(c), false));
    }
}
