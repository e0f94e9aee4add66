package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.verdict.ReviewRoute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Settles a review from its votes: pure, no clock, no I/O, thread-safe (immutable).
 *
 * <p>Votes are taken in the order they arrived. A vote counts unless its reviewer is not eligible (unregistered,
 * revoked, or not named by the route), already voted (the first vote stands: a reviewer that contradicts itself
 * cannot take its vote back), or the review was already settled (late). Ignored votes are reported with why, so
 * they can be recorded.
 *
 * <ul>
 *   <li>{@link ReviewRoute.Mode#VETO}: any counted deny denies; {@code quorum} counted approvals approve.
 *   <li>{@link ReviewRoute.Mode#MAJORITY}: once {@code quorum} votes are counted, the strictly larger side wins;
 *       a tie stays pending until another vote breaks it (or the review times out).
 * </ul>
 *
 * <p>Fault tolerance (majority): with at most {@code f} faulty reviewers among those counted, the honest side wins
 * whenever {@code quorum > 2f}; with {@code n >= 3f + 1} reviewers a quorum of {@code n - f} both tolerates {@code f}
 * silent reviewers and exceeds {@code 2f}. Veto trades that for safety: one faulty deny denies, no faulty approval
 * can approve alone while {@code quorum > f}.
 */
public final class Consensus {
    /** Where a review stands after its votes. */
    public enum Outcome {
        PENDING,
        APPROVED,
        DENIED
    }

    /** Why a vote did not count. */
    public enum Ignored {
        /** The reviewer is unknown, revoked or not named by the route. */
        INELIGIBLE,
        /** The reviewer had voted on this review before. */
        DUPLICATE,
        /** The review was settled before the vote arrived. */
        LATE;

        /** As recorded: {@code ineligible}, {@code duplicate}, {@code late}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One reviewer's vote, already authenticated (its signature checked) by the caller. */
    public record Vote(String reviewer, boolean approve, String reason) {
        public Vote {
            requireNonNull(reviewer, "reviewer");
            requireNonNull(reason, "reason");
        }
    }

    /** A vote that did not count, and why. */
    public record Rejected(Vote vote, Ignored why) {}

    /**
     * The state of a review after its votes.
     *
     * @param outcome pending, approved or denied
     * @param counted the votes that counted, in order
     * @param decisive the counted votes on the winning side (empty while pending)
     * @param rejected the votes that did not count, and why
     */
    public record Tally(Outcome outcome, List<Vote> counted, List<Vote> decisive, List<Rejected> rejected) {
        public Tally {
            requireNonNull(outcome, "outcome");
            counted = List.copyOf(counted);
            decisive = List.copyOf(decisive);
            rejected = List.copyOf(rejected);
        }
    }

    private final int quorum;
    private final ReviewRoute.Mode mode;
    private final Predicate<String> eligible;

    /**
     * @param quorum approvals (veto) or votes (majority) needed; at least 1
     * @param mode how counted votes settle the review
     * @param eligible whether a reviewer may vote on this review (registered, not revoked, named by the route)
     */
    public Consensus(int quorum, ReviewRoute.Mode mode, Predicate<String> eligible) {
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum must be at least 1, got " + quorum);
        }
        this.quorum = quorum;
        this.mode = requireNonNull(mode, "mode");
        this.eligible = requireNonNull(eligible, "eligible");
    }

    /** Consensus by a route's quorum and mode. */
    public static Consensus of(ReviewRoute route, Predicate<String> eligible) {
        return new Consensus(route.quorum(), route.mode(), eligible);
    }

    /** Settles the votes, in arrival order. */
    public Tally tally(List<Vote> votes) {
        List<Vote> counted = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> voted = new HashSet<>();
        Outcome outcome = Outcome.PENDING;
        for (Vote vote : votes) {
            if (outcome != Outcome.PENDING) {
                rejected.add(new Rejected(vote, Ignored.LATE));
            } else if (!eligible.test(vote.reviewer())) {
                rejected.add(new Rejected(vote, Ignored.INELIGIBLE));
            } else if (!voted.add(vote.reviewer())) {
                rejected.add(new Rejected(vote, Ignored.DUPLICATE));
            } else {
                counted.add(vote);
                outcome = settle(counted);
            }
        }
        boolean approved = outcome == Outcome.APPROVED;
        List<Vote> decisive = outcome == Outcome.PENDING
                ? List.of()
                : counted.stream().filter(v -> v.approve() == approved).toList();
        return new Tally(outcome, counted, decisive, rejected);
    }

    private Outcome settle(List<Vote> counted) {
        long approvals = counted.stream().filter(Vote::approve).count();
        long denials = counted.size() - approvals;
        return switch (mode) {
            case VETO -> denials > 0 ? Outcome.DENIED : approvals >= quorum ? Outcome.APPROVED : Outcome.PENDING;
            case MAJORITY -> {
                if (counted.size() < quorum || approvals == denials) {
                    yield Outcome.PENDING;
                }
                yield approvals > denials ? Outcome.APPROVED : Outcome.DENIED;
            }
        };
    }
}
