package dev.lighthouse.review;

/**
 * How much the review board holds, so that a flood of risky calls cannot exhaust memory, hide other agents' reviews
 * or run up a model bill.
 *
 * @param openPerAgent most reviews one agent may have open; its next call that needs a review is denied as
 *     {@code overloaded}
 * @param open most reviews open in all; past it every call that needs a review is denied as {@code overloaded}
 * @param resolvedKept most resolved reviews kept in memory (for listing and identical retries); older ones are
 *     forgotten first (they stay in the event store)
 * @param llmPerAgentPerHour most reviews of one agent's calls that LLM experts are asked about an hour; past it the
 *     review waits for people (and its timeout) alone
 * @param llmAloneOnHighRisk whether a route where one LLM verdict settles the review (reviewers only {@code llm…},
 *     quorum 1) may decide calls of high or critical risk; if not (the default) such calls are denied, since a
 *     model can be talked round by the very text it judges
 */
public record ReviewLimits(
        int openPerAgent, int open, int resolvedKept, int llmPerAgentPerHour, boolean llmAloneOnHighRisk) {
    public ReviewLimits {
        if (openPerAgent < 1 || open < 1 || resolvedKept < 0 || llmPerAgentPerHour < 0) {
            throw new IllegalArgumentException(
                    ("review limits: open_per_agent and open must be at least 1, resolved_kept and"
                                    + " llm_per_agent_per_hour at least 0; got %d, %d, %d, %d")
                            .formatted(openPerAgent, open, resolvedKept, llmPerAgentPerHour));
        }
    }

    /** These limits, one LLM verdict never deciding a high-risk call alone. */
    public ReviewLimits(int openPerAgent, int open, int resolvedKept, int llmPerAgentPerHour) {
        this(openPerAgent, open, resolvedKept, llmPerAgentPerHour, false);
    }

    /**
     * 50 open per agent, 1,000 open in all, 10,000 resolved kept, 60 LLM consultations per agent an hour, no single
     * LLM verdict on a high-risk call.
     */
    public static ReviewLimits defaults() {
        return new ReviewLimits(50, 1_000, 10_000, 60, false);
    }

    public ReviewLimits withLlmAloneOnHighRisk(boolean allowed) {
        return new ReviewLimits(openPerAgent, open, resolvedKept, llmPerAgentPerHour, allowed);
    }
}
