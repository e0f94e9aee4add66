package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.Policies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command's help renders cleanly, and output ending in {@code print()} still reaches the terminal. */
class HelpTextTest {
    @TempDir
    Path dir;

    /**
     * Picocli reports a description it cannot format ({@code %} not written {@code %%}) as a {@code [picocli WARN]}
     * on the standard error it captured when its class loaded, so the help is rendered in a JVM of its own.
     */
    @Test
    void everyCommandsHelp_rendersWithoutPicocliWarnings() throws Exception {
        Process p = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RenderAllHelp.class.getName())
                .redirectErrorStream(false)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();

        assertThat(err).doesNotContain("[picocli WARN]").isEmpty();
        assertThat(out).contains("Usage: lighthouse policy apply").contains("--canary=PERCENT");
        assertThat(out.lines().filter(l -> l.startsWith("Usage: lighthouse")).count())
                .as("commands rendered")
                .isGreaterThan(30);
    }

    @Test
    void policyShowDefault_printsTheBuiltInPolicy_throughAWriterThatFlushesOnlyOnPrintln() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine cmd = Lighthouse.commandLine(Map.of(), dir);
        cmd.setOut(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true));

        assertThat(cmd.execute("policy", "show", "default")).isZero();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(Policies.defaultPolicyText());
    }

    /** Renders the help of the root command and of every subcommand, depth first, on standard output. */
    static final class RenderAllHelp {
        public static void main(String[] args) throws IOException {
            List<CommandLine> all = new ArrayList<>();
            collect(Lighthouse.commandLine(), all);
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            for (CommandLine c : all) {
                c.usage(out);
            }
            out.flush();
        }

        private static void collect(CommandLine c, List<CommandLine> into) {
            into.add(c);
            c.getSubcommands().values().forEach(s -> collect(s, into));
        }
    }
}
