package dev.lighthouse.bridge.hooks;

import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.policy.Answer;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Qwen Code's {@code PreToolUse} hook (command handler through the shell client).
 *
 * <p>Although Qwen Code grew out of Gemini CLI, its hooks speak Claude Code's protocol: the same input
 * ({@code hook_event_name: "PreToolUse"}, {@code session_id}, {@code cwd}, {@code tool_name}, {@code tool_input}) and
 * the same {@code hookSpecificOutput.permissionDecision} answer. So this dialect is Claude Code's with Qwen's tool
 * names ({@code run_shell_command} is {@code Bash}; the arguments already carry Claude Code's names). Qwen runs the hook
 * after its own approval step, so {@code allow} skips nothing there; a call no rule matched still gets {@code {}}.
 * Review is {@code ask}: an interactive session asks the user, a headless one ({@code -p}) does not run the call and
 * hands the reason to the model.
 */
public final class QwenDialect implements Dialect {
    /** Qwen Code's built-in tools (its {@code ToolNames}) and their Lighthouse names. */
    private static final Map<String, String> TOOLS = Map.of(
            "run_shell_command", "Bash",
            "write_file", "Write",
            "edit", "Edit",
            "read_file", "Read",
            "glob", "Glob",
            "grep_search", "Grep",
            "web_fetch", "WebFetch",
            "web_search", "WebSearch");

    @Override
    public String name() {
        return "qwen";
    }

    @Override
    public Submission read(JsonNode body) {
        Submission call = ClaudeCodeDialect.readPreToolUse(body);
        String tool = TOOLS.getOrDefault(call.tool(), call.tool());
        String cwd = tool.equals("Bash")
                ? Dialect.resolve(call.cwd(), Dialect.optionalText(call.input(), "directory"))
                : call.cwd();
        return new Submission(call.session(), cwd, tool, call.input(), call.project(), call.home());
    }

    /** The shell client gives up after 8 s, below the 10 s {@code timeout} it is installed with. */
    @Override
    public Duration maxHold() {
        return CodexDialect.MAX_HOLD;
    }

    /** {@code ask}: the user at the terminal may decide while the reviewers have not. */
    @Override
    public Answer pending(String reason) {
        return new Answer.Review(reason + " You may also decide here.");
    }

    @Override
    public HookAnswer.PreToolUseShape write(Answer answer) {
        return switch (answer) {
            case Answer.Allow a -> ClaudeCodeDialect.decision("allow", a.reason());
            case Answer.Unmatched _ -> new HookAnswer.NoDecision();
            case Answer.Review r -> ClaudeCodeDialect.decision("ask", r.reason());
            case Answer.Deny d -> ClaudeCodeDialect.decision("deny", d.reason());
        };
    }
}
