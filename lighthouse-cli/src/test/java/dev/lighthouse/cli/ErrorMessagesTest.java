package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a user reads when something goes wrong: one line that says what, where, and what to do. */
class ErrorMessagesTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Lighthouse.commandLine(Map.of(), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void serve_portInUse_isOneLine_sayingWhatToDo() throws Exception {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream original = System.err;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
            int code = run(
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "serve",
                    "--listen",
                    "127.0.0.1:" + taken.getLocalPort());
            System.setErr(original);

            assertThat(code).isEqualTo(1);
            String port = String.valueOf(taken.getLocalPort());
            assertThat(err.toString().strip())
                    .isEqualTo("lighthouse: cannot listen on 127.0.0.1:" + port
                            + ": the port is already in use (another bridge running? stop it, or pick another"
                            + " port with --listen 127.0.0.1:PORT)");
            assertThat(logs.toString(StandardCharsets.UTF_8))
                    .doesNotContain("\tat ")
                    .doesNotContain("Exception");
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void policyFileMissing_saysNotFound_andWhereItLooked() {
        assertThat(run("policy", "apply", "team.yaml")).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("lighthouse: cannot read policy file team.yaml: not found (looked for "
                        + Path.of("team.yaml").toAbsolutePath() + ")");

        err.getBuffer().setLength(0);
        assertThat(run("policy", "validate", "team.yaml")).isEqualTo(1);
        assertThat(err.toString()).contains("team.yaml:0:0: cannot read: not found (looked for ");
    }

    @Test
    void refusalHint_namesTokensOnlyWhenATokenWouldHelp() {
        assertThat(BridgeClient.hint(401, "unauthenticated"))
                .hasValueSatisfying(h -> assertThat(h).contains("--token"));
        assertThat(BridgeClient.hint(403, "forbidden"))
                .hasValueSatisfying(h -> assertThat(h).contains("role"));
        assertThat(BridgeClient.hint(403, "not_eligible")).isEmpty();
        assertThat(BridgeClient.hint(403, "forbidden_self_review")).isEmpty();
    }
}
