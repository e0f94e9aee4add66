package dev.lighthouse.bridge.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.events.testing.SqliteStore;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.PolicyEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Agent A takes a lease over HTTP; agent B's Claude Code hook calls that write onto the leased file are denied with A
 * named, and allowed once A releases it. A real bridge on loopback, the default policy, a real SQLite store.
 */
class LeaseEnforcementTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROJECT = "/srv/project";

    @TempDir
    Path dataDir;

    private SqliteStore store;
    private Bridge bridge;
    private String tokenA;
    private String tokenB;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        issueTokens();
        start(Policies.defaultPolicy());
    }

    private void issueTokens() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        tokenA = tokens.add("agent-a", Role.AGENT, Instant.now()).token();
        tokenB = tokens.add("agent-b", Role.AGENT, Instant.now()).token();
    }

    private void start(Policy policy) {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        store = new SqliteStore(dataDir);
        bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0).withAuth(AuthMode.REQUIRED),
                        Judge.of(PolicyEngine.of(policy)),
                        store.store,
                        tokens)
                .agentHome(Path.of("/home/agent"))
                .start();
    }

    @AfterEach
    void stop() {
        stopBridge();
        http.close();
    }

    private void stopBridge() {
        bridge.stop();
        store.close();
    }

    private JsonNode acquire(String token, String... paths) {
        ObjectNode body = JSON.createObjectNode()
                .put("mode", "exclusive")
                .put("ttl_seconds", 600)
                .put("reason", "rewriting the tokenizer");
        body.putArray("paths")
                .addAll(List.of(paths).stream()
                        .map(JSON.getNodeFactory()::stringNode)
                        .toList());
        Reply reply = post("/v1/leases", body.toString(), token, true);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private String hookDecision(String token, String tool, ObjectNode input) {
        ObjectNode call = JSON.createObjectNode()
                .put("session_id", "sess-b")
                .put("transcript_path", "/tmp/t.jsonl")
                .put("cwd", PROJECT)
                .put("permission_mode", "default")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", tool)
                .put("tool_use_id", "toolu_1");
        call.set("tool_input", input);
        Reply reply = post("/v1/hooks/claude-code", call.toString(), token, true);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode out = reply.json().path("hookSpecificOutput");
        return out.path("permissionDecision").asString("none") + ": "
                + out.path("permissionDecisionReason").asString("");
    }

    private String bash(String token, String command) {
        return hookDecision(token, "Bash", JSON.createObjectNode().put("command", command));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sed -i s/a/b/ src/x.txt", "echo x > src/x.txt", "cp /tmp/y src/x.txt", "rm -r src"})
    void otherAgentsBashWrite_deniedNamingHolder_allowedAfterRelease(String command) {
        JsonNode lease = acquire(tokenA, "src/x.txt");

        String denied = bash(tokenB, command);
        String own = bash(tokenA, command);

        assertThat(denied)
                .startsWith("deny: ")
                .contains(
                        "agent-a",
                        "rewriting the tokenizer",
                        lease.path("expires").asString(),
                        "lease-held");
        assertThat(own).doesNotContain("lease-held");

        Reply released = post("/v1/leases/" + lease.path("id").asString() + "/release", "{}", tokenA, true);
        assertThat(released.status()).isEqualTo(200);
        assertThat(bash(tokenB, command)).doesNotContain("lease-held");
    }

    @Test
    void otherAgentsWriteTool_denied_readsPass() {
        acquire(tokenA, "src/x.txt");

        String write = hookDecision(
                tokenB,
                "Write",
                JSON.createObjectNode().put("file_path", PROJECT + "/src/x.txt").put("content", "new"));
        String read = hookDecision(tokenB, "Read", JSON.createObjectNode().put("file_path", PROJECT + "/src/x.txt"));
        String otherFile = bash(tokenB, "echo x > src/y.txt");

        assertThat(write).startsWith("deny: ").contains("agent-a");
        assertThat(read).doesNotContain("lease-held");
        assertThat(otherFile).doesNotContain("lease-held");
    }

    @Test
    void leaseApi_conflictAndBadInput_answer4xxWithFieldAndHolder() {
        acquire(tokenA, "src/x.txt");

        Reply conflict = post(
                "/v1/leases", "{\"project\":\"/srv/project\",\"paths\":[\"src\"],\"ttl_seconds\":60}", tokenB, false);
        Reply outside = post("/v1/leases", "{\"project\":\"/srv/project\",\"paths\":[\"../etc\"]}", tokenB, false);
        Reply tooLong = post(
                "/v1/leases", "{\"project\":\"/srv/project\",\"paths\":[\"a\"],\"ttl_seconds\":99999}", tokenB, false);
        Reply badMode =
                post("/v1/leases", "{\"project\":\"/srv/project\",\"paths\":[\"a\"],\"mode\":\"mine\"}", tokenB, false);
        Reply unknownField = post("/v1/leases", "{\"project\":\"/srv/project\",\"path\":\"a\"}", tokenB, false);
        Reply nullPath = post("/v1/leases", "{\"project\":\"/srv/project\",\"paths\":[null]}", tokenB, false);
        Reply noToken = post("/v1/leases", "{\"project\":\"/srv/project\",\"paths\":[\"a\"]}", null, false);
        Reply notHolder =
                post("/v1/leases/" + bridge.leases().list().getFirst().id() + "/release", "{}", tokenB, false);

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().at("/error/held/0/agent").asString()).isEqualTo("agent-a");
        assertThat(conflict.json().at("/error/message").asString()).contains("agent-a", "rewriting the tokenizer");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.json().at("/error/field").asString()).isEqualTo("paths");
        assertThat(tooLong.json().at("/error/field").asString()).isEqualTo("ttl_seconds");
        assertThat(badMode.json().at("/error/field").asString()).isEqualTo("mode");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().at("/error/field").asString()).isEqualTo("path");
        assertThat(nullPath.json().at("/error/field").asString()).isEqualTo("paths");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(notHolder.status()).isEqualTo(403);
        assertThat(get("/v1/leases", tokenB).json().path("leases")).hasSize(1);
    }

    @Test
    void restart_replaysLeases_andKeepsEnforcingThem() {
        JsonNode lease = acquire(tokenA, "src/*.txt");
        stopBridge();

        start(Policies.defaultPolicy());

        assertThat(get("/v1/leases", tokenB).json().at("/leases/0/id").asString())
                .isEqualTo(lease.path("id").asString());
        assertThat(bash(tokenB, "echo x > src/x.txt")).startsWith("deny: ").contains("agent-a");
    }

    @Test
    void settingsLeasesReview_asksInsteadOfDenying() {
        stopBridge();
        dataDir = dataDir.resolve("review");
        issueTokens();
        Policy review = Policy.of(List.of(
                Policies.defaultPolicy().layers().getFirst(),
                Policies.parse("team.yaml", "settings: {leases: review}\n")));
        start(review);
        acquire(tokenA, "src/x.txt");

        assertThat(bash(tokenB, "echo x > src/x.txt")).startsWith("ask: ").contains("agent-a");
    }

    // ---------------------------------------------------------------- HTTP

    private record Reply(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Reply post(String path, String body, String token, boolean withProject) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        if (withProject) {
            req.header("Lighthouse-Project", PROJECT);
        }
        return send(req.build());
    }

    private Reply get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
