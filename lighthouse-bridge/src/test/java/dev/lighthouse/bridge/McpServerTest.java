package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventType;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The MCP server at {@code /mcp}, driven by the official MCP Java SDK's own client over real loopback HTTP: the
 * transport (sessions, streams, auth), each tool's happy path and refusals, and a resource subscription's push.
 */
class McpServerTest {
    @TempDir
    Path dataDir;

    private RunningBridge b;
    private final List<McpSyncClient> clients = new java.util.ArrayList<>();

    @BeforeEach
    void start() {
        b = new RunningBridge(dataDir);
    }

    @AfterEach
    void stop() {
        clients.forEach(McpSyncClient::closeGracefully);
        b.close();
    }

    private McpSyncClient client(String token) {
        return client(token, McpClient.sync(transport(token)));
    }

    private McpSyncClient client(String token, McpClient.SyncSpec spec) {
        McpSyncClient client = spec.requestTimeout(Duration.ofSeconds(20)).build();
        client.initialize();
        clients.add(client);
        return client;
    }

    private HttpClientStreamableHttpTransport transport(String token) {
        return HttpClientStreamableHttpTransport.builder(b.bridge.baseUrl())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
    }

    private String agent(String name, Role role) {
        return b.tokens.add(name, role, Instant.now()).token();
    }

    private static JsonNode structured(McpSchema.CallToolResult result) {
        return RunningBridge.JSON.valueToTree(result.structuredContent());
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @Test
    void listTools_showsEachToolWithDescriptionAndSchema_andTheResources() {
        McpSyncClient client = client(agent("builder", Role.AGENT));

        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools)
                .extracting(McpSchema.Tool::name)
                .containsExactlyInAnyOrder(
                        "lighthouse_status",
                        "check_call",
                        "review_list",
                        "review_vote",
                        "events_query",
                        "lease_acquire",
                        "lease_renew",
                        "lease_release",
                        "lease_list",
                        "elicit",
                        "elicitation_list",
                        "elicitation_respond",
                        "elicitation_cancel",
                        "task_dispatch",
                        "task_claim",
                        "task_complete",
                        "task_list",
                        "expert_register");
        McpSchema.Tool check = tools.stream()
                .filter(t -> t.name().equals("check_call"))
                .findFirst()
                .orElseThrow();
        assertThat(check.description()).contains("without making or recording it");
        assertThat(check.inputSchema()).containsEntry("required", List.of("tool", "input", "cwd"));
        assertThat(client.listResources().resources())
                .extracting(McpSchema.Resource::uri)
                .containsExactlyInAnyOrder(
                        "lighthouse://policy/active",
                        "lighthouse://decisions/recent",
                        "lighthouse://reviews/pending",
                        "lighthouse://leases");
        assertThat(client.getServerCapabilities().resources().subscribe()).isTrue();
    }

    @Test
    void status_namesTheTokensAgent_andTheSessionStartIsAnEventLinkedToItsHookSessions() {
        String token = agent("builder", Role.AGENT);
        RunningBridge.Reply hook =
                b.post("/v1/hooks/claude-code", "application/json", RunningBridge.claudeCodeBash("ls"), token);
        assertThat(hook.status()).isEqualTo(200);
        McpSyncClient client = client(token);

        JsonNode status = structured(call(client, "lighthouse_status", Map.of()));

        assertThat(status.at("/policy/name").asString()).isEqualTo("test-policy");
        assertThat(status.at("/you/agent").asString()).isEqualTo("builder");
        assertThat(status.at("/you/role").asString()).isEqualTo("agent");
        String session = status.at("/you/mcpSession").asString();
        assertThat(status.at("/you/hookSessions/0/id").asString()).isEqualTo("sess-1");
        assertThat(status.at("/you/mcpSessions/0/id").asString()).isEqualTo(session);
        Event started = b.store
                .query(EventQuery.all().type(EventType.of("mcp.session_started")))
                .events()
                .getFirst();
        assertThat(started.agent()).contains("builder");
        assertThat(started.payloadJson().path("mcpSession").asString()).isEqualTo(session);
    }

    @Test
    void checkCall_saysWhatTheBridgeWouldDecide_andRecordsNothing() {
        McpSyncClient client = client(agent("builder", Role.AGENT));

        McpSchema.CallToolResult result = call(
                client,
                "check_call",
                Map.of("tool", "Bash", "input", Map.of("command", "rm -rf ~"), "cwd", "/srv/project"));

        assertThat(result.isError()).isFalse();
        JsonNode verdict = structured(result);
        assertThat(verdict.path("decision").asString()).isEqualTo("deny");
        assertThat(verdict.path("rules").get(0).asString()).isEqualTo("delete-home-or-root");
        assertThat(verdict.path("suggestion").asString()).contains("rm -rf ./build");
        assertThat(verdict.path("recorded").asBoolean()).isFalse();
        assertThat(b.store.query(EventQuery.all().type(EventType.DECISION_MADE)).events())
                .isEmpty();
    }

    @Test
    void badArguments_areAJsonRpcErrorNamingEachFieldAndWhy() {
        McpSyncClient client = client(agent("builder", Role.AGENT));

        assertThatThrownBy(() -> call(client, "check_call", Map.of("tool", "Bash", "input", "ls", "cwd", "here")))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                    assertThat(e.getMessage()).contains("input: must be a JSON object, got a string");
                });
        assertThatThrownBy(() -> call(
                        client, "check_call", Map.of("tool", "Bash", "input", Map.of("command", "ls"), "cwd", "here")))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                    assertThat(e.getMessage()).contains("cwd: must be an absolute path");
                    assertThat(e.getJsonRpcError().data().toString()).contains("field=cwd");
                });
        assertThatThrownBy(() -> call(client, "events_query", Map.of("limit", 0, "colour", "red")))
                .isInstanceOfSatisfying(
                        McpError.class,
                        e -> assertThat(e.getMessage())
                                .contains("limit: must be 1 to 500, got 0", "colour: is not an argument of this tool"));
        assertThatThrownBy(() -> call(client, "rm_everything", Map.of()))
                .isInstanceOfSatisfying(
                        McpError.class,
                        e -> assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS));
    }

    @Test
    void reviews_listAndVote_followTheReviewApisRules() throws Exception {
        String agentToken = agent("builder", Role.AGENT);
        String expertToken = agent("sentinel", Role.EXPERT);
        String reviewerToken = agent("alice", Role.REVIEWER);
        CompletableFuture<List<McpSchema.ResourceContents>> requested = new CompletableFuture<>();
        McpSyncClient reviewer = client(
                reviewerToken, McpClient.sync(transport(reviewerToken)).resourcesUpdateConsumer(requested::complete));
        reviewer.subscribeResource(new McpSchema.SubscribeRequest("lighthouse://reviews/pending"));
        CompletableFuture<RunningBridge.Reply> held = CompletableFuture.supplyAsync(
                () -> b.post(
                        "/v1/hooks/claude-code",
                        "application/json",
                        RunningBridge.claudeCodeBash("sudo reboot"),
                        expertToken),
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        requested.get(20, TimeUnit.SECONDS);
        assertThat(held.get(20, TimeUnit.SECONDS).body()).contains("\"ask\"", "is pending");

        JsonNode pending = structured(call(reviewer, "review_list", Map.of()));
        String id = pending.at("/reviews/0/id").asString();
        assertThat(pending.at("/reviews/0/case/agent").asString()).isEqualTo("sentinel");

        McpSchema.CallToolResult byAgent =
                call(client(agentToken), "review_vote", Map.of("review", id, "verdict", "approve", "reason", "fine"));
        assertThat(byAgent.isError()).isTrue();
        assertThat(structured(byAgent).at("/error/code").asString()).isEqualTo("forbidden");

        McpSchema.CallToolResult ownCall =
                call(client(expertToken), "review_vote", Map.of("review", id, "verdict", "approve", "reason", "mine"));
        assertThat(ownCall.isError()).isTrue();
        assertThat(structured(ownCall).at("/error/code").asString()).isIn("not_eligible", "unknown_review");

        JsonNode counted = structured(
                call(reviewer, "review_vote", Map.of("review", id, "verdict", "deny", "reason", "no reboots today")));
        assertThat(counted.path("counted").asBoolean()).isTrue();
        assertThat(counted.at("/review/status").asString()).isEqualTo("denied");

        McpSchema.CallToolResult again =
                call(reviewer, "review_vote", Map.of("review", id, "verdict", "approve", "reason", "changed my mind"));
        assertThat(structured(again).at("/error/code").asString()).isIn("already_voted", "already_resolved");
        McpSchema.CallToolResult unknown =
                call(reviewer, "review_vote", Map.of("review", "r-nope", "verdict", "deny", "reason", "x"));
        assertThat(structured(unknown).at("/error/code").asString()).isEqualTo("unknown_review");
    }

    @Test
    void eventsQuery_agentsReadTheirOwnOnly() {
        String token = agent("builder", Role.AGENT);
        agent("other", Role.AGENT);
        b.post("/v1/hooks/claude-code", "application/json", RunningBridge.claudeCodeBash("ls"), token);
        McpSyncClient client = client(token);

        JsonNode own = structured(call(client, "events_query", Map.of("type", "decision.made")));
        assertThat(own.at("/events/0/agent").asString()).isEqualTo("builder");
        assertThat(own.at("/events/0/payload/tool").asString()).isEqualTo("Bash");

        McpSchema.CallToolResult other = call(client, "events_query", Map.of("agent", "other"));
        assertThat(other.isError()).isTrue();
        assertThat(structured(other).at("/error/code").asString()).isEqualTo("forbidden");
    }

    @Test
    void subscribedResource_isPushedWhenADecisionLands() throws Exception {
        String token = agent("builder", Role.AGENT);
        CompletableFuture<List<McpSchema.ResourceContents>> pushed = new CompletableFuture<>();
        McpSyncClient client =
                client(token, McpClient.sync(transport(token)).resourcesUpdateConsumer(pushed::complete));
        client.subscribeResource(new McpSchema.SubscribeRequest("lighthouse://decisions/recent"));

        b.post("/v1/hooks/claude-code", "application/json", RunningBridge.claudeCodeBash("pwd"), token);

        List<McpSchema.ResourceContents> contents = pushed.get(20, TimeUnit.SECONDS);
        String text = ((McpSchema.TextResourceContents) contents.getFirst()).text();
        assertThat(RunningBridge.JSON.readTree(text).at("/decisions/0/tool").asString())
                .isEqualTo("Bash");
        McpSchema.ReadResourceResult policy =
                client.readResource(new McpSchema.ReadResourceRequest("lighthouse://policy/active"));
        assertThat(((McpSchema.TextResourceContents) policy.contents().getFirst()).text())
                .contains("test-policy");
    }

    @Test
    void transport_refusesBeforeTheBody_andKeepsSessionsToTheirAgent() throws Exception {
        String initialize = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
                "capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}""";
        HttpResponse<String> anonymous = raw("POST", initialize, null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);

        String builder = agent("builder", Role.AGENT);
        HttpResponse<String> opened = raw("POST", initialize, builder, null);
        assertThat(opened.statusCode()).isEqualTo(200);
        String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

        assertThat(raw("POST", list, agent("intruder", Role.AGENT), session).statusCode())
                .isEqualTo(403);
        HttpResponse<String> listed = raw("POST", list, builder, session);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.headers().firstValue("content-type")).contains("text/event-stream");
        assertThat(listed.body()).contains("event: message", "lighthouse_status");
        assertThat(raw("DELETE", null, builder, session).statusCode()).isEqualTo(200);
        assertThat(raw("POST", list, builder, session).statusCode()).isEqualTo(404);
        assertThat(raw("POST", list, builder, null).statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> raw(String method, String body, String token, String session) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(b.uri("/mcp"))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            req.header("Mcp-Session-Id", session);
        }
        return b.http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }
}
