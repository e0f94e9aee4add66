package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lighthouse load} against a loopback stand-in for the bridge: output, files and exit codes. */
class LoadCommandTest {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private HttpServer server;
    private volatile Duration delay = Duration.ZERO;

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] allow = "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"allow\"}}"
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/v1/hooks/claude-code", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                // Simulated slowness of the bridge under test, not a wait for a condition.
                Thread.sleep(delay);
                ex.sendResponseHeaders(200, allow.length);
                ex.getResponseBody().write(allow);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private int load(String... args) {
        CommandLine cmd = Lighthouse.commandLine(Map.of(), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "load";
        System.arraycopy(args, 0, all, 1, args.length);
        return cmd.execute(all);
    }

    private String[] quick(String... more) {
        String[] base = {
            "--url",
            url(),
            "--duration",
            "1s",
            "--warmup",
            "1s",
            "--agents",
            "5",
            "--think",
            "20ms",
            "--ramp",
            "0",
            "--seed",
            "3",
            "--network-errors",
            "0"
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void help_teachesPatternsModelsAndExitCodes() {
        assertThat(load("--help")).isZero();
        assertThat(out.toString())
                .contains("business_hours", "scale_test", "Closed model", "Open model", "coordinated omission")
                .contains("3 a measure regressed");
    }

    @Test
    void run_printsSummary_writesReportAndBaseline_thenGatesOnIt() {
        assertThat(load(quick(
                        "--progress",
                        "lines",
                        "--report",
                        dir.resolve("out").toString(),
                        "--save-baseline",
                        dir.resolve("base.json").toString())))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("Lighthouse load: business_hours", "latency ms", "decisions   allow");
        assertThat(err.toString()).contains("warming up", "load:   1/1s", "report written", "baseline saved");
        assertThat(dir.resolve("out/report.html")).isNotEmptyFile();
        assertThat(dir.resolve("out/result.json")).isNotEmptyFile();

        delay = Duration.ofMillis(80);
        out.getBuffer().setLength(0);
        assertThat(load(quick("--baseline", dir.resolve("base.json").toString())))
                .isEqualTo(LoadCommand.EXIT_REGRESSION);
        assertThat(out.toString()).contains("REGRESSED", "REGRESSION: latency mean");

        delay = Duration.ZERO;
        // Same stub again: with a threshold no noise on a shared machine reaches, nothing regresses.
        assertThat(load(quick("--baseline", dir.resolve("base.json").toString(), "--threshold", "100000")))
                .isZero();
    }

    @Test
    void json_printsTheResultOnStandardOutput() {
        assertThat(load(quick("--json", "--progress", "off"))).isZero();
        assertThat(out.toString()).startsWith("{").contains("\"schema_version\" : 1", "\"decisions\"");
    }

    @Test
    void unreachableBridge_exitsOne_andSaysWhy() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(load(
                        "--url",
                        "http://127.0.0.1:" + port,
                        "--duration",
                        "500ms",
                        "--agents",
                        "2",
                        "--progress",
                        "off",
                        "--save-baseline",
                        dir.resolve("none.json").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no answer from http://127.0.0.1:" + port, "lighthouse serve");
        assertThat(dir.resolve("none.json"))
                .as("a run without answers is no baseline")
                .doesNotExist();
    }

    @Test
    void badOption_isAUsageError() {
        assertThat(load("--dialect", "cursor")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown dialect \"cursor\"");
        assertThat(load("--duration", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("add a unit");
    }
}
