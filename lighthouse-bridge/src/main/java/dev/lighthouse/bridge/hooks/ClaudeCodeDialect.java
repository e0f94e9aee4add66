package dev.lighthouse.bridge.hooks;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.install.HookInstaller;
import dev.lighthouse.policy.Answer;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Claude Code's {@code PreToolUse} hook (command or HTTP handler).
 *
 * <p>Answers {@code hookSpecificOutput.permissionDecision}: {@code allow} only for calls a rule recognised as safe
 * (Claude Code treats a hook's allow as skipping its own permission prompt), {@code ask} for review (the user is
 * prompted; headless runs do not run the call), {@code deny} with the reason. A call no rule matched gets {@code {}},
 * no decision, so Claude Code's own permission flow applies — unless configured to answer allow.
 */
public final class ClaudeCodeDialect implements Dialect {
    /** What Claude Code hears about a call no rule matched (config {@code hooks.claude-code.unmatched}). */
    public enum Unmatched {
        /** {@code {}}: Claude Code's own permission rules and prompts decide. */
        NO_DECISION,
        /** {@code allow}: skip Claude Code's prompt for everything the policy does not stop. */
        ALLOW
    }

    private final Unmatched unmatched;

    public ClaudeCodeDialect(Unmatched unmatched) {
        this.unmatched = requireNonNull(unmatched, "unmatched");
    }

    @Override
    public String name() {
        return "claude-code";
    }

    @Override
    public Submission read(JsonNode body) {
        return readPreToolUse(body);
    }

    /**
     * Below Claude Code's longest hook timeout; an installed hook sends its own, shorter limit in
     * {@link HookInstaller#MAX_WAIT_HEADER}.
     */
    @Override
    public Duration maxHold() {
        return Duration.ofSeconds(HookInstaller.MAX_TIMEOUT_SECONDS - 10);
    }

    /** {@code ask}: the user at the terminal may decide while the reviewers have not. */
    @Override
    public Answer pending(String reason) {
        return new Answer.Review(reason + " You may also decide here.");
    }

    /** Claude Code's PreToolUse input; Codex sends the same shape. */
    static Submission readPreToolUse(JsonNode body) {
        return read(body, "PreToolUse");
    }

    /** Claude Code's PostToolUse input: the call that ran, in the same fields as before it ran. */
    public static Submission readPostToolUse(JsonNode body) {
        return read(body, "PostToolUse");
    }

    private static Submission read(JsonNode body, String expected) {
        Dialect.requireObject(body);
        String event = Dialect.optionalText(body, "hook_event_name");
        if (!event.isEmpty() && !event.equals(expected)) {
            throw new BadCall("hook_event_name is \"%s\"; this endpoint answers %s only".formatted(event, expected));
        }
        return new Submission(
                Dialect.optionalText(body, "session_id"),
                Dialect.text(body, "cwd"),
                Dialect.text(body, "tool_name"),
                Dialect.object(body, "tool_input"),
                Optional.empty(),
                Optional.empty());
    }

    /** In {@code additionalContext}, which reaches the model with any verdict (an allow stays an allow). */
    @Override
    public Optional<HookAnswer> write(Answer answer, String notice) {
        return Optional.of(Dialect.withAdditionalContext(write(answer), notice));
    }

    @Override
    public HookAnswer.PreToolUseShape write(Answer answer) {
        return switch (answer) {
            case Answer.Allow a -> decision("allow", a.reason());
            case Answer.Unmatched u ->
                switch (unmatched) {
                    case NO_DECISION -> new HookAnswer.NoDecision();
                    case ALLOW -> decision("allow", u.reason());
                };
            case Answer.Review r -> decision("ask", r.reason());
            case Answer.Deny d -> decision("deny", d.reason());
        };
    }

    static HookAnswer.PreToolUse decision(String verb, String reason) {
        return HookAnswer.PreToolUse.decision(verb, reason);
    }

    /** Claude Code moves output strings over 10,000 characters to a file; keep reasons well under. */
    static String cap(String reason) {
        return reason.length() <= 4000 ? reason : reason.substring(0, 3999) + "…";
    }
}
