package dev.lighthouse.bridge.hooks;

import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.policy.Answer;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Codex CLI's {@code PreToolUse} hook (command handler through the shell client).
 *
 * <p>Codex acts only on deny: {@code ask} and unknown fields make it count the hook as failed and run the tool. So
 * allow is exactly {@code {}}, and review becomes a deny whose reason tells the agent how to get the call approved.
 */
public final class CodexDialect implements Dialect {
    @Override
    public String name() {
        return "codex";
    }

    @Override
    public Submission read(JsonNode body) {
        return ClaudeCodeDialect.readPreToolUse(body);
    }

    /**
     * An allow carries it in {@code additionalContext}; a deny in its reason, as by default, so that a Codex that did
     * not know the field (and so ran the tool) could never turn a deny into a run.
     */
    @Override
    public Optional<HookAnswer> write(Answer answer, String notice) {
        return switch (answer) {
            case Answer.Allow _, Answer.Unmatched _ ->
                Optional.of(Dialect.withAdditionalContext(write(answer), notice));
            case Answer.Review _, Answer.Deny _ -> Dialect.super.write(answer, notice);
        };
    }

    @Override
    public HookAnswer.PreToolUseShape write(Answer answer) {
        return switch (answer) {
            case Answer.Allow _, Answer.Unmatched _ -> new HookAnswer.NoDecision();
            case Answer.Review r -> ClaudeCodeDialect.decision("deny", withInstructions(r.reason()));
            case Answer.Deny d -> ClaudeCodeDialect.decision("deny", d.reason());
        };
    }

    /** The shell client gives up after 8 s; Codex and Gemini CLI run the call when their 10 s hook timeout passes. */
    static final Duration MAX_HOLD = Duration.ofSeconds(6);

    @Override
    public Duration maxHold() {
        return MAX_HOLD;
    }

    @Override
    public Answer pending(String reason) {
        return pendingDeny(reason);
    }

    /** A review still open where the agent cannot ask: nothing ran, retry the same call once approved. */
    static Answer pendingDeny(String reason) {
        return new Answer.Deny(reason + " The call was NOT run. Once a reviewer approves, retry exactly the same call:"
                + " it is then allowed without a new review.");
    }

    /** Review where the agent cannot ask: say that nothing ran and what to do instead. */
    static String withInstructions(String reason) {
        return reason + " The call was NOT run. Do not retry it unchanged: tell the user what you want to run and"
                + " why, and let them approve it (run it themselves or change the Lighthouse policy).";
    }
}
