package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.bridge.limits.RateLimits;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventType;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18's hardening, over real HTTP: bodies, encodings, Retry-After, refused-call events, the agent's home. */
class HardeningTest {
    @TempDir
    Path dataDir;

    private static RunningBridge.Reply send(RunningBridge running, String path, byte[] body, String encoding) {
        HttpRequest.Builder req = HttpRequest.newBuilder(running.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            req.header("Content-Encoding", encoding);
        }
        return running.send(req.build());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] deflate(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String decision(RunningBridge.Reply reply) {
        return reply.json().at("/hookSpecificOutput/permissionDecision").asString();
    }

    private static String reason(RunningBridge.Reply reply) {
        return reply.json().at("/hookSpecificOutput/permissionDecisionReason").asString();
    }

    @Test
    void duplicateKeys_refused_hookSaysWhyInItsDialect_nativeIs400() {
        // The agent would run "ls"; a reader taking the first key would judge "rm -rf ~". Neither is guessed.
        String body = "{\"cwd\":\"/w\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"rm -rf ~\","
                + "\"command\":\"ls\"}}";
        try (RunningBridge running = new RunningBridge(dataDir)) {
            var hook = send(running, "/v1/hooks/claude-code", body.getBytes(StandardCharsets.UTF_8), null);
            var nativeReply = send(
                    running,
                    "/v1/decisions",
                    "{\"tool\":\"Bash\",\"tool\":\"Read\",\"input\":{\"command\":\"ls\"},\"cwd\":\"/w\"}"
                            .getBytes(StandardCharsets.UTF_8),
                    null);

            assertThat(decision(hook)).isEqualTo("deny");
            assertThat(reason(hook)).contains("same key twice").contains("line 1");
            assertThat(nativeReply.status()).isEqualTo(400);
            assertThat(nativeReply.json().at("/error/message").asString()).contains("same key twice");
        }
    }

    @Test
    void malformedJson_reasonCarriesNoParserInternals() {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            var hook = send(running, "/v1/hooks/codex", "{\"tool_name\": tru".getBytes(StandardCharsets.UTF_8), null);

            assertThat(decision(hook)).isEqualTo("deny");
            assertThat(reason(hook))
                    .contains("not valid JSON at line 1")
                    .doesNotContain("Unrecognized token", "jackson", "Source:", "REDACTED", "StreamReadFeature");
        }
    }

    @Test
    void gzipAndDeflateBodies_areDecoded_otherEncodingsRefusedWithA415() throws IOException {
        String call = RunningBridge.claudeCodeBash("ls -la");
        try (RunningBridge running = new RunningBridge(dataDir)) {
            assertThat(decision(send(running, "/v1/hooks/claude-code", gzip(call), "gzip")))
                    .isEqualTo("allow");
            assertThat(decision(send(running, "/v1/hooks/claude-code", deflate(call), "deflate")))
                    .isEqualTo("allow");

            var hook = send(running, "/v1/hooks/gemini", call.getBytes(StandardCharsets.UTF_8), "br");
            var nativeReply =
                    send(running, "/v1/decisions", AuthTest.nativeCall("ls").getBytes(), "br");

            assertThat(hook.status()).isEqualTo(200);
            assertThat(hook.json().path("decision").asString()).isEqualTo("deny");
            assertThat(hook.json().path("reason").asString()).contains("Content-Encoding \"br\"");
            assertThat(nativeReply.status()).isEqualTo(415);
            assertThat(nativeReply.contentType()).startsWith("application/json");
        }
    }

    @Test
    void gzipBomb_refusedAtTheSizeLimit() throws IOException {
        String call = "{\"cwd\":\"/w\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\",\"x\":\""
                + " ".repeat(4 << 20) + "\"}}";
        try (RunningBridge running = new RunningBridge(dataDir)) {
            var reply = send(running, "/v1/decisions", gzip(call), "gzip");

            assertThat(reply.status()).isEqualTo(413);
        }
    }

    @Test
    void every429_saysWhenToRetry() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String agent = tokens.add("busy", Role.AGENT, Instant.parse("2026-11-23T09:00:00Z"))
                .token();
        var rates = RateLimits.defaults();
        rates.put(Role.AGENT, OptionalLong.of(2));
        try (RunningBridge running =
                new RunningBridge(dataDir, c -> c.withAuth(AuthMode.REQUIRED).withRates(rates))) {
            RunningBridge.Reply last = null;
            for (int i = 0; i < 3; i++) {
                last = running.send(HttpRequest.newBuilder(running.uri("/v1/decisions"))
                        .header("Authorization", "Bearer " + agent)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(AuthTest.nativeCall("ls")))
                        .build());
            }

            assertThat(last.status()).isEqualTo(429);
            assertThat(running.http
                            .sendAsync(
                                    HttpRequest.newBuilder(running.uri("/v1/decisions"))
                                            .header("Authorization", "Bearer " + agent)
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(AuthTest.nativeCall("ls")))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding())
                            .join()
                            .headers()
                            .firstValue("Retry-After"))
                    .hasValue("30");
        }
    }

    @Test
    void refusedCalls_becomeOneEventPerCallerReasonAndSecond_withTheirCount() {
        RunningBridge running = new RunningBridge(dataDir);
        for (int i = 0; i < 25; i++) {
            running.get("/v1/reviews", null);
            running.get("/v1/decisions", "lh_wrong");
        }
        running.close();

        List<Event> refused = running.store.all().stream()
                .filter(e -> e.type().equals(new EventType("call.refused")))
                .toList();
        long local = refused.stream()
                .filter(e -> e.payloadJson().path("agent").asString().equals("local"))
                .mapToLong(e -> e.payloadJson().path("count").asLong())
                .sum();
        long unauthenticated = refused.stream()
                .filter(e -> e.payloadJson().path("agent").asString().equals("(unauthenticated)"))
                .mapToLong(e -> e.payloadJson().path("count").asLong())
                .sum();

        assertThat(local).isEqualTo(25);
        assertThat(unauthenticated).isEqualTo(25);
        assertThat(refused.size())
                .as("one event per caller, reason and second, not per call")
                .isLessThan(50);
        assertThat(refused.getFirst().payloadJson().has("second")).isTrue();
    }

    @Test
    void hookHomeHeader_isTheHomeTildeMeans_elseTheBridgesOwn() {
        Judge judge = Judge.of(PolicyEngine.of(Policies.defaultPolicy()));
        MemoryEventStore store = new MemoryEventStore();
        try (Bridge bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        judge,
                        store,
                        AgentTokens.inDataDir(dataDir))
                .agentHome(Path.of("/home/bridge"))
                .start()) {
            // The denied call last: the session remembers a denial, and would review a later call reaching /tmp/ci.
            RunningBridge.Reply without = post(bridge, "rm -rf /tmp/ci", null);
            RunningBridge.Reply unexpanded = post(bridge, "rm -rf /tmp/ci", "$HOME");
            RunningBridge.Reply withHome = post(bridge, "rm -rf /tmp/ci", "/tmp/ci");

            assertThat(decision(withHome))
                    .as("the agent's home, under /tmp, is still a home")
                    .isEqualTo("deny");
            assertThat(decision(without))
                    .as("without the header /tmp/ci is scratch space")
                    .isEqualTo("allow");
            assertThat(decision(unexpanded)).isEqualTo("allow");
        }
    }

    @Test
    void theBridgesOwnAddressAndDataDir_areInTheFactsOfEveryCall() throws IOException {
        Judge judge = Judge.of(PolicyEngine.of(Policies.defaultPolicy()));
        try (Bridge bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        judge,
                        new MemoryEventStore(),
                        AgentTokens.inDataDir(dataDir))
                .agentHome(Path.of("/home/bridge"))
                .start()) {
            RunningBridge.Reply curl = post(bridge, "curl -s " + bridge.baseUrl() + "/v1/reviews", null);
            RunningBridge.Reply read = post(bridge, "cat " + dataDir.resolve("agents.json"), null);
            RunningBridge.Reply other = post(bridge, "curl -s http://127.0.0.1:1/v1/reviews", null);

            assertThat(reason(curl)).contains("Self-protection");
            assertThat(decision(read)).isEqualTo("deny");
            assertThat(reason(read)).contains("Self-protection");
            assertThat(reason(other)).doesNotContain("Self-protection");
        }
        assertThat(Files.exists(dataDir.resolve("owner.token"))).isTrue();
    }

    private static RunningBridge.Reply post(Bridge bridge, String command, String home) {
        HttpRequest.Builder req = HttpRequest.newBuilder(
                        java.net.URI.create(bridge.baseUrl() + "/v1/hooks/claude-code"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RunningBridge.claudeCodeBash(command)));
        if (home != null) {
            req.header("Lighthouse-Home", home);
        }
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var r = http.send(req.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new RunningBridge.Reply(
                    r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
