package dev.lighthouse.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events the review board writes, one record per type; {@link #read} turns a stored event back into its record,
 * so rebuilding at start is a {@code switch} over this sealed type.
 */
sealed interface ReviewEvent extends EventPayload {
    /** The types, and the record each is read as. */
    Map<EventType, Class<? extends ReviewEvent>> TYPES = Map.of(
            EventType.REVIEW_REQUESTED, Requested.class,
            EventType.REVIEW_VERDICT, Voted.class,
            EventType.REVIEW_RESOLVED, Resolved.class,
            EventType.REVIEW_APPLIED, Applied.class,
            EventType.REVIEW_REFUSED, Refused.class,
            EventType.APPROVAL_GRANTED, ApprovalGranted.class,
            EventType.APPROVAL_REVOKED, ApprovalRevoked.class,
            EventType.REVIEW_AT_TERMINAL, AtTerminal.class);

    /** The record of a review board event; an {@link IllegalArgumentException} for any other type. */
    static ReviewEvent read(Event e) {
        Class<? extends ReviewEvent> type = TYPES.get(e.type());
        if (type == null) {
            throw new IllegalArgumentException("%s is not a review event".formatted(e.type()));
        }
        return e.payloadAs(type);
    }

    /**
     * A review opened for the decision at {@code decisionSeq}; {@code llm} is {@code rate_limited} when the route's
     * LLM experts were not asked.
     */
    record Requested(
            String review,
            long decisionSeq,
            String fingerprint,
            Instant deadline,
            Instant created,
            Recorded.Route route,
            @JsonProperty("case") Recorded.Case reviewCase,
            Recorded.Pattern pattern,
            Optional<String> llm,
            Optional<Boolean> simulated)
            implements ReviewEvent {
        @Override
        public EventType eventType() {
            return EventType.REVIEW_REQUESTED;
        }
    }

    /**
     * One reviewer's vote, counted or not (then {@code ignored} says why), signed with {@code keyId}; an LLM expert's
     * also has its confidence and usage. {@code for} is the temporary approval asked for (ISO-8601), or empty.
     */
    record Voted(
            String review,
            String reviewer,
            Recorded.Choice verdict,
            String reason,
            @JsonProperty("for") String forText,
            Instant at,
            boolean eligible,
            boolean counted,
            Optional<String> ignored,
            String keyId,
            String signature,
            long latencyMillis,
            Optional<Double> confidence,
            Optional<ExpertVerdict.Usage> usage)
            implements ReviewEvent {
        @Override
        public EventType eventType() {
            return EventType.REVIEW_VERDICT;
        }
    }

    /** A review settled; {@code decisive} is empty for a timeout. */
    record Resolved(
            String review,
            Recorded.Outcome outcome,
            Recorded.Effect decision,
            Instant at,
            List<Recorded.Decisive> decisive)
            implements ReviewEvent {
        @Override
        public EventType eventType() {
            return EventType.REVIEW_RESOLVED;
        }
    }

    /**
     * An earlier review, or the temporary {@code approval}, decided a repeated call (the decision at
     * {@code decisionSeq}; 0 in events recorded before it was kept) without a new review.
     */
    record Applied(String review, Optional<String> approval, String agent, Recorded.Effect decision, long decisionSeq)
            implements ReviewEvent {
        @Override
        public EventType eventType() {
            return EventType.REVIEW_APPLIED;
        }
    }

    /** A call that needed a review was denied without one: {@code overloaded} or {@code llm_alone}. */
    record Refused(String agent, long decisionSeq, String reason, String detail, Instant at) implements ReviewEvent {
        @Override
        public EventType eventType() {
            return EventType.REVIEW_REFUSED;
        }
    }

    /** A temporary approval, granted by a counted approving vote with {@code for}. */
    record ApprovalGranted(
            String approval,
            String review,
            String agent,
            Recorded.Pattern pattern,
            String grantedBy,
            Instant granted,
            Instant expires)
            implements ReviewEvent {
        static ApprovalGranted of(Approval a) {
            return new ApprovalGranted(
                    a.id(),
                    a.reviewId(),
                    a.pattern().agent(),
                    Recorded.Pattern.of(a.pattern()),
                    a.grantedBy(),
                    a.granted(),
                    a.expires());
        }

        Approval toApproval() {
            return new Approval(approval, review, pattern.toPattern(), grantedBy, granted, expires, Optional.empty());
        }

        @Override
        public EventType eventType() {
            return EventType.APPROVAL_GRANTED;
        }
    }

    /**
     * What came of a call its agent's user was asked about at the terminal: it {@code ran}, or {@code not_run} by
     * the review's deadline. Only informs reviewers: the review stays as it is (a hook could be spoofed by its agent).
     */
    record AtTerminal(String review, long decisionSeq, Recorded.AtTerminal outcome, Instant at) implements ReviewEvent {
        @Override
        public EventType eventType() {
            return EventType.REVIEW_AT_TERMINAL;
        }
    }

    /** A temporary approval ended early. */
    record ApprovalRevoked(String approval, String by, Instant at) implements ReviewEvent {
        @Override
        public EventType eventType() {
            return EventType.APPROVAL_REVOKED;
        }
    }
}
