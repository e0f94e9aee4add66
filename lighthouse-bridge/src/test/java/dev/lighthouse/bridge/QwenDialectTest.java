package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.hooks.QwenDialect;
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
 * Qwen Code's {@code PreToolUse} input as the bridge reads it (Qwen's tool names in Lighthouse's), and the golden
 * answers in the schema Qwen reads: Claude Code's {@code hookSpecificOutput.permissionDecision}, nothing else.
 */
class QwenDialectTest {
    @TempDir
    static Path dataDir;

    static RunningBridge running;

    private final QwenDialect dialect = new QwenDialect();

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
        RunningBridge.Reply reply = running.post("/v1/hooks/qwen", RunningBridge.qwenShell(command));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(HookDialectsTest.withoutReviewIds(answer))
                .isEqualTo(HookDialectsTest.golden("qwen/" + golden + ".json"));
        assertThat(answer.propertyNames()).isSubsetOf("hookSpecificOutput");
        JsonNode specific = answer.path("hookSpecificOutput");
        if (!specific.isMissingNode()) {
            assertThat(specific.propertyNames())
                    .containsExactlyInAnyOrder("hookEventName", "permissionDecision", "permissionDecisionReason");
            assertThat(specific.path("permissionDecision").asString()).isIn(Set.of("allow", "deny", "ask"));
        }
    }

    @Test
    void hook_recordsQwensCallUnderLighthouseNames() {
        running.post("/v1/hooks/qwen", RunningBridge.qwenShell("rm -rf /"));

        JsonNode payload = running.store.all().getLast().payloadJson();
        assertThat(payload.path("channel").asString()).isEqualTo("qwen");
        assertThat(payload.path("session").asString()).isEqualTo("qwen-1");
        assertThat(payload.path("cwd").asString()).isEqualTo("/srv/project");
        assertThat(payload.path("tool").asString()).isEqualTo("Bash");
        assertThat(payload.path("decision").asString()).isEqualTo("deny");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            run_shell_command | Bash       | {"command": "ls", "is_background": false}
            write_file        | Write      | {"file_path": "/p/a", "content": "x"}
            edit              | Edit       | {"file_path": "/p/a", "old_string": "x", "new_string": "y"}
            read_file         | Read       | {"file_path": "/etc/shadow", "offset": 1}
            glob              | Glob       | {"pattern": "*.pem", "path": "/srv"}
            grep_search       | Grep       | {"pattern": "key", "path": "/srv", "glob": "*.env"}
            web_fetch         | WebFetch   | {"url": "https://example.com", "prompt": "sum up"}
            web_search        | WebSearch  | {"query": "lighthouse"}
            todo_write        | todo_write | {"todos": []}
            """)
    void read_mapsToolsKeepingArguments(String tool, String lighthouse, String args) {
        Submission s = dialect.read(json("""
                {"session_id": "s", "cwd": "/p", "hook_event_name": "PreToolUse", "tool_name": "%s",
                 "tool_input": %s}""".formatted(tool, args)));

        assertThat(s.tool()).isEqualTo(lighthouse);
        assertThat(s.input()).isEqualTo(json(args));
    }

    @ParameterizedTest(name = "directory {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''          | /srv/p
            sub/dir     | /srv/p/sub/dir
            /tmp/x      | /tmp/x
            """)
    void read_shellDirectory_isTheCommandsCwd(String directory, String cwd) {
        Submission s = dialect.read(json("""
                {"cwd": "/srv/p", "tool_name": "run_shell_command",
                 "tool_input": {"command": "rm -rf build", "directory": "%s"}}""".formatted(directory)));

        assertThat(s.cwd()).isEqualTo(cwd);
    }

    @Test
    void read_otherEvent_orMissingFields_isABadCall() {
        assertThatThrownBy(() -> dialect.read(json("""
                        {"hook_event_name": "PostToolUse", "cwd": "/p", "tool_name": "edit", "tool_input": {}}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("PreToolUse only");
        assertThatThrownBy(() -> dialect.read(json("""
                        {"cwd": "/p", "tool_name": "run_shell_command"}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("tool_input");
    }

    private static JsonNode json(String text) {
        return RunningBridge.JSON.readTree(text);
    }
}
