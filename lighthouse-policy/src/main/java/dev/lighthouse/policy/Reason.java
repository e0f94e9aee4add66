package dev.lighthouse.policy;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.call.Evidence;
import dev.lighthouse.policy.verdict.Verdict;

/**
 * One rule that matched a call.
 *
 * @param ruleId the rule's id, e.g. {@code delete-home}
 * @param verdict what the rule decides
 * @param message the rule's reason, shown to the agent
 * @param evidence where in the call the rule matched
 */
public record Reason(String ruleId, Verdict verdict, String message, Evidence evidence) {
    public Reason {
        requireNonNull(ruleId, "ruleId");
        requireNonNull(verdict, "verdict");
        requireNonNull(message, "message");
        requireNonNull(evidence, "evidence");
    }
}
