package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.hooks.CopilotDialect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * GitHub Copilot CLI's {@code preToolUse} input as the bridge reads it (Copilot's tool and argument names in
 * Lighthouse's), and the golden answers in the schema Copilot reads: top-level {@code permissionDecision} and
 * {@code permissionDecisionReason}, nothing else.
 */
class CopilotDialectTest {
    @TempDir
    static Path dataDir;

    static RunningBridge running;

    private final CopilotDialect dialect = new CopilotDialect();

    @BeforeAll
    static void start() {
        running = new RunningBridge(dataDir);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            deny      | rm -rf ~
            allow     | ls -la
            review    | sudo apt install x
            unmatched | echo hello
            """)
    void hook_answersGoldenJson(String golden, String command) throws IOException {
        RunningBridge.Reply reply = running.post("/v1/hooks/copilot", RunningBridge.copilotBash(command));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(HookDialectsTest.withoutReviewIds(answer))
                .isEqualTo(HookDialectsTest.golden("copilot/" + golden + ".json"));
        assertThat(answer.propertyNames()).isSubsetOf("permissionDecision", "permissionDecisionReason");
        if (answer.has("permissionDecision")) {
            assertThat(answer.path("permissionDecision").asString()).isIn(Set.of("allow", "deny", "ask"));
            assertThat(answer.path("permissionDecisionReason").asString())
                    .isNotBlank()
                    .hasSizeLessThan(10_000);
        }
    }

    @Test
    void hook_recordsCopilotsCallUnderLighthouseNames() {
        running.post("/v1/hooks/copilot", RunningBridge.copilotBash("rm -rf /"));

        JsonNode payload = running.store.all().getLast().payloadJson();
        assertThat(payload.path("channel").asString()).isEqualTo("copilot");
        assertThat(payload.path("session").asString()).isEqualTo("cop-1");
        assertThat(payload.path("cwd").asString()).isEqualTo("/srv/project");
        assertThat(payload.path("tool").asString()).isEqualTo("Bash");
        assertThat(payload.path("decision").asString()).isEqualTo("deny");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            create    | Write     | {"path": "/p/a", "file_text": "x"}                 | {"file_path": "/p/a", "content": "x"}
            edit      | Edit      | {"path": "/p/a", "old_str": "x", "new_str": "y"}   | {"file_path": "/p/a", "old_string": "x", "new_string": "y"}
            view      | Read      | {"path": "/etc/shadow", "view_range": [1, 5]}      | {"file_path": "/etc/shadow", "view_range": [1, 5]}
            grep      | Grep      | {"pattern": "key", "paths": "/srv"}                | {"pattern": "key", "path": "/srv"}
            grep      | Grep      | {"pattern": "key", "paths": ["/etc"]}              | {"pattern": "key", "path": "/etc"}
            grep      | grep      | {"pattern": "key", "paths": ["/etc", "/srv"]}      | {"pattern": "key", "paths": ["/etc", "/srv"]}
            glob      | Glob      | {"pattern": "*.pem"}                               | {"pattern": "*.pem"}
            web_fetch | WebFetch  | {"url": "https://example.com"}                     | {"url": "https://example.com"}
            sql       | sql       | {"description": "d", "query": "select 1"}          | {"description": "d", "query": "select 1"}
            """)
    void read_mapsToolsAndArguments(String tool, String lighthouse, String args, String expected) {
        Submission s = dialect.read(json("""
                {"sessionId": "s", "timestamp": 1, "cwd": "/p", "toolName": "%s", "toolArgs": %s}""".formatted(tool, args)));

        assertThat(s.tool()).isEqualTo(lighthouse);
        assertThat(s.input()).isEqualTo(json(expected));
    }

    @Test
    void read_toolArgsAsJsonText_isParsed() {
        Submission s = dialect.read(json("""
                {"cwd": "/p", "toolName": "bash", "toolArgs": "{\\"command\\": \\"rm -rf ~\\"}"}"""));

        assertThat(s.tool()).isEqualTo("Bash");
        assertThat(s.input().path("command").asString()).isEqualTo("rm -rf ~");
    }

    @Test
    void read_toolArgsNotAnObject_isABadCall() {
        assertThatThrownBy(() -> dialect.read(json("""
                        {"cwd": "/p", "toolName": "bash", "toolArgs": "rm -rf ~"}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("toolArgs is a string but not JSON");
        assertThatThrownBy(() -> dialect.read(json("""
                        {"cwd": "/p", "toolName": "bash", "toolArgs": [1]}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("toolArgs");
        assertThatThrownBy(() -> dialect.read(json("""
                        {"cwd": "/p", "toolArgs": {}}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("toolName");
    }

    private static JsonNode json(String text) {
        return RunningBridge.JSON.readTree(text);
    }
}
