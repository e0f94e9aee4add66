package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.verdict.ReviewRoute;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One review as the board keeps it: the case, its route, every vote in arrival order, and how it ended. Mutable;
 * every change holds the review's monitor ({@code synchronized (review)}), so votes on one review are tallied one at a
 * time while other reviews proceed; readers use the immutable {@link #view()} and the volatile status.
 */
final class Review {
    /**
     * A recorded vote and whether its reviewer was eligible when it voted; {@code forDuration} is the temporary
     * approval it asked for.
     */
    record Cast(
            Consensus.Vote vote,
            boolean eligible,
            Instant at,
            String keyId,
            String signature,
            Optional<Duration> forDuration) {}

    /** How a review ended. */
    record Resolution(Status status, Instant at, List<Consensus.Vote> decisive) {
        Resolution {
            decisive = List.copyOf(decisive);
        }
    }

    final String id;
    final ReviewCase reviewCase;
    final ReviewRoute route;
    final String fingerprint;
    final CallPattern pattern;
    final Instant created;
    final Instant deadline;
    /** Opened for one of a load test's simulated agents: kept out of real queues and notifications. */
    final boolean simulated;

    final List<Cast> casts = new ArrayList<>();
    private final Map<String, Boolean> eligibleAtVote = new HashMap<>();
    private volatile Optional<Resolution> resolution = Optional.empty();
    /** What came of the call when its user was asked at the terminal; guarded by the monitor. */
    Optional<ReviewView.Terminal> terminal = Optional.empty();
    /** The decisions of later calls this review decided ({@link ReviewView#alsoDecided}); guarded by the monitor. */
    final List<Long> alsoDecided = new ArrayList<>();

    private volatile ReviewView view;
    final CompletableFuture<Resolution> settled = new CompletableFuture<>();

    Review(
            String id,
            ReviewCase reviewCase,
            ReviewRoute route,
            String fingerprint,
            CallPattern pattern,
            Instant created,
            boolean simulated) {
        this.id = requireNonNull(id, "id");
        this.reviewCase = requireNonNull(reviewCase, "reviewCase");
        this.route = requireNonNull(route, "route");
        this.fingerprint = requireNonNull(fingerprint, "fingerprint");
        this.pattern = requireNonNull(pattern, "pattern");
        this.created = requireNonNull(created, "created");
        this.deadline = created.plus(route.timeout());
        this.simulated = simulated;
        // A review enters the board's map before its first change is applied (a followed replica's request, then
        // its votes): it must already have a view, or a listing in between shows null.
        refresh();
    }

    /** Records a vote and tallies all of them; the tally says whether this one counted. */
    Consensus.Tally cast(Cast cast) {
        casts.add(cast);
        eligibleAtVote.putIfAbsent(cast.vote().reviewer(), cast.eligible());
        return tally();
    }

    Consensus.Tally tally() {
        // Eligibility is judged when the reviewer first voted: a token revoked later does not undo a counted vote.
        Consensus consensus = Consensus.of(route, reviewer -> eligibleAtVote.getOrDefault(reviewer, false));
        return consensus.tally(casts.stream().map(Cast::vote).toList());
    }

    /** The API view as of the last change; readers take no lock (a listing must not wait on votes being stored). */
    ReviewView view() {
        return view;
    }

    /** Rebuilds the view after a change; the caller holds the monitor. */
    void refresh() {
        Consensus.Tally tally = tally();
        List<ReviewView.Vote> votes = casts.stream()
                .map(cast -> new ReviewView.Vote(
                        cast.vote().reviewer(),
                        Recorded.Choice.of(cast.vote().approve()),
                        cast.vote().reason(),
                        cast.at(),
                        tally.counted().stream().anyMatch(x -> x == cast.vote()),
                        tally.rejected().stream()
                                .filter(x -> x.vote() == cast.vote())
                                .findFirst()
                                .map(x -> x.why().label()),
                        cast.keyId(),
                        cast.signature()))
                .toList();
        view = new ReviewView(
                id,
                status().label(),
                created,
                deadline,
                Recorded.Route.of(route),
                Recorded.Case.of(reviewCase),
                votes,
                resolution.map(res -> new ReviewView.Resolution(
                        Recorded.Outcome.of(res.status()),
                        Recorded.Effect.of(res.status().allows()),
                        res.at(),
                        Recorded.Decisive.of(res.decisive()))),
                terminal,
                simulated ? Optional.of(true) : Optional.empty(),
                alsoDecided);
    }

    Optional<Resolution> resolution() {
        return resolution;
    }

    void resolve(Resolution value) {
        resolution = Optional.of(value);
        settled.complete(value);
    }

    Status status() {
        return resolution.map(Resolution::status).orElse(Status.PENDING);
    }

    /** Where a review stands. */
    enum Status {
        PENDING,
        APPROVED,
        DENIED,
        TIMED_OUT_ALLOWED,
        TIMED_OUT_DENIED;

        /** Whether the call may run. */
        boolean allows() {
            return this == APPROVED || this == TIMED_OUT_ALLOWED;
        }

        String label() {
            return switch (this) {
                case PENDING -> "pending";
                case APPROVED -> "approved";
                case DENIED -> "denied";
                case TIMED_OUT_ALLOWED, TIMED_OUT_DENIED -> "timed_out";
            };
        }
    }
}
