package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Golden answers of each dialect over real HTTP, and a check of every answer against the agent's documented output
 * schema (only fields the agent knows, only values it accepts).
 */
class HookDialectsTest {
    @TempDir
    static Path dataDir;

    static RunningBridge running;

    @BeforeAll
    static void start() {
        running = new RunningBridge(dataDir);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            claude-code | deny      | rm -rf ~
            claude-code | allow     | ls -la
            claude-code | review    | sudo apt install x
            claude-code | unmatched | echo hello
            codex       | deny      | rm -rf ~
            codex       | allow     | ls -la
            codex       | review    | sudo apt install x
            codex       | unmatched | echo hello
            gemini      | deny      | rm -rf ~
            gemini      | allow     | ls -la
            gemini      | review    | sudo apt install x
            gemini      | unmatched | echo hello
            """)
    void hook_answersGoldenJson(String dialect, String golden, String command) throws IOException {
        String body =
                dialect.equals("gemini") ? RunningBridge.geminiShell(command) : RunningBridge.claudeCodeBash(command);

        RunningBridge.Reply reply = running.post("/v1/hooks/" + dialect, body);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(withoutReviewIds(reply.json())).isEqualTo(golden(dialect + "/" + golden + ".json"));
        assertConformsTo(dialect, reply.json());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"claude-code", "codex", "gemini"})
    void hook_recordsDecisionWithSessionAndCwd_beforeAnswering(String dialect) {
        String body = dialect.equals("gemini")
                ? RunningBridge.geminiShell("rm -rf /")
                : RunningBridge.claudeCodeBash("rm -rf /");
        int before = running.store.all().size();

        running.post("/v1/hooks/" + dialect, body);

        var events = running.store.all();
        assertThat(events).hasSize(before + 1);
        JsonNode payload = events.getLast().payloadJson();
        assertThat(events.getLast().type().name()).isEqualTo("decision.made");
        assertThat(payload.path("channel").asString()).isEqualTo(dialect);
        assertThat(payload.path("session").asString()).isIn("sess-1", "gem-1");
        assertThat(payload.path("cwd").asString()).isEqualTo("/srv/project");
        assertThat(payload.path("decision").asString()).isEqualTo("deny");
        assertThat(payload.path("rules").get(0).asString()).isEqualTo("delete-home-or-root");
        assertThat(events.getLast().agent()).contains("local");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"claude-code", "codex"})
    void hook_inputTooLargeToRecord_recordsItsSizeAndHash(String dialect) {
        JsonNode input = RunningBridge.JSON
                .createObjectNode()
                .put("file_path", "/srv/project/notes.txt")
                .put("content", "a".repeat(300_000));
        String body = RunningBridge.JSON.writeValueAsString(RunningBridge.JSON
                .createObjectNode()
                .put("session_id", "sess-1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Write")
                .set("tool_input", input));

        running.post("/v1/hooks/" + dialect, body);

        JsonNode recorded = running.store.all().getLast().payloadJson().path("input");
        assertThat(recorded.properties()).hasSize(2);
        assertThat(recorded.path("omittedChars").asInt())
                .isEqualTo(input.toString().length());
        assertThat(recorded.path("sha256").asString()).isEqualTo(DigestUtils.sha256Hex(input.toString()));
    }

    /** A pending review's id and deadline vary per run; goldens spell them {@code rv_ID} and {@code DEADLINE}. */
    static JsonNode withoutReviewIds(JsonNode answer) {
        return RunningBridge.JSON.readTree(answer.toString()
                .replaceAll("rv_[0-9a-f]{16}", "rv_ID")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "DEADLINE"));
    }

    static JsonNode golden(String name) throws IOException {
        try (InputStream in = HookDialectsTest.class.getResourceAsStream("/golden/" + name)) {
            return RunningBridge.JSON.readTree(in);
        }
    }

    private static final Map<String, Set<String>> TOP_LEVEL = Map.of(
            "claude-code", Set.of("hookSpecificOutput", "systemMessage", "continue", "stopReason", "suppressOutput"),
            "codex", Set.of("hookSpecificOutput", "systemMessage", "decision", "reason"),
            "gemini", Set.of("decision", "reason", "hookSpecificOutput", "systemMessage"));
    private static final Set<String> PRE_TOOL_USE_OUTPUT = Set.of(
            "hookEventName", "permissionDecision", "permissionDecisionReason", "updatedInput", "additionalContext");

    /** The documented output schemas (docs/bridge.md, from the agents' hook references). */
    static void assertConformsTo(String dialect, JsonNode answer) {
        assertThat(answer.isObject()).isTrue();
        assertThat(answer.propertyNames()).isSubsetOf(TOP_LEVEL.get(dialect));
        JsonNode specific = answer.get("hookSpecificOutput");
        switch (dialect) {
            case "claude-code", "codex" -> {
                if (specific != null) {
                    assertThat(specific.propertyNames()).isSubsetOf(PRE_TOOL_USE_OUTPUT);
                    assertThat(specific.path("hookEventName").asString()).isEqualTo("PreToolUse");
                    assertThat(specific.path("permissionDecision").asString())
                            .isIn(dialect.equals("codex") ? Set.of("deny") : Set.of("allow", "deny", "ask"));
                    assertThat(specific.path("permissionDecisionReason").asString())
                            .isNotBlank()
                            .hasSizeLessThan(10_000);
                }
            }
            case "gemini" -> {
                if (answer.has("decision")) {
                    assertThat(answer.path("decision").asString()).isIn("allow", "deny");
                    assertThat(answer.path("reason").asString()).isNotBlank();
                }
            }
            default -> throw new IllegalArgumentException(dialect);
        }
    }
}
