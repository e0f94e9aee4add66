package dev.lighthouse.policy;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.verdict.Verdict;

/**
 * What the bridge tells an agent about one call, before it is put in the agent's dialect.
 *
 * <p>The policy says allow, review or deny; the bridge adds one distinction the dialects need: an {@link Allow} is a
 * call some rule positively recognised as safe, an {@link Unmatched} one is allowed only because no rule matched
 * (Claude Code then hears "no decision", so its own permission prompts still apply).
 */
public sealed interface Answer {
    /** One line for the agent (and the model behind it). */
    String reason();

    /** A rule recognised the call as safe. */
    record Allow(String reason) implements Answer {
        public Allow {
            requireNonNull(reason, "reason");
        }
    }

    /** No rule matched and the policy's default is allow. */
    record Unmatched(String reason) implements Answer {
        public Unmatched {
            requireNonNull(reason, "reason");
        }
    }

    /** Someone must approve the call first. */
    record Review(String reason) implements Answer {
        public Review {
            requireNonNull(reason, "reason");
        }
    }

    /** The call is refused. */
    record Deny(String reason) implements Answer {
        public Deny {
            requireNonNull(reason, "reason");
        }
    }

    /** The agent-facing answer for a policy decision: rule, reason and safer alternative in one line. */
    static Answer of(Decision d) {
        if (d.reasons().isEmpty()) {
            String text = "Lighthouse: " + d.summary() + " [policy " + d.policy() + "]";
            return switch (d.verdict()) {
                case ALLOW -> new Unmatched(text);
                case REVIEW -> new Review(text);
                case DENY -> new Deny(text);
            };
        }
        if (d.verdict() == Verdict.ALLOW && !d.recognised()) {
            // Some command of the call is allowed only by default: not enough to vouch for the whole call.
            return new Unmatched("Lighthouse: not every command is recognised as safe; policy default is allow [policy "
                    + d.policy() + "]");
        }
        Reason top = d.reasons().getFirst();
        String message = top.message().strip().replaceAll("[.]+$", "");
        String where = " [rule %s, policy %s]".formatted(top.ruleId(), d.policy());
        String alternative = d.suggestion().map(s -> " Safer alternative: " + s).orElse("");
        return switch (d.verdict()) {
            case ALLOW -> new Allow("Lighthouse allowed: " + message + where);
            case REVIEW -> new Review("Lighthouse: this call needs review: " + message + where + "." + alternative);
            case DENY -> new Deny("Lighthouse denied this call: " + message + where + "." + alternative);
        };
    }
}
