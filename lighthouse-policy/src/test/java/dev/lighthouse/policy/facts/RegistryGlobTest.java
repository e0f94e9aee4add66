package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The registry's glob: {@code *} is any run of characters, everything else literal and whole, case-insensitive as
 * both texts lower-cased in the root locale; ASCII is compared character by character, anything else lower-cased
 * whole.
 */
class RegistryGlobTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            delete       | delete           | true
            delete       | DELETE           | true
            Delete*      | delete-stack     | true
            delete       | deletes          | false
            *.py         | main.PY          | true
            *.py         | main.pyc         | false
            a*b*c        | A-B-C            | true
            a*b*c        | ac               | false
            a*b*b        | ab               | false
            *b*          | ABC              | true
            a**          | a                | true
            *            | ''               | true
            a            | ''               | false
            [a-z]        | [A-Z]            | true
            ÉCRIRE       | écrire           | true
            écrire*      | ÉCRIRE-TOUT      | true
            k            | \u212a            | true
            straße       | STRASSE          | false
            """)
    void glob_matchesWholeTextIgnoringCase(String pattern, String text, boolean matches) {
        assertThat(ProgramRegistry.glob(pattern, text))
                .as(pattern + " ~ " + text)
                .isEqualTo(matches);
        assertThat(reference(pattern, text)).as("the table itself").isEqualTo(matches);
    }

    /** The rule it follows, spelled out: a regular expression over both texts lower-cased whole. */
    private static boolean reference(String pattern, String text) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return text.toLowerCase(Locale.ROOT).matches("(?s)" + String.join(".*", parts));
    }
}
