package dev.lighthouse.bridge.hooks;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.policy.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub Copilot CLI's {@code preToolUse} hook (camelCase form, command handler through the shell client).
 *
 * <p>Copilot reads top-level {@code permissionDecision} ({@code allow}, {@code deny}, {@code ask}) and
 * {@code permissionDecisionReason}. Like Claude Code, its {@code allow} skips Copilot's own approval, so only calls a
 * rule recognised as safe get it; a call no rule matched gets {@code {}} and Copilot's own permissions decide. Review
 * is {@code ask}: an interactive session prompts the user, a headless one ({@code -p}) does not run the call and tells
 * the model why. Copilot's tools are renamed to Lighthouse's ({@code bash} is {@code Bash}, {@code create} is
 * {@code Write}) so one policy covers every agent.
 */
public final class CopilotDialect implements Dialect {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Copilot CLI's built-in tools (its hook reference, and the tool schemas it sends the model). */
    private static final Map<String, ToolAlias> TOOLS = Map.of(
            "bash", ToolAlias.of("Bash"),
            "create", new ToolAlias("Write", Map.of("path", "file_path", "file_text", "content")),
            "edit",
                    new ToolAlias(
                            "Edit", Map.of("path", "file_path", "old_str", "old_string", "new_str", "new_string")),
            "view", new ToolAlias("Read", Map.of("path", "file_path")),
            "glob", new ToolAlias("Glob", Map.of("paths", "path")),
            "grep", new ToolAlias("Grep", Map.of("paths", "path")),
            "web_fetch", ToolAlias.of("WebFetch"));

    @Override
    public String name() {
        return "copilot";
    }

    @Override
    public Submission read(JsonNode body) {
        Dialect.requireObject(body);
        String tool = Dialect.text(body, "toolName");
        JsonNode args = arguments(body);
        Optional<ToolAlias> alias = Optional.ofNullable(TOOLS.get(tool)).filter(a -> onePath(args));
        return new Submission(
                Dialect.optionalText(body, "sessionId"),
                Dialect.text(body, "cwd"),
                alias.map(ToolAlias::tool).orElse(tool),
                alias.map(a -> a.rename(singlePath(args))).orElse(args),
                Optional.empty(),
                Optional.empty());
    }

    /** {@code toolArgs} is an object, or the JSON text of one. */
    private static JsonNode arguments(JsonNode body) {
        JsonNode args = body.get("toolArgs");
        if (args != null && args.isString()) {
            try {
                args = JSON.readTree(args.asString());
            } catch (JacksonException e) {
                throw new BadCall("toolArgs is a string but not JSON (%s)".formatted(e.getOriginalMessage()));
            }
        }
        if (args == null || args.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!args.isObject()) {
            throw new BadCall("hook input needs an object field \"toolArgs\"");
        }
        return args;
    }

    /** Grep and glob search one directory or several; Lighthouse's Grep and Glob know one. */
    private static boolean onePath(JsonNode args) {
        JsonNode paths = args.get("paths");
        return paths == null || !paths.isArray() || paths.size() <= 1;
    }

    private static JsonNode singlePath(JsonNode args) {
        JsonNode paths = args.get("paths");
        if (paths == null || !paths.isArray()) {
            return args;
        }
        ObjectNode copy = ((ObjectNode) args).deepCopy();
        if (paths.isEmpty()) {
            copy.remove("paths");
        } else {
            copy.set("paths", paths.get(0));
        }
        return copy;
    }

    /** The shell client gives up after 8 s, below the 10 s {@code timeoutSec} it is installed with. */
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
    public HookAnswer write(Answer answer) {
        return switch (answer) {
            case Answer.Allow a -> decision("allow", a.reason());
            case Answer.Unmatched _ -> new HookAnswer.NoDecision();
            case Answer.Review r -> decision("ask", r.reason());
            case Answer.Deny d -> decision("deny", d.reason());
        };
    }

    private static HookAnswer decision(String verb, String reason) {
        return new HookAnswer.PermissionDecision(verb, reason);
    }
}
