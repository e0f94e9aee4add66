package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.auth.Role;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
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

/**
 * Elicitations, tasks and agent experts over MCP, driven by the official MCP Java SDK's client over loopback: agent A
 * asks agent B, B is notified on its MCP session, a misfit answer is refused naming the schema field, the answer that
 * fits is what A reads; a task is dispatched, claimed by the one registered expert and completed.
 */
class CoordinationMcpToolsTest {
    private static final Map<String, Object> SCHEMA = Map.of(
            "type",
            "object",
            "properties",
            Map.of("approved", Map.of("type", "boolean"), "note", Map.of("type", "string")),
            "required",
            List.of("approved"));

    @TempDir
    Path dataDir;

    private RunningBridge b;
    private final List<McpSyncClient> clients = new ArrayList<>();
    private final Map<String, String> tokens = new java.util.HashMap<>();

    @BeforeEach
    void start() {
        b = new RunningBridge(dataDir);
    }

    @AfterEach
    void stop() {
        clients.forEach(McpSyncClient::closeGracefully);
        b.close();
    }

    /** An MCP session of a new agent named {@code name}, with what {@code spec} adds to its client. */
    private McpSyncClient connect(String name, java.util.function.UnaryOperator<McpClient.SyncSpec> spec) {
        String token = b.tokens.add(name, Role.AGENT, Instant.now()).token();
        tokens.put(name, token);
        McpClient.SyncSpec client = McpClient.sync(HttpClientStreamableHttpTransport.builder(b.bridge.baseUrl())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build());
        McpSyncClient started =
                spec.apply(client).requestTimeout(Duration.ofSeconds(20)).build();
        started.initialize();
        clients.add(started);
        return started;
    }

    private McpSyncClient connect(String name) {
        return connect(name, s -> s);
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static JsonNode structured(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as("%s", result.content()).isFalse();
        return RunningBridge.JSON.valueToTree(result.structuredContent());
    }

    @Test
    void
            aAsksB_bIsNotified_andToldInItsNextHookAnswer_aMisfitAnswerIsRefusedNamingTheField_theFittingAnswerIsWhatAReads()
                    throws Exception {
        McpSyncClient a = connect("agent-a");
        CompletableFuture<McpSchema.LoggingMessageNotification> told = new CompletableFuture<>();
        McpSyncClient bClient = connect("agent-b", spec -> spec.loggingConsumer(told::complete));

        JsonNode asked = structured(call(
                        a,
                        "elicit",
                        Map.of(
                                "to",
                                "agent-b",
                                "question",
                                "May I bump the parser's major version?",
                                "schema",
                                SCHEMA,
                                "timeout_seconds",
                                600)))
                .path("elicitation");
        String id = asked.path("id").asString();
        assertThat(asked.path("status").asString()).isEqualTo("pending");

        McpSchema.LoggingMessageNotification notice = told.get(20, TimeUnit.SECONDS);
        assertThat(notice.logger()).isEqualTo("lighthouse.elicitation");
        assertThat(notice.data()).contains(id, "May I bump the parser's major version?", "elicitation_respond");
        // A notification is no proof that B's model read it: B's next hook answer carries the question too, once.
        RunningBridge.Reply hook = b.post(
                "/v1/hooks/claude-code", "application/json", RunningBridge.claudeCodeBash("ls"), tokens.get("agent-b"));
        RunningBridge.Reply again = b.post(
                "/v1/hooks/claude-code", "application/json", RunningBridge.claudeCodeBash("ls"), tokens.get("agent-b"));
        assertThat(RunningBridge.JSON
                        .readTree(hook.body())
                        .at("/hookSpecificOutput/additionalContext")
                        .asString())
                .contains("agent-a", id, "May I bump the parser's major version?");
        assertThat(RunningBridge.JSON
                        .readTree(again.body())
                        .at("/hookSpecificOutput/additionalContext")
                        .isMissingNode())
                .isTrue();
        assertThat(structured(call(bClient, "elicitation_list", Map.of("status", "pending")))
                        .at("/elicitations/0/id")
                        .asString())
                .isEqualTo(id);

        assertThatThrownBy(() -> call(
                        bClient,
                        "elicitation_respond",
                        Map.of("elicitation", id, "action", "accept", "content", Map.of("approved", "yes"))))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                    assertThat(e.getMessage()).contains("content/approved");
                    assertThat(e.getJsonRpcError().data().toString()).contains("field=content/approved");
                });
        McpSchema.CallToolResult byAsker = call(
                a,
                "elicitation_respond",
                Map.of("elicitation", id, "action", "accept", "content", Map.of("approved", true)));
        assertThat(byAsker.isError()).isTrue();
        assertThat(RunningBridge.JSON
                        .valueToTree(byAsker.structuredContent())
                        .at("/error/code")
                        .asString())
                .isEqualTo("not_the_asked_agent");

        JsonNode answered = structured(call(
                        bClient,
                        "elicitation_respond",
                        Map.of(
                                "elicitation",
                                id,
                                "action",
                                "accept",
                                "content",
                                Map.of("approved", true, "note", "after the release"))))
                .path("elicitation");

        assertThat(answered.path("status").asString()).isEqualTo("accepted");
        JsonNode seenByA = structured(call(a, "elicitation_list", Map.of())).at("/elicitations/0");
        assertThat(seenByA.path("status").asString()).isEqualTo("accepted");
        assertThat(seenByA.at("/answer/approved").asBoolean()).isTrue();
        assertThat(seenByA.at("/answer/note").asString()).isEqualTo("after the release");
    }

    @Test
    void elicitToAnUnknownAgent_andCancelByOthers_areRefused() {
        McpSyncClient a = connect("agent-a");
        McpSchema.CallToolResult unknown =
                call(a, "elicit", Map.of("to", "nobody", "question", "Are you there?", "schema", SCHEMA));
        assertThat(unknown.isError()).isTrue();
        assertThat(RunningBridge.JSON
                        .valueToTree(unknown.structuredContent())
                        .at("/error/code")
                        .asString())
                .isEqualTo("unknown_agent");
    }

    @Test
    void aTaskIsDispatched_claimedByTheRegisteredExpertAlone_andCompletedWithItsResult() {
        McpSyncClient dispatcher = connect("planner");
        McpSyncClient expert = connect("sentinel-agent");
        McpSyncClient other = connect("bystander");

        JsonNode registered =
                structured(call(expert, "expert_register", Map.of("capabilities", List.of("security-review"))));
        JsonNode task = structured(call(
                        dispatcher,
                        "task_dispatch",
                        Map.of(
                                "capability",
                                "security-review",
                                "title",
                                "Review the new token parser",
                                "payload",
                                Map.of("files", List.of("src/parser.c")))))
                .path("task");
        String id = task.path("id").asString();
        McpSchema.CallToolResult byOther = call(other, "task_claim", Map.of("task", id));
        JsonNode claimed = structured(call(expert, "task_claim", Map.of("capability", "security-review")))
                .path("task");
        JsonNode done = structured(call(expert, "task_complete", Map.of("task", id, "result", Map.of("findings", 0))))
                .path("task");

        assertThat(registered.path("capabilities").get(0).asString()).isEqualTo("security-review");
        assertThat(task.path("status").asString()).isEqualTo("queued");
        assertThat(byOther.isError()).isTrue();
        assertThat(RunningBridge.JSON
                        .valueToTree(byOther.structuredContent())
                        .at("/error/code")
                        .asString())
                .isEqualTo("not_capable");
        assertThat(claimed.path("id").asString()).isEqualTo(id);
        assertThat(claimed.path("claimed_by").asString()).isEqualTo("sentinel-agent");
        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(structured(call(dispatcher, "task_list", Map.of("status", "completed")))
                        .at("/tasks/0/result/findings")
                        .asInt())
                .isZero();
        assertThatThrownBy(() -> call(expert, "expert_register", Map.of("capabilities", List.of("bad name!"))))
                .isInstanceOfSatisfying(
                        McpError.class, e -> assertThat(e.getMessage()).contains("capabilities"));
    }
}
