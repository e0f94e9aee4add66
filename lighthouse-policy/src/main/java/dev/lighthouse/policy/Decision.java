package dev.lighthouse.policy;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Risk;
import dev.lighthouse.policy.verdict.Verdict;
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
     * A decision of {@code verdict} by {@code policy}; the rest is named on the builder: {@code
     * Decision.of(Verdict.DENY, version).risk(Risk.CRITICAL).reasons(reasons).facts(facts).build()}. Unless set, the
     * risk is the one the verdict implies, there are no reasons, no suggestion, nothing is recognised as safe, the
     * decision took no time and is not from the cache, the facts are unanalysed, and a review goes by one human
     * approval on the default route, answered at once (no hold), as the reviews of judges that know no routes always
     * were.
     */
    public static Builder of(Verdict verdict, PolicyVersion policy) {
        return new Builder(verdict, policy);
    }

    /** Names each part of a {@link Decision}; not thread-safe, one per decision. */
    public static final class Builder {
        private final Verdict verdict;
        private final PolicyVersion policy;
        private Risk risk;
        private List<Reason> reasons = List.of();
        private boolean recognised;
        private Optional<String> suggestion = Optional.empty();
        private Duration elapsed = Duration.ZERO;
        private boolean cached;
        private Optional<ReviewRoute> route;
        private Facts facts = Facts.unanalysed("");

        private Builder(Verdict verdict, PolicyVersion policy) {
            this.verdict = verdict;
            this.policy = policy;
            this.risk = Risk.impliedBy(verdict);
            this.route = verdict == Verdict.REVIEW
                    ? Optional.of(ReviewRoute.defaults(ReviewRoute.DEFAULT_NAME).withHold(Duration.ZERO))
                    : Optional.empty();
        }

        public Builder risk(Risk risk) {
            this.risk = risk;
            return this;
        }

        /** The matching rules' reasons, strongest first. */
        public Builder reasons(List<Reason> reasons) {
            this.reasons = reasons;
            return this;
        }

        /** Whether every act of the call matched an allow rule (only an allow can be). */
        public Builder recognisedAsSafe(boolean recognised) {
            this.recognised = recognised;
            return this;
        }

        public Builder suggestion(Optional<String> suggestion) {
            this.suggestion = suggestion;
            return this;
        }

        /** Time spent deciding, and whether the decision came from the cache. */
        public Builder took(Duration elapsed, boolean fromCache) {
            this.elapsed = elapsed;
            this.cached = fromCache;
            return this;
        }

        /** For a review, the route that decides it; empty for allow and deny. */
        public Builder route(Optional<ReviewRoute> route) {
            this.route = route;
            return this;
        }

        public Builder facts(Facts facts) {
            this.facts = facts;
            return this;
        }

        public Decision build() {
            return new Decision(verdict, risk, reasons, recognised, suggestion, policy, elapsed, cached, route, facts);
        }
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
