package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.hooks.OpenCodeDialect;
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
 * What the OpenCode plugin posts, as the bridge reads it (OpenCode's tool and argument names in Lighthouse's), and the
 * golden answers the plugin acts on: {@code decision: deny} blocks, {@code allow} and {@code {}} let the call run.
 */
class OpenCodeDialectTest {
    @TempDir
    static Path dataDir;

    static RunningBridge running;

    private final OpenCodeDialect dialect = new OpenCodeDialect();

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
        RunningBridge.Reply reply = running.post("/v1/hooks/opencode", RunningBridge.openCodeBash(command));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(HookDialectsTest.withoutReviewIds(reply.json()))
                .isEqualTo(HookDialectsTest.golden("opencode/" + golden + ".json"));
        assertThat(reply.json().propertyNames()).isSubsetOf("decision", "reason");
    }

    @Test
    void hook_recordsOpenCodesCallUnderLighthouseNames() {
        running.post("/v1/hooks/opencode", RunningBridge.openCodeBash("rm -rf /"));

        JsonNode payload = running.store.all().getLast().payloadJson();
        assertThat(payload.path("channel").asString()).isEqualTo("opencode");
        assertThat(payload.path("session").asString()).isEqualTo("ses-oc-1");
        assertThat(payload.path("tool").asString()).isEqualTo("Bash");
        assertThat(payload.path("decision").asString()).isEqualTo("deny");
    }

    @Test
    void read_edit_renamesOpenCodesArguments() {
        Submission s = dialect.read(json("""
                {"hook_event_name": "tool.execute.before", "session_id": "s", "cwd": "/srv/p", "tool_name": "edit",
                 "tool_input": {"filePath": "/srv/p/a.txt", "oldString": "x", "newString": "y", "replaceAll": true}}
                """));

        assertThat(s.tool()).isEqualTo("Edit");
        assertThat(s.input()).isEqualTo(json("""
                {"file_path": "/srv/p/a.txt", "old_string": "x", "new_string": "y", "replaceAll": true}"""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            write     | Write     | {"filePath": "/srv/p/a", "content": "x"}        | {"file_path": "/srv/p/a", "content": "x"}
            read      | Read      | {"filePath": "/etc/shadow"}                     | {"file_path": "/etc/shadow"}
            glob      | Glob      | {"pattern": "**/*.java", "path": "/srv"}        | {"pattern": "**/*.java", "path": "/srv"}
            grep      | Grep      | {"pattern": "key", "path": "/srv"}              | {"pattern": "key", "path": "/srv"}
            webfetch  | WebFetch  | {"url": "https://example.com", "format": "text"} | {"url": "https://example.com", "format": "text"}
            todowrite | todowrite | {"todos": []}                                   | {"todos": []}
            """)
    void read_mapsToolsAndArguments(String tool, String lighthouse, String args, String expected) {
        Submission s = dialect.read(json("""
                {"cwd": "/srv/p", "tool_name": "%s", "tool_input": %s}""".formatted(tool, args)));

        assertThat(s.tool()).isEqualTo(lighthouse);
        assertThat(s.input()).isEqualTo(json(expected));
    }

    @ParameterizedTest(name = "workdir {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''          | /srv/p
            sub/dir     | /srv/p/sub/dir
            ../other    | /srv/other
            /tmp/x      | /tmp/x
            """)
    void read_bashWorkdir_isTheCommandsCwd(String workdir, String cwd) {
        Submission s = dialect.read(json("""
                {"cwd": "/srv/p", "tool_name": "bash", "tool_input": {"command": "rm -rf build", "workdir": "%s"}}""".formatted(workdir)));

        assertThat(s.cwd()).isEqualTo(cwd);
        assertThat(s.tool()).isEqualTo("Bash");
    }

    @Test
    void read_otherEvent_orMissingFields_isABadCall() {
        assertThatThrownBy(() -> dialect.read(json("""
                        {"hook_event_name": "tool.execute.after", "cwd": "/p", "tool_name": "bash", "tool_input": {}}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("tool.execute.before only");
        assertThatThrownBy(() -> dialect.read(json("""
                        {"cwd": "/p", "tool_name": "bash"}""")))
                .isInstanceOf(BadCall.class)
                .hasMessageContaining("tool_input");
    }

    private static JsonNode json(String text) {
        return RunningBridge.JSON.readTree(text);
    }
}
