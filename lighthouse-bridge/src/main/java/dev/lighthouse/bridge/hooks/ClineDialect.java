package dev.lighthouse.bridge.hooks;

import dev.lighthouse.bridge.decision.Answer;
import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cline's CLI, through the plugin {@code lighthouse hook install --agent cline} writes (a {@code beforeTool} hook).
 *
 * <p>The plugin posts what OpenCode's does, {@code {hook_event_name, session_id, call_id, cwd, tool_name,
 * tool_input}}, and reads the same {@code decision} + {@code reason} answer: on {@code deny} it skips the tool and Cline
 * hands the reason to the model as the tool's error; {@code allow} and {@code {}} let the call run. A plugin cannot
 * ask the user, so review is a deny with instructions.
 *
 * <p>Cline's tools take arrays ({@code run_commands} runs each of its {@code commands} in turn, {@code read_files}
 * reads several files): the plugin asks for each element on its own, so one call here carries one command, file or
 * URL, which maps onto Lighthouse's {@code Bash}, {@code Read} or {@code WebFetch}. A call that still carries several
 * is refused rather than judged as one script, where a trailing backslash or an unterminated here-document in one
 * command would swallow the next.
 */
public final class ClineDialect implements Dialect {
    /** The event the plugin names; an absent name is accepted, any other is not. */
    public static final String EVENT = "beforeTool";

    /** Cline's tools whose one argument is an array of independent items, and that argument. */
    private static final Map<String, String> ARRAYS =
            Map.of("run_commands", "commands", "read_files", "files", "fetch_web_content", "requests");

    private static final ToolAlias READ = new ToolAlias("Read", Map.of("path", "file_path"));
    private static final ToolAlias FETCH = ToolAlias.of("WebFetch");
    private static final ToolAlias EDIT =
            new ToolAlias("Edit", Map.of("path", "file_path", "old_text", "old_string", "new_text", "new_string"));
    private static final ToolAlias WRITE = new ToolAlias("Write", Map.of("path", "file_path", "new_text", "content"));

    @Override
    public String name() {
        return "cline";
    }

    @Override
    public Submission read(JsonNode body) {
        Submission call = OpenCodeDialect.readPluginCall(body, EVENT);
        return one(call.tool(), call.input())
                .map(item -> switch (call.tool()) {
                    case "run_commands" -> bash(call, item);
                    case "read_files" -> withTool(call, READ, item);
                    default -> withTool(call, FETCH, item);
                })
                .orElseGet(() -> call.tool().equals("editor") ? editor(call) : call);
    }

    /** The one item of an array tool's call; empty for other tools and for an empty array. */
    private static Optional<JsonNode> one(String tool, JsonNode input) {
        String field = ARRAYS.get(tool);
        if (field == null) {
            return Optional.empty();
        }
        JsonNode items = input.path(field);
        if (!items.isArray()) {
            throw new BadCall("%s needs an array field \"%s\"".formatted(tool, field));
        }
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.size() > 1) {
            throw new BadCall("%s carries %d %s; Lighthouse's Cline plugin asks for each one on its own"
                    .formatted(tool, items.size(), field));
        }
        return Optional.of(items.get(0));
    }

    private static Submission bash(Submission call, JsonNode command) {
        if (!command.isString()) {
            throw new BadCall("run_commands needs its commands as strings, got " + command.getNodeType());
        }
        ObjectNode input = ((ObjectNode) call.input()).deepCopy();
        input.put("command", command.asString());
        return withTool(call, ToolAlias.of("Bash"), input);
    }

    /** {@code editor} replaces {@code old_text} or inserts at {@code insert_line}; with neither it writes a file. */
    private static Submission editor(Submission call) {
        boolean edits = call.input().path("old_text").isString()
                || call.input().path("insert_line").isNumber();
        return withTool(call, edits ? EDIT : WRITE, call.input());
    }

    private static Submission withTool(Submission call, ToolAlias alias, JsonNode input) {
        if (!input.isObject()) {
            throw new BadCall("%s needs objects in its array, got %s".formatted(call.tool(), input.getNodeType()));
        }
        return new Submission(
                call.session(), call.cwd(), alias.tool(), alias.rename(input), call.project(), call.home());
    }

    /**
     * Cline gives a plugin's hook 3 s and ends the whole run when it takes longer; the plugin stops waiting before
     * that, so the bridge answers at once and never holds a call for its reviewers.
     */
    @Override
    public Duration maxHold() {
        return Duration.ZERO;
    }

    @Override
    public Answer pending(String reason) {
        return CodexDialect.pendingDeny(reason);
    }

    @Override
    public ObjectNode write(Answer answer) {
        return GeminiDialect.decisionAndReason(answer);
    }
}
