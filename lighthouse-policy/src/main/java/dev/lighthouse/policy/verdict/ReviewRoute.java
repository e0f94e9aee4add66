package dev.lighthouse.policy.verdict;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a review is decided: who may vote, how many votes settle it, how long it may take and what happens then. Routes
 * are named in the policy's {@code routes:} section; a rule's {@code route:} (or {@code settings.review_route}) picks
 * one.
 *
 * @param name the route's name, e.g. {@code production_deployment}
 * @param reviewers who may vote: {@code human}, {@code llm} (every LLM expert), {@code llm:NAME} (one of them),
 *     {@code agent:CAPABILITY} (agent experts that declared the capability)
 * @param quorum approvals needed ({@link Mode#VETO}) or votes needed ({@link Mode#MAJORITY}); at least 1
 * @param mode how counted votes settle the review
 * @param timeout how long the review stays open
 * @param onTimeout what an unresolved review becomes: {@link Verdict#DENY} or {@link Verdict#ALLOW}
 * @param hold ({@code wait:} in the file) how long the agent's hook may be held for the verdict; zero answers at once
 * @param guidance what reviewers should weigh (may be empty)
 * @param maxApproval ({@code max_approval:}) the longest temporary approval a verdict on this route may grant; also
 *     what lets agent experts grant one at all (without it only people may)
 */
public record ReviewRoute(
        String name,
        List<String> reviewers,
        int quorum,
        Mode mode,
        Duration timeout,
        Verdict onTimeout,
        Duration hold,
        String guidance,
        Optional<Duration> maxApproval) {
    /** The route of reviews that name none, when the policy sets no {@code settings.review_route}. */
    public static final String DEFAULT_NAME = "review";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** Longest a review may stay open: the bridge rebuilds reviews from this far back at start. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

    /**
     * Answer at once unless a route says to hold: with nobody watching the queue, holding would only stall every
     * risky call of a developer's agents before Claude Code asks them anyway.
     */
    public static final Duration DEFAULT_HOLD = Duration.ZERO;

    /** How counted votes settle a review. */
    public enum Mode {
        /** Any counted deny denies; {@code quorum} approvals approve. */
        VETO,
        /** Once {@code quorum} votes are counted, the larger side wins; a tie waits for another vote. */
        MAJORITY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReviewRoute {
        requireNonNull(name, "name");
        reviewers = List.copyOf(reviewers);
        requireNonNull(mode, "mode");
        requireNonNull(timeout, "timeout");
        requireNonNull(onTimeout, "onTimeout");
        requireNonNull(hold, "hold");
        requireNonNull(guidance, "guidance");
        requireNonNull(maxApproval, "maxApproval");
        if (maxApproval.isPresent() && !maxApproval.get().isPositive()) {
            throw new IllegalArgumentException("max_approval must be longer than 0, got " + maxApproval.get());
        }
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum must be at least 1, got " + quorum);
        }
        if (onTimeout == Verdict.REVIEW) {
            throw new IllegalArgumentException("on_timeout must be allow or deny");
        }
        if (reviewers.isEmpty()) {
            throw new IllegalArgumentException("route " + name + " names no reviewers");
        }
    }

    /** A route without {@code max_approval}. */
    public ReviewRoute(
            String name,
            List<String> reviewers,
            int quorum,
            Mode mode,
            Duration timeout,
            Verdict onTimeout,
            Duration hold,
            String guidance) {
        this(name, reviewers, quorum, mode, timeout, onTimeout, hold, guidance, Optional.empty());
    }

    /** A route nobody configured: one human approval, deny after {@link #DEFAULT_TIMEOUT}. */
    public static ReviewRoute defaults(String name) {
        return new ReviewRoute(name, List.of("human"), 1, Mode.VETO, DEFAULT_TIMEOUT, Verdict.DENY, DEFAULT_HOLD, "");
    }

    /** This route with another hold time. */
    public ReviewRoute withHold(Duration value) {
        return new ReviewRoute(name, reviewers, quorum, mode, timeout, onTimeout, value, guidance, maxApproval);
    }

    /** Whether only LLM experts vote on it (no people, no agent experts). */
    public boolean llmOnly() {
        return reviewers.stream().allMatch(r -> r.equals("llm") || r.startsWith("llm:"));
    }

    /**
     * Reads a duration as policies and verdicts write it: a whole number with a unit, {@code 90s}, {@code 10m},
     * {@code 1h}, {@code 2d}; {@code 0} alone is zero.
     *
     * @throws IllegalArgumentException the text is not such a duration
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (!t.matches("\\d{1,9}(ms|s|m|h|d)")) {
            throw new IllegalArgumentException("expected a duration like 50s, 10m, 1h or 2d, got \"" + text + "\"");
        }
        String unit = t.replaceAll("\\d", "");
        long n = Long.parseLong(t.substring(0, t.length() - unit.length()));
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Whether people with the reviewer role may vote. */
    public boolean admitsHumans() {
        return reviewers.contains("human");
    }

    /** Whether the LLM expert named {@code llm:NAME} (or {@code NAME}) may vote. */
    public boolean admitsLlm(String expert) {
        String full = expert.startsWith("llm:") ? expert : "llm:" + expert;
        return reviewers.contains("llm") || reviewers.contains(full);
    }

    /** Whether an agent expert with these capabilities may vote. */
    public boolean admitsAgent(Set<String> capabilities) {
        return capabilities.stream().anyMatch(c -> reviewers.contains("agent:" + c));
    }

    /** The capabilities this route asks agent experts for. */
    public Set<String> capabilities() {
        return reviewers.stream()
                .filter(r -> r.startsWith("agent:"))
                .map(r -> r.substring("agent:".length()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
