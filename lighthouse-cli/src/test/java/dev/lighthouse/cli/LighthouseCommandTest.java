package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: help, version, completion, and configuration errors. */
class LighthouseCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cmd = Lighthouse.commandLine(env, dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void help_listsSubcommands_andExitsZero() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString())
                .contains("Usage: lighthouse")
                .contains("completion")
                .contains("config");
    }

    @Test
    void version_namesLighthouseAndJava() {
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out.toString()).startsWith("lighthouse ").contains("Java 25");
    }

    @Test
    void completion_printsBashAndZshScripts() {
        assertThat(run(Map.of(), "completion", "bash")).isZero();
        assertThat(out.toString()).contains("complete -F").contains("config");

        out.getBuffer().setLength(0);
        assertThat(run(Map.of(), "completion", "zsh")).isZero();
        assertThat(out.toString()).startsWith("autoload -U +X compinit").contains("bashcompinit");
    }

    @Test
    void brokenConfig_isOneClearLine_exitTwo() throws IOException {
        Path file = Files.writeString(dir.resolve("lighthouse.yaml"), "log:\n  levle: debug\n");

        assertThat(run(Map.of("LIGHTHOUSE_HOME", dir.toString()), "config", "show"))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("lighthouse: " + file + ":2:3: unknown key `log.levle` (did you mean `log.level`?)");
    }

    @Test
    void brokenConfig_doesNotStopHelp() throws IOException {
        Files.writeString(dir.resolve("lighthouse.yaml"), "nonsense: 1\n");

        assertThat(run(Map.of(), "config", "--help")).isZero();
    }

    @Test
    void configShow_reportsValueAndSource_ofFlagsAndEnv() {
        Map<String, String> env = Map.of("LIGHTHOUSE_LOG_LEVEL", "warn");

        assertThat(run(env, "--data-dir", dir.toString(), "config", "show")).isZero();
        assertThat(out.toString())
                .containsPattern("data-dir +" + java.util.regex.Pattern.quote(dir.toString()) + " +\\(flag\\)")
                .containsPattern("log.level +warn +\\(environment variable LIGHTHOUSE_LOG_LEVEL\\)");
    }
}
