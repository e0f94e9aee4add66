package dev.lighthouse.bridge.hooks;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A hook's answer body in one agent's schema, serialised by Jackson databind (empty optionals left out). A record's
 * components are written in their declared order, which is the order the agents' references show.
 */
public sealed interface HookAnswer {
    /** The answers of Claude Code's {@code PreToolUse} schema, which Codex and Qwen Code share. */
    sealed interface PreToolUseShape extends HookAnswer {}

    /** {@code {}}: no decision; the agent's own permission flow decides (every agent reads it so). */
    record NoDecision() implements PreToolUseShape {}

    /** {@code {"hookSpecificOutput": {…}}}. */
    record PreToolUse(HookSpecificOutput hookSpecificOutput) implements PreToolUseShape {
        public PreToolUse {
            requireNonNull(hookSpecificOutput, "hookSpecificOutput");
        }

        static PreToolUse decision(String verb, String reason) {
            return new PreToolUse(new HookSpecificOutput(
                    "PreToolUse", Optional.of(verb), Optional.of(ClaudeCodeDialect.cap(reason)), Optional.empty()));
        }
    }

    /**
     * @param permissionDecision {@code allow}, {@code ask} or {@code deny}; absent when the answer only adds context
     * @param additionalContext given to the model whatever the verdict
     */
    record HookSpecificOutput(
            String hookEventName,
            Optional<String> permissionDecision,
            Optional<String> permissionDecisionReason,
            Optional<String> additionalContext) {
        public HookSpecificOutput {
            requireNonNull(hookEventName, "hookEventName");
        }
    }

    /** Gemini CLI's and OpenCode's plugin's top-level {@code decision} ({@code allow}, {@code deny}) and reason. */
    record DecisionAndReason(String decision, String reason) implements HookAnswer {
        public DecisionAndReason {
            requireNonNull(decision, "decision");
            reason = ClaudeCodeDialect.cap(reason);
        }
    }

    /** GitHub Copilot CLI's top-level {@code permissionDecision} ({@code allow}, {@code ask}, {@code deny}). */
    record PermissionDecision(String permissionDecision, String permissionDecisionReason) implements HookAnswer {
        public PermissionDecision {
            requireNonNull(permissionDecision, "permissionDecision");
            permissionDecisionReason = ClaudeCodeDialect.cap(permissionDecisionReason);
        }
    }

    /**
     * Cline's {@code cancel}: the call does not run, and the agent reads {@code errorMessage}. Cline runs a call unless
     * told to cancel it, so an answer that cancels nothing is {@link NoDecision}.
     */
    record Cancel(boolean cancel, String errorMessage) implements HookAnswer {
        public Cancel {
            errorMessage = ClaudeCodeDialect.cap(errorMessage);
        }

        static Cancel because(String errorMessage) {
            return new Cancel(true, errorMessage);
        }
    }
}
