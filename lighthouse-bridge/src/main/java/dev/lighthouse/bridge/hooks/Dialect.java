package dev.lighthouse.bridge.hooks;

import dev.lighthouse.bridge.decision.Answer;
import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One agent's hook protocol: how its PreToolUse-style input reads and how an {@link Answer} must be written so the
 * agent acts on it. Exact schemas: {@code docs/bridge.md} and the agents' hook references.
 *
 * <p>Every answer is a JSON object the agent's schema accepts; a dialect never emits a field its agent does not
 * know. Implementations are immutable and thread-safe.
 */
public sealed interface Dialect
        permits ClaudeCodeDialect, CodexDialect, GeminiDialect, OpenCodeDialect, CopilotDialect {
    /** The path segment and event label: {@code claude-code}, {@code codex}, {@code gemini}, {@code opencode}, … */
    String name();

    /** Reads a hook's input. @throws BadCall naming the missing or mistyped field */
    Submission read(JsonNode body);

    /** The agent-schema JSON for {@code answer}. */
    ObjectNode write(Answer answer);

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

    static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadCall("hook input must be a JSON object");
        }
    }
}
