package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secrets are found where they are, and only there (issue 26, item 4). */
class SecretsTest {
    private static String marked(String text) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Secrets.Found f : Secrets.find(text)) {
            out.append(text, at, f.start())
                    .append('<')
                    .append(text, f.start(), f.end())
                    .append('>');
            at = f.end();
        }
        return out.append(text.substring(at)).toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            PGPASSWORD=hunter2 psql -h db                      | PGPASSWORD=<hunter2> psql -h db
            export API_TOKEN="a b c"; run                       | export API_TOKEN=<"a b c">; run
            mysql --password=s3cret -u root                     | mysql --password=<s3cret> -u root
            tool --token abc123 --verbose                       | tool --token <abc123> --verbose
            git clone https://bob:pa55@github.com/x/y           | git clone https://bob:<pa55>@github.com/x/y
            curl -H 'token ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8' | curl -H 'token <ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8>'
            PATH=/usr/bin:/bin ls                               | PATH=/usr/bin:/bin ls
            git log --pretty=oneline                            | git log --pretty=oneline
            https://github.com/x/y                              | https://github.com/x/y
            PGPASSWORD=[redacted credential hmac:0123] psql     | PGPASSWORD=[redacted credential hmac:0123] psql
            PGPASSWORD= psql                                    | PGPASSWORD= psql
            PGPASSWORD=                                         | PGPASSWORD=
            tool --token abc; API_TOKEN=def run                 | tool --token <abc>; API_TOKEN=<def> run
            tool --token                                        | tool --token
            tool --token=                                       | tool --token=
            tool --token --verbose                              | tool --token --verbose
            tool --token:abc                                    | tool --token:abc
            tool --tokens abc                                   | tool --tokens abc
            TOKEN=a&&b                                          | TOKEN=<a>&&b
            `TOKEN=a|b`                                         | `TOKEN=<a>|b`
            TOKEN=a)b                                           | TOKEN=<a>)b
            TOKEN=a;b                                           | TOKEN=<a>;b
            TOKEN="a b                                          | TOKEN=<"a b>
            `TOKEN='x' y`                                       | `TOKEN=<'x'> y`
            `TOKEN="[redacted credential]"`                     | `TOKEN="[redacted credential]"`
            ssh://bob:x@h                                       | ssh://bob:<x>@h
            ssh://bob:@h                                        | ssh://bob:@h
            ssh://bob:x/y@h                                     | ssh://bob:x/y@h
            ssh://bob:x@                                        | ssh://bob:<x>@
            ssh://bob:x                                         | ssh://bob:x
            """)
    void find_marksTheSecretOnly(String text, String expected) {
        assertThat(marked(text)).isEqualTo(expected);
    }

    @Test
    void find_aPrivateKey_isTheWholeBlock() {
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----";

        assertThat(Secrets.find("cat > id <<EOF\n" + key + "\nEOF"))
                .singleElement()
                .satisfies(f -> assertThat(f.end() - f.start()).isEqualTo(key.length()));
    }

    @Test
    void find_aPrivateKeyWithoutItsEnd_runsToTheEndOfTheText() {
        String text = "cat <<EOF\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk";

        assertThat(Secrets.find(text))
                .singleElement()
                .satisfies(f -> assertThat(f.end()).isEqualTo(text.length()));
    }

    @Test
    void find_aPrivateKeyWithAnEndLine_stopsAfterIt() {
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----";

        assertThat(Secrets.find(key + "\nafter"))
                .singleElement()
                .satisfies(f -> assertThat(f.end()).isEqualTo(key.length()));
    }

    @Test
    void find_longTextsWithoutSecrets_areScannedOnce() {
        String letters = "A".repeat(64 * 1024);
        String equals = "PASSWORD".repeat(8 * 1024) + "=";

        assertThat(Secrets.find(letters)).isEmpty();
        assertThat(Secrets.find(equals)).isEmpty();
        assertThat(Secrets.find("--".repeat(32 * 1024))).isEmpty();
        assertThat(Secrets.find("://".repeat(20 * 1024))).isEqualTo(List.of());
    }
}
