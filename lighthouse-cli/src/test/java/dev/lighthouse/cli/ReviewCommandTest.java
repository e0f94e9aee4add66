package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "done when": {@code lighthouse serve} runs as a real process with a route that needs 2 of 3 reviewers;
 * a {@code terraform apply} sent to the Claude Code hook is held until two {@code lighthouse review approve} runs
 * with two reviewer tokens release it as allow, and {@code lighthouse events query --type review.verdict} shows both
 * signed verdicts.
 */
@Timeout(180)
class ReviewCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cmd = Lighthouse.commandLine(Map.of("LIGHTHOUSE_HOME", dir.toString()), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private String token(String name, String role) {
        assertThat(run("--data-dir", dir.resolve("data").toString(), "agents", "add", name, "--role", role))
                .isZero();
        Matcher m = Pattern.compile("lh_[A-Za-z0-9_-]{43}").matcher(out.toString());
        assertThat(m.find()).isTrue();
        return m.group();
    }

    @Test
    void serve_twoOfThreeReviewersApproveFromTheCli_releasesTheHeldCallAsAllow() throws Exception {
        String data = dir.resolve("data").toString();
        String agent = token("builder", "agent");
        String alice = token("alice", "reviewer");
        String bob = token("bob", "reviewer");
        token("carol", "reviewer");
        Path team = dir.resolve("team.yaml");
        Files.writeString(team, """
                routes:
                  production_deployment:
                    reviewers: [human]
                    quorum: 2
                    wait: 90s
                """);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process serve = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.lighthouse.cli.Lighthouse",
                        "--data-dir",
                        data,
                        "--set",
                        "server.listen=127.0.0.1:" + port,
                        "--set",
                        "policy.files=" + team,
                        "serve")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve.log").toFile())
                .start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            awaitReady(http, url, serve);
            CompletableFuture<HttpResponse<String>> held = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(url + "/v1/hooks/claude-code"))
                            .header("Authorization", "Bearer " + agent)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(hook("terraform apply -auto-approve")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            String id = awaitPendingReview(url, alice);
            assertThat(run("review", "show", id, "--url", url, "--token", alice))
                    .isZero();
            assertThat(out.toString()).contains("terraform apply -auto-approve", "production_deployment", "2 veto");

            assertThat(run("review", "approve", id, "--reason", "plan checked", "--url", url, "--token", alice))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString()).contains("your approve counted", "pending, 1 of 2");
            assertThat(held).isNotDone();
            assertThat(run("review", "approve", id, "--reason", "change window open", "--url", url, "--token", bob))
                    .isZero();
            assertThat(out.toString()).contains("approved, 2 of 2");

            JsonNode answer = JSON.readTree(held.get().body());
            assertThat(answer.at("/hookSpecificOutput/permissionDecision").asString())
                    .isEqualTo("allow");
            assertThat(answer.at("/hookSpecificOutput/permissionDecisionReason").asString())
                    .contains("alice: plan checked", "bob: change window open");

            assertThat(run("review", "approve", id, "--reason", "me too", "--url", url, "--token", alice))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("review " + id + " was already approved");
            assertThat(run("review", "show", "rv_unknown", "--url", url, "--token", alice))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("no review rv_unknown");
            assertThat(run("review", "list", "--url", url, "--token", agent)).isEqualTo(1);
            assertThat(err.toString()).contains("may not review calls");
        } finally {
            serve.destroy();
            serve.waitFor();
        }
        assertThat(run("--data-dir", data, "events", "query", "--type", "review.verdict", "--json"))
                .isZero();
        List<JsonNode> verdicts = out.toString()
                .lines()
                .filter(l -> l.startsWith("{"))
                .map(JSON::readTree)
                .toList();
        String all = out.toString();
        assertThat(all).contains("\"reviewer\":\"alice\"", "\"reviewer\":\"bob\"", "\"signature\":\"", "token:alice:");
        assertThat(verdicts).isNotEmpty();
        assertThat(run("review", "list", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);
        assertThat(err.toString()).contains("no bridge answers", "lighthouse serve");
    }

    private static void awaitReady(HttpClient http, String url, Process serve) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(serve.isAlive()).as("lighthouse serve exited").isTrue();
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(url + "/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100); // polling a starting process; no work is simulated
        }
        throw new AssertionError("lighthouse serve did not get ready");
    }

    private String awaitPendingReview(String url, String token) throws InterruptedException {
        while (true) {
            assertThat(run("review", "list", "--json", "--url", url, "--token", token))
                    .as(err.toString())
                    .isZero();
            JsonNode reviews = JSON.readTree(out.toString()).path("reviews");
            if (!reviews.isEmpty()) {
                return reviews.get(0).path("id").asString();
            }
            Thread.sleep(50); // waiting for the hook request to reach the bridge
        }
    }

    private static String hook(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", "s1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash")
                .set("tool_input", JSON.createObjectNode().put("command", command)));
    }
}
