package dev.lighthouse.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DialectTest {
    private static final Dialect.ShellCall CALL =
            new Dialect.ShellCall("s-1", "/home/agent/src/infra", "ls \"a b\"", 7);
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static JsonNode body(Dialect d) {
        return JsonMapper.shared().readTree(d.body(CALL, NOW));
    }

    @ParameterizedTest
    @CsvSource({"claude-code, PreToolUse, Bash", "codex, PreToolUse, Bash", "gemini, BeforeTool, run_shell_command"})
    void body_isWhatTheAgentsHookSends(String dialect, String event, String tool) {
        JsonNode b = body(Dialect.fromCliName(dialect));

        assertThat(b.path("session_id").asString()).isEqualTo("s-1");
        assertThat(b.path("cwd").asString()).isEqualTo("/home/agent/src/infra");
        assertThat(b.path("hook_event_name").asString()).isEqualTo(event);
        assertThat(b.path("tool_name").asString()).isEqualTo(tool);
        assertThat(b.path("tool_input").path("command").asString()).isEqualTo("ls \"a b\"");
    }

    @ParameterizedTest
    @CsvSource({
        "claude-code, tool_use_id, toolu_s-1_7",
        "codex, turn_id, turn_7",
        "gemini, timestamp, 2026-11-23T10:00:00Z"
    })
    void body_carriesTheDialectsOwnFields(String dialect, String field, String value) {
        assertThat(body(Dialect.fromCliName(dialect)).path(field).asString()).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            claude-code | {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow"}} | ALLOW
            claude-code | {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask"}}   | ASK
            claude-code | {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny"}}  | DENY
            claude-code | {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"defer"}} | DEFER
            claude-code | {"decision":"block","reason":"legacy"}                                           | DENY
            claude-code | {"decision":"approve"}                                                           | ALLOW
            claude-code | {}                                                                               | NONE
            claude-code | ''                                                                               | NONE
            codex       | {}                                                                               | ALLOW
            codex       | {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny"}}  | DENY
            codex       | {"decision":"block","reason":"no"}                                               | DENY
            gemini      | {"decision":"allow"}                                                             | ALLOW
            gemini      | {"decision":"deny","reason":"no"}                                                | DENY
            gemini      | {"decision":"block","reason":"no"}                                               | DENY
            gemini      | {"decision":"ask"}                                                               | ASK
            gemini      | {}                                                                               | ALLOW
            """)
    void parse_readsTheDecisionInEachDialect(String dialect, String answer, Verdict expected) {
        assertThat(Dialect.fromCliName(dialect).parse(answer.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <html>oops</html>                                    | not JSON
            [1,2]                                                | not an object
            {"hookSpecificOutput":{"permissionDecision":"maybe"}} | unknown decision "maybe"
            """)
    void parse_rejectsWhatAnAgentCouldNotRead(String answer, String message) {
        assertThatThrownBy(() -> Dialect.CLAUDE_CODE.parse(answer.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"claude-code, CLAUDE_CODE", "claude_code, CLAUDE_CODE", "Codex, CODEX", "gemini, GEMINI"})
    void fromCliName_acceptsTheUsualSpellings(String name, Dialect expected) {
        assertThat(Dialect.fromCliName(name)).isEqualTo(expected);
    }
}
