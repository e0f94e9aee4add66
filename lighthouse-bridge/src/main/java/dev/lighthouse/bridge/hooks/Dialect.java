package dev.lighthouse.bridge.hooks;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.policy.Answer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One agent's hook protocol: how its PreToolUse-style input reads and how an {@link Answer} must be written so the
 * agent acts on it. Exact schemas: {@code docs/bridge.md} and the agents' hook references.
 *
 * <p>Every answer is a JSON object the agent's schema accepts; a dialect never emits a field its agent does not
 * know. Implementations are immutable and thread-safe.
 */
public sealed interface Dialect
        permits ClaudeCodeDialect,
                CodexDialect,
                GeminiDialect,
                OpenCodeDialect,
                CopilotDialect,
                QwenDialect,
                ClineDialect {
    /** The path segment and event label: {@code claude-code}, {@code codex}, {@code gemini}, {@code opencode}, … */
    String name();

    /** Reads a hook's input. @throws BadCall naming the missing or mistyped field */
    Submission read(JsonNode body);

    /** The agent-schema answer body for {@code answer}. */
    HookAnswer write(Answer answer);

    /**
     * {@code answer} with {@code notice}: a message for the agent about something other than this call (a question
     * another agent asked it), which must not change the verdict. Empty when the answer has no channel for it; the
     * bridge then tries again with the agent's next call.
     *
     * <p>Default: appended to the reason of a deny or a review, which the agent reads anyway; an allow carries none,
     * since a reason added to an allow is not read by every agent's model.
     */
    default Optional<HookAnswer> write(Answer answer, String notice) {
        return switch (answer) {
            case Answer.Deny d -> Optional.of(write(new Answer.Deny(d.reason() + "\n\n" + notice)));
            case Answer.Review r -> Optional.of(write(new Answer.Review(r.reason() + "\n\n" + notice)));
            case Answer.Allow _, Answer.Unmatched _ -> Optional.empty();
        };
    }

    /**
     * {@code written} with {@code notice} as {@code hookSpecificOutput.additionalContext}: Claude Code and Codex give
     * it to the model whatever the verdict, so an allowed call stays allowed.
     */
    static HookAnswer.PreToolUse withAdditionalContext(HookAnswer.PreToolUseShape written, String notice) {
        Optional<String> context = Optional.of(ClaudeCodeDialect.cap(notice));
        return switch (written) {
            case HookAnswer.NoDecision _ ->
                new HookAnswer.PreToolUse(
                        new HookAnswer.HookSpecificOutput("PreToolUse", Optional.empty(), Optional.empty(), context));
            case HookAnswer.PreToolUse(HookAnswer.HookSpecificOutput out) ->
                new HookAnswer.PreToolUse(new HookAnswer.HookSpecificOutput(
                        out.hookEventName(), out.permissionDecision(), out.permissionDecisionReason(), context));
        };
    }

    /** The longest the bridge may hold this agent's hook for a review verdict, below the agent's hook timeout. */
    Duration maxHold();

    /**
     * The answer while a review is still open after the hold: {@code reason} names the review and who decides it.
     * Agents that can ask their user get a review; the others a deny that tells them to retry after approval.
     */
    Answer pending(String reason);

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isString()) {
            throw new BadCall("hook input needs a string field \"%s\"".formatted(field));
        }
        return value.asString();
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isString() ? value.asString() : "";
    }

    static JsonNode object(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isObject()) {
            throw new BadCall("hook input needs an object field \"%s\"".formatted(field));
        }
        return value;
    }

    /**
     * The directory a command runs in when its tool names one ({@code dir}, absolute or relative to {@code cwd}): that
     * is the command's cwd, not the session's. {@code cwd} itself when {@code dir} is blank.
     */
    static String resolve(String cwd, String dir) {
        if (dir.isBlank()) {
            return cwd;
        }
        try {
            return Path.of(cwd).resolve(dir).normalize().toString();
        } catch (InvalidPathException e) {
            throw new BadCall("working directory \"%s\" is not a path: %s".formatted(dir, e.getReason()));
        }
    }

    static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadCall("hook input must be a JSON object");
        }
    }
}
