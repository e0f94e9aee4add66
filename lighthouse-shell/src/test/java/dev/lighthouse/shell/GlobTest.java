package dev.lighthouse.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Globs as bash matches them (each row checked with bash 5.2's {@code [[ TEXT == PATTERN ]]}). */
class GlobTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        *.txt       | notes.txt    | true
        *.txt       | notes.txt.gz | false
        a?c         | abc          | true
        a?c         | ac           | false
        [a-c]x      | bx           | true
        [!a-c]x     | bx           | false
        [!a-c]x     | dx           | true
        *a*b        | xaxxb        | true
        *a*b        | xaxxbx       | false
        ''          | ''           | true
        *           | ''           | true
        a\\*        | a*           | true
        a\\*        | ab           | false
        """)
    void matches_likeBash(String pattern, String text, boolean want) {
        assertThat(Glob.compile(pattern).orElseThrow().matches(text))
                .as(pattern + " ~ " + text)
                .isEqualTo(want);
    }

    @Test
    void matchingPrefixes_manyStarsOverALongText_isOnePass() {
        String text = "a".repeat(4_000);
        Glob many = Glob.compile("*a*a*a*a*a*a*a*a*b").orElseThrow();

        boolean[] prefixes = many.matchingPrefixes(text);

        // No prefix ends in b, so none matches; a backtracking matcher needs about 4000^9 steps to say so.
        assertThat(prefixes).doesNotContain(true);
        assertThat(Glob.compile("*a").orElseThrow().matchingPrefixes("xaya"))
                .containsExactly(false, false, true, false, true);
    }

    @Test
    void compile_tooManyElements_isRefused() {
        assertThat(Glob.compile("?".repeat(Glob.MAX_ELEMENTS + 1))).isEmpty();
    }
}
