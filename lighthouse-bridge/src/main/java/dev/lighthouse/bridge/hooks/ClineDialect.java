package dev.lighthouse.bridge.hooks;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.policy.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cline's CLI, through the hook file {@code lighthouse hook install --agent cline} writes ({@code .cline/hooks/PreToolUse},
 * which runs the shell client).
 *
 * <p>Cline sends {@code {hookName: "tool_call", taskId, workspaceRoots, tool_call: {id, name, input}, preToolUse}} and
 * reads {@code {"cancel": true, "errorMessage": …}} as "do not run this": Cline then ends the whole task, and the model
 * does not hear the reason (the user does, and the bridge records it). Allow and no decision are {@code {}}. A hook
 * cannot ask the user, so review is a cancel with instructions.
 *
 * <p>Cline's tools take arrays ({@code run_commands} runs each of its {@code commands} in turn, {@code read_files}
 * reads several files). A call with one element maps onto Lighthouse's {@code Bash}, {@code Read} or {@code WebFetch};
 * a call with several is refused rather than judged as one script, where a trailing backslash or an unterminated
 * here-document in one command would swallow the next.
 */
public final class ClineDialect implements Dialect {
    /** The hook name Cline gives a tool call's hook; an absent name is accepted, any other is not. */
    public static final String EVENT = "tool_call";

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
        Submission call = readToolCall(body);
        return one(call.tool(), call.input())
                .map(item -> switch (call.tool()) {
                    case "run_commands" -> bash(call, item);
                    case "read_files" -> withTool(call, READ, item);
                    default -> withTool(call, FETCH, item);
                })
                .orElseGet(() -> call.tool().equals("editor") ? editor(call) : call);
    }

    private static Submission readToolCall(JsonNode body) {
        Dialect.requireObject(body);
        String hook = Dialect.optionalText(body, "hookName");
        if (!hook.isEmpty() && !hook.equals(EVENT)) {
            throw new BadCall("hookName is \"%s\"; this endpoint answers %s only".formatted(hook, EVENT));
        }
        JsonNode call = Dialect.object(body, "tool_call");
        JsonNode roots = body.path("workspaceRoots");
        if (!roots.isArray() || roots.isEmpty() || !roots.get(0).isString()) {
            throw new BadCall("hook input needs workspaceRoots, an array with the workspace's path first");
        }
        return new Submission(
                Dialect.optionalText(body, "taskId"),
                roots.get(0).asString(),
                Dialect.text(call, "name"),
                Dialect.object(call, "input"),
                Optional.empty(),
                Optional.empty());
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
            throw new BadCall("%s carries %d %s; Lighthouse judges one at a time: run them in separate calls"
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

    /** The shell client gives up after 8 s, far below Cline's 120 s for a hook file (past which the call runs). */
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
        return switch (answer) {
            case Answer.Allow _, Answer.Unmatched _ -> new HookAnswer.NoDecision();
            case Answer.Review r -> cancel(CodexDialect.withInstructions(r.reason()));
            case Answer.Deny d -> cancel(d.reason());
        };
    }

    private static HookAnswer cancel(String reason) {
        return HookAnswer.Cancel.because(reason);
    }
}
