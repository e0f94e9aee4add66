package dev.lighthouse.bridge.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.events.testing.SqliteStore;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lease tools over MCP, driven by the official MCP Java SDK's client over loopback: agent A takes a lease with
 * {@code lease_acquire}; agent B's Claude Code hook call {@code sed -i} on the file is denied naming A, and allowed
 * once A calls {@code lease_release}. A real bridge, the default policy, a real SQLite store.
 */
class LeaseMcpToolsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROJECT = "/srv/project";

    @TempDir
    Path dataDir;

    private SqliteStore store;
    private Bridge bridge;
    private String tokenA;
    private String tokenB;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<McpSyncClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        tokenA = tokens.add("agent-a", Role.AGENT, Instant.now()).token();
        tokenB = tokens.add("agent-b", Role.AGENT, Instant.now()).token();
        store = new SqliteStore(dataDir);
        bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0).withAuth(AuthMode.REQUIRED),
                        Judge.of(PolicyEngine.of(Policies.defaultPolicy())),
                        store.store,
                        tokens)
                .agentHome(Path.of("/home/agent"))
                .start();
    }

    @AfterEach
    void stop() {
        clients.forEach(McpSyncClient::closeGracefully);
        bridge.stop();
        store.close();
        http.close();
    }

    private McpSyncClient client(String token) {
        return client(token, McpClient.sync(transport(token, false)));
    }

    private McpSyncClient client(String token, McpClient.SyncSpec spec) {
        McpSyncClient client = spec.requestTimeout(Duration.ofSeconds(20)).build();
        client.initialize();
        clients.add(client);
        return client;
    }

    private HttpClientStreamableHttpTransport transport(String token, boolean withProject) {
        HttpRequest.Builder headers = HttpRequest.newBuilder().header("Authorization", "Bearer " + token);
        if (withProject) {
            headers.header("Lighthouse-Project", PROJECT);
        }
        return HttpClientStreamableHttpTransport.builder(bridge.baseUrl())
                .endpoint("/mcp")
                .requestBuilder(headers)
                .build();
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static JsonNode structured(McpSchema.CallToolResult result) {
        return JSON.valueToTree(result.structuredContent());
    }

    private static Map<String, Object> lease(String... paths) {
        return Map.of(
                "paths",
                List.of(paths),
                "mode",
                "exclusive",
                "ttl_seconds",
                600,
                "reason",
                "rewriting the tokenizer",
                "project",
                PROJECT);
    }

    private String bash(String token, String command) {
        ObjectNode call = JSON.createObjectNode()
                .put("session_id", "sess-b")
                .put("transcript_path", "/tmp/t.jsonl")
                .put("cwd", PROJECT)
                .put("permission_mode", "default")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash")
                .put("tool_use_id", "toolu_1");
        call.putObject("tool_input").put("command", command);
        HttpRequest request = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/hooks/claude-code"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Lighthouse-Project", PROJECT)
                .POST(HttpRequest.BodyPublishers.ofString(call.toString()))
                .build();
        try {
            HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            JsonNode out = JSON.readTree(reply.body()).path("hookSpecificOutput");
            return out.path("permissionDecision").asString("none") + ": "
                    + out.path("permissionDecisionReason").asString("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void leaseTakenOverMcp_deniesAnotherAgentsSedNamingTheHolder_untilReleasedOverMcp() {
        McpSyncClient a = client(tokenA);

        McpSchema.CallToolResult acquired = call(a, "lease_acquire", lease("src/x.txt"));

        assertThat(acquired.isError()).as("%s", acquired.content()).isFalse();
        JsonNode held = structured(acquired).path("lease");
        assertThat(held.path("agent").asString()).isEqualTo("agent-a");
        assertThat(held.path("paths").get(0).asString()).isEqualTo(PROJECT + "/src/x.txt");
        String id = held.path("id").asString();

        assertThat(bash(tokenB, "sed -i s/a/b/ src/x.txt"))
                .startsWith("deny: ")
                .contains(
                        "agent-a",
                        "rewriting the tokenizer",
                        held.path("expires").asString());
        assertThat(bash(tokenA, "sed -i s/a/b/ src/x.txt")).doesNotContain("agent-a holds");

        McpSchema.CallToolResult listed = call(client(tokenB), "lease_list", Map.of("agent", "agent-a"));
        assertThat(structured(listed).at("/leases/0/id").asString()).isEqualTo(id);

        McpSchema.CallToolResult released = call(a, "lease_release", Map.of("lease", id));

        assertThat(released.isError()).isFalse();
        assertThat(bash(tokenB, "sed -i s/a/b/ src/x.txt")).doesNotStartWith("deny");
        assertThat(structured(call(a, "lease_list", Map.of())).path("leases")).isEmpty();
    }

    @Test
    void renew_movesTheExpiry_andOnlyTheHolderMayRenewOrRelease() {
        McpSyncClient a = client(tokenA);
        McpSyncClient b = client(tokenB);
        JsonNode held = structured(call(a, "lease_acquire", lease("src/x.txt"))).path("lease");
        String id = held.path("id").asString();

        JsonNode renewed = structured(call(a, "lease_renew", Map.of("lease", id, "ttl_seconds", 3600)))
                .path("lease");
        McpSchema.CallToolResult byB = call(b, "lease_release", Map.of("lease", id));

        assertThat(Instant.parse(renewed.path("expires").asString()))
                .isAfter(Instant.parse(held.path("expires").asString()));
        assertThat(byB.isError()).isTrue();
        assertThat(structured(byB).at("/error/code").asString()).isEqualTo("not_holder");
        assertThat(structured(call(b, "lease_renew", Map.of("lease", "lease-0000000000000000")))
                        .at("/error/code")
                        .asString())
                .isEqualTo("unknown_lease");
    }

    @Test
    void domainRefusals_areToolErrors_conflictNamingTheHolderInStructuredForm_outsideProject_ttlOverMaximum() {
        McpSyncClient a = client(tokenA);
        McpSyncClient b = client(tokenB);
        call(a, "lease_acquire", lease("src/**"));

        McpSchema.CallToolResult conflict = call(b, "lease_acquire", lease("src/x.txt"));
        McpSchema.CallToolResult outside =
                call(b, "lease_acquire", Map.of("paths", List.of("../../etc/passwd"), "project", PROJECT));
        McpSchema.CallToolResult tooLong = call(
                b,
                "lease_acquire",
                Map.of("paths", List.of("docs/a.md"), "project", PROJECT, "ttl_seconds", 5 * 24 * 3600));

        assertThat(conflict.isError()).isTrue();
        assertThat(structured(conflict).at("/error/code").asString()).isEqualTo("lease_conflict");
        assertThat(structured(conflict).at("/error/message").asString())
                .contains("agent-a holds", "rewriting the tokenizer");
        // The holders in structured form too, as /v1/leases's conflict body names them.
        JsonNode held = structured(conflict).at("/error/held");
        assertThat(held).hasSize(1);
        assertThat(held.get(0).path("agent").asString()).isEqualTo("agent-a");
        assertThat(held.get(0).path("reason").asString()).isEqualTo("rewriting the tokenizer");
        assertThat(held.get(0).path("paths").get(0).asString()).isEqualTo(PROJECT + "/src/**");
        assertThat(held.get(0).path("expires").asString()).isNotBlank();
        assertThat(structured(conflict).at("/error/field").asString()).isEqualTo("paths");
        assertThat(structured(outside).at("/error/code").asString()).isEqualTo("outside_project");
        assertThat(structured(tooLong).at("/error/code").asString()).isEqualTo("ttl_over_maximum");
        assertThat(structured(call(b, "lease_list", Map.of())).path("leases")).hasSize(1);
    }

    @Test
    void badArguments_nameTheField() {
        McpSyncClient a = client(tokenA);

        assertThatThrownBy(() -> call(a, "lease_acquire", Map.of("paths", "src/x.txt", "project", PROJECT)))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                    assertThat(e.getMessage()).contains("paths: must be an array of strings, got a string");
                });
        assertThatThrownBy(() ->
                        call(a, "lease_acquire", Map.of("paths", List.of("a"), "mode", "mine", "project", PROJECT)))
                .isInstanceOfSatisfying(
                        McpError.class,
                        e -> assertThat(e.getMessage()).contains("mode: must be one of exclusive, shared"));
        assertThatThrownBy(() -> call(a, "lease_acquire", Map.of("paths", List.of("src/x.txt"))))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getMessage()).contains("project: is required");
                    assertThat(e.getJsonRpcError().data().toString()).contains("field=project");
                });
        assertThatThrownBy(() -> call(a, "lease_release", Map.of()))
                .isInstanceOfSatisfying(
                        McpError.class, e -> assertThat(e.getMessage()).contains("lease: is required"));
    }

    @Test
    void projectDefaultsToTheClientsLighthouseProjectHeader() {
        McpSyncClient a = client(tokenA, McpClient.sync(transport(tokenA, true)));

        JsonNode held = structured(call(a, "lease_acquire", Map.of("paths", List.of("README.md"))))
                .path("lease");

        assertThat(held.path("project").asString()).isEqualTo(PROJECT);
        assertThat(held.path("mode").asString()).isEqualTo("exclusive");
    }

    @Test
    void leasesResource_isPushedToSubscribersWhenALeaseChanges() throws Exception {
        CompletableFuture<List<McpSchema.ResourceContents>> pushed = new CompletableFuture<>();
        McpSyncClient watcher =
                client(tokenB, McpClient.sync(transport(tokenB, false)).resourcesUpdateConsumer(pushed::complete));
        watcher.subscribeResource(new McpSchema.SubscribeRequest("lighthouse://leases"));

        call(client(tokenA), "lease_acquire", lease("src/x.txt"));

        pushed.get(20, TimeUnit.SECONDS);
        McpSchema.TextResourceContents text = (McpSchema.TextResourceContents)
                watcher.readResource(new McpSchema.ReadResourceRequest("lighthouse://leases"))
                        .contents()
                        .getFirst();
        assertThat(JSON.readTree(text.text()).at("/leases/0/agent").asString()).isEqualTo("agent-a");
    }
}
