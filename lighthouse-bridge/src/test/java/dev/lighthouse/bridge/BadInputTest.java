package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input never gets a 500 and never a silent allow: hooks answer a dialect-correct deny saying what was wrong,
 * other endpoints a 4xx JSON error.
 */
class BadInputTest {
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

    static String deep(int depth) {
        return "{\"cwd\":\"/w\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\",\"x\":" + "[".repeat(depth)
                + "]".repeat(depth) + "}}";
    }

    static String huge() {
        return "{\"cwd\":\"/w\",\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"/w/a\",\"content\":\""
                + "x".repeat(2 << 20) + "\"}}";
    }

    enum Case {
        MALFORMED("application/json", "{\"tool_name\": \"Bash\", ", "not valid JSON", 400),
        WRONG_TYPE("text/plain", RunningBridge.claudeCodeBash("ls"), "Content-Type", 415),
        EMPTY("application/json", "", "empty", 400),
        HUGE("application/json", huge(), "limit is 1,048,576 bytes", 413),
        DEEP("application/json", deep(500), "nested deeper than 64", 400),
        NOT_OBJECT("application/json", "[1,2]", "JSON object", 400),
        MISSING_INPUT("application/json", "{\"cwd\":\"/w\",\"tool_name\":\"Bash\"}", "tool_input", 400),
        BASH_WITHOUT_COMMAND(
                "application/json", "{\"cwd\":\"/w\",\"tool_name\":\"Bash\",\"tool_input\":{}}", "\"command\"", 400),
        RELATIVE_CWD(
                "application/json", RunningBridge.claudeCodeBash("ls").replace("/srv/project", "srv"), "absolute", 400),
        LONG_COMMAND(
                "application/json",
                RunningBridge.claudeCodeBash("echo " + "a".repeat(70_000)),
                "the limit is 65,536",
                400);

        final String type;
        final String body;
        final String reason;
        final int nativeStatus;

        Case(String type, String body, String reason, int nativeStatus) {
            this.type = type;
            this.body = body;
            this.reason = reason;
            this.nativeStatus = nativeStatus;
        }
    }

    @ParameterizedTest
    @CsvSource({
        "MALFORMED",
        "WRONG_TYPE",
        "EMPTY",
        "HUGE",
        "DEEP",
        "NOT_OBJECT",
        "MISSING_INPUT",
        "BASH_WITHOUT_COMMAND",
        "RELATIVE_CWD",
        "LONG_COMMAND"
    })
    void hooks_badInput_denyWithReasonInEachDialect(Case c) {
        for (String dialect : new String[] {"claude-code", "codex"}) {
            var reply = running.post("/v1/hooks/" + dialect, c.type, c.body, null);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().at("/hookSpecificOutput/permissionDecision").asString())
                    .isEqualTo("deny");
            assertThat(reply.json()
                            .at("/hookSpecificOutput/permissionDecisionReason")
                            .asString())
                    .contains(c.reason);
            HookDialectsTest.assertConformsTo(dialect, reply.json());
        }
        var gemini = running.post("/v1/hooks/gemini", c.type, c.body.replace("\"PreToolUse\"", "\"BeforeTool\""), null);
        assertThat(gemini.json().path("decision").asString()).isEqualTo("deny");
        assertThat(gemini.json().path("reason").asString()).contains(c.reason);
    }

    @Test
    void native_badInput_4xxJson() {
        var malformed = running.post("/v1/decisions", "application/json", "{nope", null);
        var wrongType = running.post("/v1/decisions", "text/plain", AuthTest.nativeCall("ls"), null);
        var huge = running.post("/v1/decisions", "application/json", huge(), null);
        var deep = running.post("/v1/decisions", "application/json", deep(500), null);
        var shape = running.post("/v1/decisions", "application/json", "{\"tool\":\"Bash\"}", null);

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(deep.status()).isEqualTo(400);
        assertThat(shape.status()).isEqualTo(400);
        for (var reply : new RunningBridge.Reply[] {malformed, wrongType, huge, deep, shape}) {
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.json().at("/error/message").asString()).isNotBlank();
        }
    }

    @Test
    void unknownTool_isJudgedNotRejected() {
        var reply = running.post(
                "/v1/hooks/claude-code",
                "{\"session_id\":\"s\",\"cwd\":\"/w\",\"hook_event_name\":\"PreToolUse\","
                        + "\"tool_name\":\"FancyNewTool\",\"tool_input\":{\"x\":1}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(running.store.all().getLast().payloadJson().path("tool").asString())
                .isEqualTo("FancyNewTool");
    }

    @Test
    void unknownEndpointAndQuery_4xxJson() {
        var missing = running.get("/v1/nothing");
        var badCursor = running.get("/v1/decisions?after=yesterday");
        var badLimit = running.get("/v1/decisions?limit=0");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/error/code").asString()).isEqualTo("not_found");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badLimit.status()).isEqualTo(400);
    }

    @Test
    void storeOutage_hookDenies_nativeAnswers503() {
        running.store.failAppends(true);
        try {
            var hook = running.post("/v1/hooks/claude-code", RunningBridge.claudeCodeBash("ls -la"));
            var nativeReply = running.post("/v1/decisions", AuthTest.nativeCall("ls"));

            assertThat(hook.json().at("/hookSpecificOutput/permissionDecision").asString())
                    .isEqualTo("deny");
            assertThat(hook.json()
                            .at("/hookSpecificOutput/permissionDecisionReason")
                            .asString())
                    .contains("could not record");
            assertThat(nativeReply.status()).isEqualTo(503);
        } finally {
            running.store.failAppends(false);
        }
    }
}
