package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.hooks.ClineDialect;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Cline's {@code PreToolUse} hook input as the bridge reads it (one element of Cline's array tools as Lighthouse's
 * {@code Bash}, {@code Read}, {@code WebFetch}; its {@code editor} as {@code Edit} or {@code Write}), and the golden
 * answers in the schema Cline reads: {@code cancel} with {@code errorMessage}, or {@code {}} to let the call run.
 */
class ClineDialectTest {
    @TempDir
    static Path dataDir;

    static RunningBridge running;

    private final ClineDialect dialect = new ClineDialect();

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
        RunningBridge.Reply reply = running.post("/v1/hooks/cline", RunningBridge.clineCommand(command));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(HookDialectsTest.withoutReviewIds(reply.json()))
                .isEqualTo(HookDialectsTest.golden("cline/" + golden + ".json"));
        assertThat(reply.json().propertyNames()).isSubsetOf("cancel", "errorMessage");
    }

    @Test
    void hook_recordsClinesCallUnderLighthouseNames() {
        running.post("/v1/hooks/cline", RunningBridge.clineCommand("rm -rf /"));

        JsonNode payload = running.store.all().getLast().payloadJson();
        assertThat(payload.path("channel").asString()).isEqualTo("cline");
        assertThat(payload.path("session").asString()).isEqualTo("conv-cl-1");
        assertThat(payload.path("cwd").asString()).isEqualTo("/srv/project");
        assertThat(payload.path("tool").asString()).isEqualTo("Bash");
        assertThat(payload.path("decision").asString()).isEqualTo("deny");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            run_commands      | Bash            | {"commands": ["rm -rf build"]}                           | {"commands": ["rm -rf build"], "command": "rm -rf build"}
            read_files        | Read            | {"files": [{"path": "/etc/shadow", "start_line": 1}]}    | {"file_path": "/etc/shadow", "start_line": 1}
            fetch_web_content | WebFetch        | {"requests": [{"url": "https://x.test", "prompt": "ab"}]} | {"url": "https://x.test", "prompt": "ab"}
            editor            | Edit            | {"path": "/p/a", "old_text": "x", "new_text": "y"}       | {"file_path": "/p/a", "old_string": "x", "new_string": "y"}
            editor            | Edit            | {"path": "/p/a", "new_text": "y", "insert_line": 3}      | {"file_path": "/p/a", "new_string": "y", "insert_line": 3}
            editor            | Write           | {"path": "/p/a", "new_text": "y", "old_text": null}      | {"file_path": "/p/a", "content": "y", "old_text": null}
            search_codebase   | search_codebase | {"queries": ["password"]}                                | {"queries": ["password"]}
            run_commands      | run_commands    | {"commands": []}                                         | {"commands": []}
            """)
    void read_mapsToolsAndArguments(String tool, String lighthouse, String args, String expected) {
        Submission s = dialect.read(json("""
                {"hookName": "tool_call", "taskId": "t", "workspaceRoots": ["/p"],
                 "tool_call": {"id": "c", "name": "%s", "input": %s}}""".formatted(tool, args)));

        assertThat(s.tool()).isEqualTo(lighthouse);
        assertThat(s.input()).isEqualTo(json(expected));
    }

    /**
     * Joined into one script, the first command's here-document would swallow the second, and the pair would be judged
     * as a harmless {@code cat}; Cline runs them one by one. The bridge refuses a call that carries several.
     */
    @Test
    void read_severalCommandsInOneCall_isABadCall_notOneScript() {
        assertThatThrownBy(() -> dialect.read(json("""
                        {"workspaceRoots": ["/p"], "tool_call": {"name": "run_commands", "input": {"commands": ["cat <<EOF", "rm -rf ~"]}}}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("run_commands carries 2 commands");
        assertThatThrownBy(() -> dialect.read(json("""
                        {"workspaceRoots": ["/p"], "tool_call": {"name": "read_files", "input": {"files": [{"path": "/a"}, {"path": "/b"}]}}}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("read_files carries 2 files");
    }

    @Test
    void read_badShapes_areBadCalls() {
        assertThatThrownBy(() -> dialect.read(json("""
                        {"workspaceRoots": ["/p"], "tool_call": {"name": "run_commands", "input": {"commands": "rm -rf ~"}}}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("array field \"commands\"");
        assertThatThrownBy(() -> dialect.read(json("""
                        {"workspaceRoots": ["/p"], "tool_call": {"name": "run_commands", "input": {"commands": [["rm", "-rf", "~"]]}}}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("commands as strings");
        assertThatThrownBy(() -> dialect.read(json("""
                        {"hookName": "tool_result", "workspaceRoots": ["/p"], "tool_call": {"name": "editor", "input": {}}}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("tool_call only");
        assertThatThrownBy(() -> dialect.read(json("""
                        {"hookName": "tool_call", "tool_call": {"name": "editor", "input": {}}}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("workspaceRoots");
    }

    @Test
    void hook_severalCommands_isACancel_notAnAllow() {
        RunningBridge.Reply reply = running.post("/v1/hooks/cline", """
                {"hookName": "tool_call", "workspaceRoots": ["/srv/project"],
                 "tool_call": {"name": "run_commands", "input": {"commands": ["ls", "rm -rf ~"]}}}""");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("cancel").asBoolean()).isTrue();
        assertThat(reply.json().path("errorMessage").asString())
                .contains("cannot judge this call")
                .contains("run_commands carries 2 commands");
    }

    private static JsonNode json(String text) {
        return RunningBridge.JSON.readTree(text);
    }
}
