package dev.lighthouse.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A review as reviewers see it: its case, how the votes stand and how it ended. Immutable; the API answers with it.
 *
 * @param status {@code pending}, {@code approved}, {@code denied} or {@code timed_out}
 * @param terminal what came of the call when its agent's user was asked at the terminal, once known
 * @param alsoDecided the seqs of later calls this review decided without a review of their own: the same call again,
 *     or one its temporary approval covered (a filesystem view rebuilds the files such calls wrote)
 */
public record ReviewView(
        String id,
        String status,
        Instant created,
        Instant deadline,
        Recorded.Route route,
        @JsonProperty("case") Recorded.Case reviewCase,
        List<Vote> votes,
        Optional<Resolution> resolution,
        Optional<Terminal> terminal,
        Optional<Boolean> simulated,
        List<Long> alsoDecided) {
    public ReviewView {
        votes = List.copyOf(votes);
        alsoDecided = List.copyOf(alsoDecided);
    }

    /** A vote as recorded; {@code ignored} says why one did not count. */
    public record Vote(
            String reviewer,
            Recorded.Choice verdict,
            String reason,
            Instant at,
            boolean counted,
            Optional<String> ignored,
            String keyId,
            String signature) {}

    /** The call ran after its user was asked at the terminal, or no run followed by the deadline. */
    public record Terminal(Recorded.AtTerminal outcome, Instant at) {}

    /** How the review ended. */
    public record Resolution(
            Recorded.Outcome outcome, Recorded.Effect decision, Instant at, List<Recorded.Decisive> decisive) {}

    public boolean pending() {
        return resolution.isEmpty();
    }

    /** This view with the whole case (the board keeps a brief one). */
    ReviewView withCase(Recorded.Case full) {
        return new ReviewView(
                id, status, created, deadline, route, full, votes, resolution, terminal, simulated, alsoDecided);
    }
}
