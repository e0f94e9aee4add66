package dev.lighthouse.bridge.hooks;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.install.HookInstaller;
import dev.lighthouse.policy.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * OpenCode, through the plugin {@code lighthouse hook install --agent opencode} writes ({@code tool.execute.before}).
 *
 * <p>The plugin posts {@code {hook_event_name, session_id, call_id, cwd, tool_name, tool_input}}: OpenCode's own tool
 * name and arguments, and the session's directory. It throws, which blocks the tool and hands the message to the
 * model, when the answer's {@code decision} is {@code deny}, and lets the call through on {@code allow} or
 * {@code {}}; OpenCode's own permission rules still apply after either. A plugin cannot ask the user, so review is a
 * deny with instructions.
 */
public final class OpenCodeDialect implements Dialect {
    /** OpenCode's built-in tools (the schemas it sends the model), and their Lighthouse names. */
    private static final Map<String, ToolAlias> TOOLS = Map.of(
            "bash", ToolAlias.of("Bash"),
            "write", new ToolAlias("Write", Map.of("filePath", "file_path")),
            "edit",
                    new ToolAlias(
                            "Edit",
                            Map.of("filePath", "file_path", "oldString", "old_string", "newString", "new_string")),
            "read", new ToolAlias("Read", Map.of("filePath", "file_path")),
            "glob", ToolAlias.of("Glob"),
            "grep", ToolAlias.of("Grep"),
            "webfetch", ToolAlias.of("WebFetch"),
            "websearch", ToolAlias.of("WebSearch"));

    /** The event the plugin names; an absent name is accepted, any other is not. */
    public static final String EVENT = "tool.execute.before";

    @Override
    public String name() {
        return "opencode";
    }

    @Override
    public Submission read(JsonNode body) {
        Submission call = readPluginCall(body, EVENT);
        ToolAlias alias = TOOLS.get(call.tool());
        return new Submission(
                call.session(),
                workdir(call.cwd(), call.tool(), call.input()),
                alias == null ? call.tool() : alias.tool(),
                alias == null ? call.input() : alias.rename(call.input()),
                Optional.empty(),
                Optional.empty());
    }

    /** What the plugin posts, in OpenCode's own tool names. */
    private static Submission readPluginCall(JsonNode body, String expectedEvent) {
        Dialect.requireObject(body);
        String event = Dialect.optionalText(body, "hook_event_name");
        if (!event.isEmpty() && !event.equals(expectedEvent)) {
            throw new BadCall(
                    "hook_event_name is \"%s\"; this endpoint answers %s only".formatted(event, expectedEvent));
        }
        return new Submission(
                Dialect.optionalText(body, "session_id"),
                Dialect.text(body, "cwd"),
                Dialect.text(body, "tool_name"),
                Dialect.object(body, "tool_input"),
                Optional.empty(),
                Optional.empty());
    }

    /** OpenCode's bash runs in its {@code workdir} argument when given. */
    private static String workdir(String cwd, String tool, JsonNode input) {
        return tool.equals("bash") ? Dialect.resolve(cwd, Dialect.optionalText(input, "workdir")) : cwd;
    }

    /** OpenCode sets no limit on a plugin; the plugin sends its own in {@link HookInstaller#MAX_WAIT_HEADER}. */
    @Override
    public Duration maxHold() {
        return Duration.ofSeconds(HookInstaller.MAX_TIMEOUT_SECONDS - 10);
    }

    @Override
    public Answer pending(String reason) {
        return CodexDialect.pendingDeny(reason);
    }

    @Override
    public HookAnswer write(Answer answer) {
        return GeminiDialect.decisionAndReason(answer);
    }
}
