package dev.lighthouse.policy;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.facts.Facts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a policy decided about one tool call, and why.
 *
 * @param verdict allow, review or deny: the strongest of the matching rules, or the policy's default
 * @param risk the highest risk of the matching rules
 * @param reasons every matching rule, strongest first; empty when the default decided
 * @param recognised the verdict is allow and every effective command of the call matched an allow rule, so the call is
 *     positively known to be safe rather than allowed only because nothing objected
 * @param suggestion a safer alternative from the strongest rule that offers one
 * @param policy the policy version that decided
 * @param elapsed time spent deciding (for a cached decision: the lookup)
 * @param cached whether the decision came from the decision cache
 * @param route for a review: the route that decides it (the policy's {@code routes:} entry named by the strongest
 *     rule, else by {@code settings.review_route}, else one human approval); empty for allow and deny
 * @param facts what the analysis found in the call, as the policy judged it (reviewers see the same)
 */
public record Decision(
        Verdict verdict,
        Risk risk,
        List<Reason> reasons,
        boolean recognised,
        Optional<String> suggestion,
        PolicyVersion policy,
        Duration elapsed,
        boolean cached,
        Optional<ReviewRoute> route,
        Facts facts) {

    public Decision {
        requireNonNull(verdict, "verdict");
        requireNonNull(risk, "risk");
        reasons = List.copyOf(reasons);
        requireNonNull(suggestion, "suggestion");
        requireNonNull(policy, "policy");
        requireNonNull(elapsed, "elapsed");
        requireNonNull(route, "route");
        requireNonNull(facts, "facts");
        if (route.isPresent() != (verdict == Verdict.REVIEW)) {
            throw new IllegalArgumentException(
                    "a review, and only a review, has a route; " + verdict + " has " + route);
        }
        if (recognised && verdict != Verdict.ALLOW) {
            throw new IllegalArgumentException("only an allow can be recognised as safe, not " + verdict);
        }
    }

    /**
     * A decision from a judge that knows no routes: an allow or a deny, or a review by one human approval on the
     * default route, answered at once (no hold), as such judges' reviews always were.
     */
    public Decision(
            Verdict verdict,
            Risk risk,
            List<Reason> reasons,
            boolean recognised,
            Optional<String> suggestion,
            PolicyVersion policy,
            Duration elapsed,
            boolean cached) {
        this(
                verdict,
                risk,
                reasons,
                recognised,
                suggestion,
                policy,
                elapsed,
                cached,
                verdict == Verdict.REVIEW
                        ? Optional.of(
                                ReviewRoute.defaults(ReviewRoute.DEFAULT_NAME).withHold(Duration.ZERO))
                        : Optional.empty(),
                Facts.unanalysed(""));
    }

    /** The rule id of a decision that ran out of its time budget ({@link PolicyEngine}): a review, never an allow. */
    public static final String BUDGET_RULE = "decision-budget";

    /** True if deciding ran out of its time budget and the call went to review unjudged. */
    public boolean overBudget() {
        return reasons.stream().anyMatch(r -> r.ruleId().equals(BUDGET_RULE));
    }

    /** The ids of the matching rules, strongest first. */
    public List<String> ruleIds() {
        return reasons.stream().map(Reason::ruleId).distinct().toList();
    }

    /** One line for the agent: the strongest reason, or a note that the default decided. */
    public String summary() {
        return reasons.isEmpty()
                ? "no rule matched; policy default is " + verdict.label()
                : reasons.getFirst().message();
    }

    Decision withTiming(Duration took, boolean fromCache) {
        return new Decision(verdict, risk, reasons, recognised, suggestion, policy, took, fromCache, route, facts);
    }
}
