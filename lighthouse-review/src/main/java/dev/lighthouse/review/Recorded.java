package dev.lighthouse.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Risk;
import dev.lighthouse.policy.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The parts of reviews as they are written into events and API answers: routes, cases, patterns and votes in their
 * JSON shape, and back. The shape is fixed by the stores already written; a compatibility test replays one.
 */
public final class Recorded {
    private Recorded() {}

    /** A vote's side. */
    public enum Choice {
        @JsonProperty("approve")
        APPROVE,
        @JsonProperty("deny")
        DENY;

        static Choice of(boolean approve) {
            return approve ? APPROVE : DENY;
        }

        boolean approves() {
            return this == APPROVE;
        }
    }

    /** What a settled review lets the call do. */
    public enum Effect {
        @JsonProperty("allow")
        ALLOW,
        @JsonProperty("deny")
        DENY;

        static Effect of(boolean allows) {
            return allows ? ALLOW : DENY;
        }
    }

    /** What came of a call its user was asked about at the terminal. */
    public enum AtTerminal {
        @JsonProperty("ran")
        RAN,
        @JsonProperty("not_run")
        NOT_RUN
    }

    /** How a review ended, as recorded: a timeout does not say which way, its {@link Effect} does. */
    public enum Outcome {
        @JsonProperty("approved")
        APPROVED,
        @JsonProperty("denied")
        DENIED,
        @JsonProperty("timed_out")
        TIMED_OUT;

        static Outcome of(Review.Status status) {
            return switch (status) {
                case APPROVED -> APPROVED;
                case DENIED -> DENIED;
                case TIMED_OUT_ALLOWED, TIMED_OUT_DENIED -> TIMED_OUT;
                case PENDING -> throw new IllegalArgumentException("a pending review has no outcome");
            };
        }

        Review.Status status(Effect effect) {
            return switch (this) {
                case APPROVED -> Review.Status.APPROVED;
                case DENIED -> Review.Status.DENIED;
                case TIMED_OUT ->
                    effect == Effect.ALLOW ? Review.Status.TIMED_OUT_ALLOWED : Review.Status.TIMED_OUT_DENIED;
            };
        }
    }

    /** A review route, durations in whole seconds. */
    public record Route(
            String name,
            List<String> reviewers,
            int quorum,
            String mode,
            long timeoutSeconds,
            String onTimeout,
            long waitSeconds,
            String guidance,
            Optional<Long> maxApprovalSeconds) {
        static Route of(ReviewRoute r) {
            return new Route(
                    r.name(),
                    r.reviewers(),
                    r.quorum(),
                    r.mode().label(),
                    r.timeout().toSeconds(),
                    r.onTimeout().label(),
                    r.hold().toSeconds(),
                    r.guidance(),
                    r.maxApproval().map(Duration::toSeconds));
        }

        ReviewRoute toRoute() {
            return new ReviewRoute(
                    name,
                    reviewers,
                    quorum,
                    ReviewRoute.Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
                    Duration.ofSeconds(timeoutSeconds),
                    Verdict.parse(onTimeout),
                    Duration.ofSeconds(waitSeconds),
                    guidance,
                    maxApprovalSeconds.map(Duration::ofSeconds));
        }
    }

    /** A review's case without its id and route, which the event names beside it. */
    public record Case(
            String agent,
            String project,
            String cwd,
            String tool,
            JsonNode input,
            List<String> analysis,
            List<String> rules,
            String reason,
            String risk,
            String guidance,
            List<String> recentHistory) {
        static Case of(ReviewCase c) {
            return new Case(
                    c.agent(),
                    c.project(),
                    c.cwd(),
                    c.tool(),
                    c.input(),
                    c.analysis(),
                    c.rules(),
                    c.reason(),
                    c.risk(),
                    c.guidance(),
                    c.recentHistory());
        }

        ReviewCase toCase(String reviewId, String route) {
            return new ReviewCase(
                    reviewId,
                    agent,
                    project,
                    cwd,
                    tool,
                    input,
                    analysis,
                    rules,
                    reason,
                    risk,
                    route,
                    guidance,
                    recentHistory);
        }
    }

    /** What a temporary approval covers, with its one-line description for people. */
    public record Pattern(
            String agent,
            String tool,
            List<String> commands,
            String inputSha256,
            Optional<String> risk,
            List<String> facts,
            String describe) {
        static Pattern of(CallPattern p) {
            return new Pattern(
                    p.agent(),
                    p.tool(),
                    p.commands(),
                    p.inputSha256(),
                    Optional.of(p.risk().label()),
                    p.facts(),
                    p.describe());
        }

        /**
         * One recorded before patterns carried a risk covers only calls of no risk and no facts: what it approved is
         * not known, so it is read as narrowly as possible.
         */
        CallPattern toPattern() {
            return new CallPattern(
                    agent, tool, commands, inputSha256, risk.map(Risk::parse).orElse(Risk.NONE), facts);
        }
    }

    /** A vote that settled a review. */
    public record Decisive(String reviewer, Choice verdict, String reason) {
        static Decisive of(Consensus.Vote v) {
            return new Decisive(v.reviewer(), Choice.of(v.approve()), v.reason());
        }

        Consensus.Vote toVote() {
            return new Consensus.Vote(reviewer, verdict.approves(), reason);
        }

        static List<Decisive> of(List<Consensus.Vote> votes) {
            return votes.stream().map(Decisive::of).toList();
        }

        static List<Consensus.Vote> votes(List<Decisive> decisive) {
            return decisive.stream().map(Decisive::toVote).toList();
        }
    }
}
