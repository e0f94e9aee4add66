package dev.lighthouse.policy.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How code is split into tokens: comments dropped, strings and command quotes one token each, statements ended. */
class CodeLexerTest {
    private static final CodeKnowledge KNOWLEDGE = InterpretersParser.builtIn();

    /** Identifiers, numbers and punctuation as written; strings in {@code <>}, commands in {@code ``}; END as ;. */
    private static String tokens(String language, String code) {
        Syntax syntax = KNOWLEDGE.language(language).orElseThrow().syntax();
        return CodeLexer.lex(syntax, code.replace("\\n", "\n")).tokens().stream()
                .map(t -> switch (t.kind()) {
                    case STRING -> "<" + t.text() + ">";
                    case COMMAND -> "`" + t.text() + "`";
                    default -> t.text();
                })
                .collect(Collectors.joining(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            python     | a /* b */ c                      | a / * b * / c
            node       | a /* b */ c                      | a c
            node       | a /* b                           | a
            node       | a // b\\nc                       | a ; c
            python     | x = 1 # c\\ny                    | x = 1 ; y
            python     | f(a,\\nb)\\nc                    | f ( a , b ) ; c
            python     | a; b;; c                         | a ; b ; c
            python     | \\n\\na\\n\\n                    | a ;
            python     | x = 1.5 + 2e3                    | x = 1.5 + 2e3
            python     | a == b != c -> d => e            | a == b != c -> d => e
            python     | a \\\\nb                         | a b
            python     | 'a\\'b' "c"                      | <a'b> <c>
            python     | r'x' rb"y" u'z' f'{v}'           | <x> <y> <z> <$CODE_VALUE> ; v ;
            python     | '''a'b''' \"\"\"c\"\"\"          | <a'b> <c>
            perl       | $< = 0; $> = 0                   | $< = 0 ; $> = 0
            perl       | print 1 if $x <$y                | print 1 if $x < $y
            perl       | my $h = $ENV{HOME}               | my $h = $ENV { HOME }
            perl       | @list %h $_x $                   | @list %h $_x $
            perl       | qx{ls -l}; q(a(b)c) qw/a b/      | `ls -l` ; <a(b)c> <a b>
            perl       | s/a/b/g; tr{a}{b}                | <a> <b> g ; <a> <b>
            perl       | s{a} {b}                         | <a> <b>
            perl       | q = 1; s, t                      | q = 1 ; s , t
            perl       | "x$y z" 'x$y'                    | <x$CODE_VALUE z> <x$y>
            perl       | `id`                             | `id`
            ruby       | %x(id) %w[a b] a % b %q{c}       | `id` <a b> a % b <c>
            ruby       | "#{a} b"                         | <$CODE_VALUE b> ; a ;
            powershell | Remove-Item -Recurse -Force $HOME | remove-item $home
            powershell | IEX $x; Get-Item a-b             | iex $x ; get-item a-b
            powershell | a - b -c                         | a - b
            """)
    void lex_splitsCodeByItsLanguagesSyntax(String language, String code, String tokens) {
        assertThat(tokens(language, code)).isEqualTo(tokens);
    }
}
