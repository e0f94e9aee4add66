package dev.lighthouse.policy.code;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a language writes comments, strings and command quotes: all {@link CodeLexer} needs to tell code from data.
 *
 * @param lineComments what starts a comment to the end of the line ({@code #}, {@code //}, {@code --})
 * @param blockComments pairs of opener and closer ({@code /*} and <code>*&#47;</code>, {@code --[[} and {@code ]]})
 * @param quotes the characters that open and close a string
 * @param commandQuote a character whose quoted text is a shell command ({@code `} in Perl, Ruby and PHP); 0 if none
 * @param tripleQuotes whether {@code '''} and {@code """} open strings (Python)
 * @param stringPrefixes letters that may stand right before a quote ({@code f}, {@code r}, {@code b} in Python);
 *     {@code f} makes the string interpolated
 * @param interpolation what opens a run-time part inside double quotes or template strings ({@code #{}, {@code ${},
 *     {@code $}, {@code {}); empty if none
 * @param sigils characters that start a variable name ({@code $} in Perl and PHP)
 * @param quoteOperators Perl's {@code q qq qw qx s tr} and Ruby's {@code %q %w %x}: the operator, then any
 *     delimiter; each maps to one of {@link #QUOTE_KINDS}: {@code string}, {@code command} (shell text) or
 *     {@code substitution} (two strings: {@code s/a/b/}, {@code s{a}{b}})
 * @param parenlessCalls whether a call may take its arguments without brackets ({@code system "ls"} in Perl, Ruby)
 * @param nameJoiners characters that join the parts of one name when a letter follows them ({@code -} in
 *     PowerShell's {@code Invoke-Expression}); empty if none
 * @param caseInsensitive whether names are the same whatever their case (PowerShell: {@code IEX} is {@code iex}); the
 *     lexer gives such names in lower case, and the language's calls are written in lower case
 * @param dashParameters whether a word that starts with {@code -} after a space names a parameter, not an argument
 *     (PowerShell's {@code Remove-Item -Recurse -Force $HOME}: the path is {@code $HOME}); such words are left out
 */
public record Syntax(
        List<String> lineComments,
        List<List<String>> blockComments,
        String quotes,
        char commandQuote,
        boolean tripleQuotes,
        String stringPrefixes,
        List<String> interpolation,
        String sigils,
        Map<String, String> quoteOperators,
        boolean parenlessCalls,
        String nameJoiners,
        boolean caseInsensitive,
        boolean dashParameters) {
    public Syntax {
        requireNonNull(nameJoiners, "nameJoiners");
        lineComments = List.copyOf(lineComments);
        blockComments = blockComments.stream().map(List::copyOf).toList();
        requireNonNull(quotes, "quotes");
        requireNonNull(stringPrefixes, "stringPrefixes");
        interpolation = List.copyOf(interpolation);
        requireNonNull(sigils, "sigils");
        quoteOperators = Map.copyOf(quoteOperators);
        for (String kind : quoteOperators.values()) {
            if (!QUOTE_KINDS.contains(kind)) {
                throw new IllegalArgumentException("a quote operator is one of " + QUOTE_KINDS + ", not " + kind);
            }
        }
        for (List<String> pair : blockComments) {
            if (pair.size() != 2) {
                throw new IllegalArgumentException("a block comment is an opener and a closer, not " + pair);
            }
        }
    }

    /** Keys of {@link #quoteOperators} values. */
    public static final Set<String> QUOTE_KINDS = Set.of("string", "command", "substitution");
}
