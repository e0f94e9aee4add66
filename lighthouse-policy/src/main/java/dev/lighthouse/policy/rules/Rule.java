package dev.lighthouse.policy.rules;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.verdict.Risk;
import dev.lighthouse.policy.verdict.Verdict;
import java.util.Optional;

/**
 * One compiled rule.
 *
 * @param id unique within the layered policy; a later layer's rule with the same id replaces it
 * @param verdict what it decides when it matches
 * @param risk how risky a match is
 * @param match the structural conditions
 * @param when the CEL condition, if any
 * @param reason shown to the agent
 * @param suggest a safer alternative, if any
 * @param route a review routing hint (e.g. {@code security}, {@code dba}), if any
 * @param locked later layers may not replace or disable it
 * @param origin {@code file:line} where it was written
 */
public record Rule(
        String id,
        Verdict verdict,
        Risk risk,
        Match match,
        Optional<Condition> when,
        String reason,
        Optional<String> suggest,
        Optional<String> route,
        boolean locked,
        String origin) {
    public Rule {
        requireNonNull(id, "id");
        requireNonNull(verdict, "verdict");
        requireNonNull(risk, "risk");
        requireNonNull(match, "match");
        requireNonNull(when, "when");
        requireNonNull(reason, "reason");
        requireNonNull(suggest, "suggest");
        requireNonNull(route, "route");
        requireNonNull(origin, "origin");
    }

    /** Whether the structural {@code match:} holds for this act of the call. */
    public boolean matchesStructure(Facts facts, Act act) {
        return match.matches(facts, act);
    }

    /**
     * Whether the {@code when:} condition holds (true without one). A condition that fails or runs over its budget
     * holds for review and deny rules and not for allow rules, so a broken condition never lets a call through.
     */
    public boolean conditionHolds(ConditionVariables variables) {
        return when.map(c -> c.test(variables).orElse(verdict != Verdict.ALLOW)).orElse(true);
    }

    /** The CEL variables of one act, made once per act and shared by the rules that need them. */
    public static ConditionVariables conditionVariables(Facts facts, Act act, ToolCall call) {
        return new ConditionVariables(facts, act, call);
    }
}
