package dev.lighthouse.bridge.hooks;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.policy.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Gemini CLI's {@code BeforeTool} hook (command handler through the shell client).
 *
 * <p>Answers top-level {@code decision} ({@code allow}/{@code deny}) and {@code reason}. Gemini's built-in tools are
 * renamed to Lighthouse's ({@code run_shell_command} is {@code Bash}) so one policy covers every agent. A call no
 * rule matched gets {@code {}} (Gemini's own confirmation applies); review is a deny with instructions, because
 * headless Gemini ends the whole run silently on ask.
 */
public final class GeminiDialect implements Dialect {
    /** Gemini's tool names and the Lighthouse names whose input fields they share. */
    private static final Map<String, String> TOOLS = Map.of(
            "run_shell_command", "Bash",
            "write_file", "Write",
            "replace", "Edit",
            "read_file", "Read",
            "glob", "Glob",
            "search_file_content", "Grep",
            "google_web_search", "WebSearch");

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public Submission read(JsonNode body) {
        Dialect.requireObject(body);
        String event = Dialect.optionalText(body, "hook_event_name");
        if (!event.isEmpty() && !event.equals("BeforeTool")) {
            throw new BadCall("hook_event_name is \"%s\"; this endpoint answers BeforeTool only".formatted(event));
        }
        String tool = Dialect.text(body, "tool_name");
        return new Submission(
                Dialect.optionalText(body, "session_id"),
                Dialect.text(body, "cwd"),
                TOOLS.getOrDefault(tool, tool),
                Dialect.object(body, "tool_input"),
                Optional.empty(),
                Optional.empty());
    }

    @Override
    public Duration maxHold() {
        return CodexDialect.MAX_HOLD;
    }

    @Override
    public Answer pending(String reason) {
        return CodexDialect.pendingDeny(reason);
    }

    @Override
    public HookAnswer write(Answer answer) {
        return decisionAndReason(answer);
    }

    /**
     * The top-level {@code decision} + {@code reason} answer that Gemini CLI and OpenCode's plugin read alike: review
     * is a deny that says how to get the call approved, no decision an empty object.
     */
    static HookAnswer decisionAndReason(Answer answer) {
        return switch (answer) {
            case Answer.Allow a -> decision("allow", a.reason());
            case Answer.Unmatched _ -> new HookAnswer.NoDecision();
            case Answer.Review r -> decision("deny", CodexDialect.withInstructions(r.reason()));
            case Answer.Deny d -> decision("deny", d.reason());
        };
    }

    private static HookAnswer decision(String verb, String reason) {
        return new HookAnswer.DecisionAndReason(verb, reason);
    }
}
