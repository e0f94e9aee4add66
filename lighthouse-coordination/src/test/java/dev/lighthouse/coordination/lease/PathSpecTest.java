package dev.lighthouse.coordination.lease;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathSpecTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            *.java          | A.java         | true
            *.java          | sub/A.java     | false
            **/*.java       | sub/A.java     | true
            **/*.java       | A.java         | true
            **              | a/b/c          | true
            a?c             | abc            | true
            a?c             | a/c            | false
            src/**/x.txt    | src/x.txt      | true
            src/**/x.txt    | src/a/b/x.txt  | true
            src/**/x.txt    | src/a/b/y.txt  | false
            *               | ''             | true
            *.md            | ''             | false
            """)
    void matches_globAgainstRelativePath(String glob, String path, boolean want) {
        assertThat(PathSpec.matches(glob, path)).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /p/src/x.txt     | /p/src/x.txt     | true
            /p/src/x.txt     | /p/src/y.txt     | false
            /p/src           | /p/src/x.txt     | true
            /p/src/*.txt     | /p/src/x.txt     | true
            /p/src/*.txt     | /p/src/x.java    | false
            /p/src/*.java    | /p/src/sub       | false
            /p/src/**/*.java | /p/src/sub       | true
            /p/src/a*        | /p/src/*.java    | true
            /p/lib           | /p/src           | false
            """)
    void overlaps_isSymmetricAndExactForPlainPaths(String a, String b, boolean want) {
        assertThat(PathSpec.of(a).overlaps(PathSpec.of(b))).isEqualTo(want);
        assertThat(PathSpec.of(b).overlaps(PathSpec.of(a))).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /p/src/*.txt | /p/src/x.txt       | true
            /p/src/*     | /p/src/sub/deep.c  | true
            /p/src/*.txt | /p/src/sub/x.txt   | false
            /p/src       | /p/src/sub/deep.c  | true
            """)
    void covers_aMatchAndEverythingUnderIt(String spec, String path, boolean want) {
        PathSpec s = PathSpec.of(spec);
        assertThat(PathSpec.within(path, s.anchor()) && s.coversFromAnchor(path))
                .isEqualTo(want);
    }
}
