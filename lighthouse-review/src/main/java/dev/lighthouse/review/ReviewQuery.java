package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * Which reviews {@link ReviewBoard#list} shows, a page at a time. Start from {@link #pending()} or {@link #resolved()}
 * (the real queue, everyone's calls, from the first page, 100 at most) and narrow it with the {@code with*} methods.
 *
 * @param status pending reviews, or resolved ones
 * @param queue the real queue, or a load test's simulated agents' reviews
 * @param routedTo only those whose route asks for one of these capabilities (an agent expert's "for=me")
 * @param agent only those of this agent's calls
 * @param after the {@code next} of the page before
 * @param limit the most reviews on the page, at least 1
 */
public record ReviewQuery(
        Status status,
        Queue queue,
        Optional<Set<String>> routedTo,
        Optional<String> agent,
        Optional<String> after,
        int limit) {

    /** Whether a review still waits for its verdict. */
    public enum Status {
        PENDING,
        RESOLVED
    }

    /** Whose reviews: the real agents', or those of a load test's simulated agents (kept apart from the real ones). */
    public enum Queue {
        REAL,
        SIMULATED
    }

    private static final int DEFAULT_LIMIT = 100;

    public ReviewQuery {
        requireNonNull(status, "status");
        requireNonNull(queue, "queue");
        routedTo = routedTo.map(Set::copyOf);
        requireNonNull(agent, "agent");
        requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    /** The real queue's pending reviews, everyone's, from the first page. */
    public static ReviewQuery pending() {
        return new ReviewQuery(
                Status.PENDING, Queue.REAL, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    /** The real queue's resolved reviews, everyone's, from the first page. */
    public static ReviewQuery resolved() {
        return pending().withStatus(Status.RESOLVED);
    }

    public ReviewQuery withStatus(Status status) {
        return new ReviewQuery(status, queue, routedTo, agent, after, limit);
    }

    public ReviewQuery withQueue(Queue queue) {
        return new ReviewQuery(status, queue, routedTo, agent, after, limit);
    }

    /** Only reviews routed to an agent expert with one of these capabilities; empty for no such restriction. */
    public ReviewQuery withRoutedTo(Optional<Set<String>> capabilities) {
        return new ReviewQuery(status, queue, capabilities, agent, after, limit);
    }

    public ReviewQuery withAgent(Optional<String> agent) {
        return new ReviewQuery(status, queue, routedTo, agent, after, limit);
    }

    public ReviewQuery withAfter(Optional<String> after) {
        return new ReviewQuery(status, queue, routedTo, agent, after, limit);
    }

    public ReviewQuery withLimit(int limit) {
        return new ReviewQuery(status, queue, routedTo, agent, after, limit);
    }
}
