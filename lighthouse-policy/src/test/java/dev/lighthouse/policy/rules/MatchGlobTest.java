package dev.lighthouse.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A rule's tool and host globs: {@code *} is any run of characters, everything else literal and whole. */
class MatchGlobTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Write        | Write            | true
            Write        | WriteFile        | false
            Write        | Writ             | false
            mcp__*       | mcp__gh__issue   | true
            mcp__*__push | mcp__gh__push    | true
            mcp__*__push | mcp__gh__pull    | false
            *.example    | a.example        | true
            a*a          | a                | false
            a*a          | aa               | true
            *.example    | a.example.org    | false
            a*b*c        | abc              | true
            a*b*c        | a-b-c            | true
            a*b*c        | ac               | false
            a*b*c        | abcd             | false
            a*b*b        | ab               | false
            *b*          | abc              | true
            *b*          | ac               | false
            *b*          | bc               | true
            a*b          | xb               | false
            a**          | a                | true
            """)
    void glob_matchesWholeText(String pattern, String text, boolean matches) {
        assertThat(Match.glob(pattern, text)).as(pattern + " ~ " + text).isEqualTo(matches);
    }
}
