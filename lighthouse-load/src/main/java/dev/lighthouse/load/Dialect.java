package dev.lighthouse.load;

import java.time.Instant;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hook protocols a simulated agent can speak (docs/load.md, shared reference agent-hooks.md): where it posts, what
 * body its hook sends for a shell command, and how the answer's decision is read.
 */
public enum Dialect {
    /** Claude Code PreToolUse, tool {@code Bash}; answers {@code hookSpecificOutput.permissionDecision}. */
    CLAUDE_CODE("/v1/hooks/claude-code"),
    /** Codex CLI PreToolUse, tool {@code Bash}; allow is {@code {}}, there is no ask. */
    CODEX("/v1/hooks/codex"),
    /** Gemini CLI BeforeTool, tool {@code run_shell_command}; answers top-level {@code decision}. */
    GEMINI("/v1/hooks/gemini");

    private static final JsonMapper JSON = JsonMapper.shared();

    private final String path;

    Dialect(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Dialect fromCliName(String name) {
        for (Dialect d : values()) {
            if (d.cliName().equals(name.trim().toLowerCase(Locale.ROOT).replace('_', '-'))) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "unknown dialect \"%s\"; expected claude-code, codex or gemini".formatted(name));
    }

    /** One shell command an agent is about to run, with the session facts its hook reports. */
    public record ShellCall(String sessionId, String cwd, String command, long sequence) {}

    /** The request body this dialect's hook sends for {@code call}. */
    public byte[] body(ShellCall call, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("session_id", call.sessionId());
        root.put("transcript_path", "/home/agent/.transcripts/" + call.sessionId() + ".jsonl");
        root.put("cwd", call.cwd());
        switch (this) {
            case CLAUDE_CODE -> {
                root.put("permission_mode", "default");
                root.put("hook_event_name", "PreToolUse");
                root.put("tool_name", "Bash");
                ObjectNode input = root.putObject("tool_input");
                input.put("command", call.command());
                input.put("description", Acknowledgement.description(call.sequence()));
                root.put("tool_use_id", "toolu_%s_%d".formatted(call.sessionId(), call.sequence()));
            }
            case CODEX -> {
                root.put("hook_event_name", "PreToolUse");
                root.put("turn_id", "turn_%d".formatted(call.sequence()));
                root.put("tool_name", "Bash");
                root.putObject("tool_input").put("command", call.command());
                root.put("tool_use_id", "call_%s_%d".formatted(call.sessionId(), call.sequence()));
            }
            case GEMINI -> {
                root.put("hook_event_name", "BeforeTool");
                root.put("timestamp", now.toString());
                root.put("tool_name", "run_shell_command");
                root.putObject("tool_input").put("command", call.command());
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    /**
     * The decision a 2xx answer carries. An empty body is {@link Verdict#NONE}; a body that is not a JSON object
     * throws {@link IllegalArgumentException} (the agent would count the hook as failed).
     */
    public Verdict parse(byte[] body) {
        if (body.length == 0 || new String(body, 0, Math.min(body.length, 64)).isBlank()) {
            return Verdict.NONE;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("answer is not JSON: " + e.getOriginalMessage());
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("answer is JSON but not an object");
        }
        return switch (this) {
            case CLAUDE_CODE, CODEX -> {
                String d = root.path("hookSpecificOutput")
                        .path("permissionDecision")
                        .asString("");
                if (d.isEmpty()) {
                    // The deprecated top-level form: approve / block.
                    d = root.path("decision").asString("");
                }
                yield verdict(d, this == CODEX ? Verdict.ALLOW : Verdict.NONE);
            }
            case GEMINI -> verdict(root.path("decision").asString(""), Verdict.ALLOW);
        };
    }

    private static Verdict verdict(String word, Verdict whenAbsent) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "" -> whenAbsent;
            case "allow", "approve" -> Verdict.ALLOW;
            case "deny", "block" -> Verdict.DENY;
            case "ask" -> Verdict.ASK;
            case "defer" -> Verdict.DEFER;
            default -> throw new IllegalArgumentException("unknown decision \"%s\"".formatted(word));
        };
    }
}
