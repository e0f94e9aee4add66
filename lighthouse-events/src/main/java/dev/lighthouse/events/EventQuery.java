package dev.lighthouse.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Which events a {@link EventStore#query} returns: every present criterion must hold. Results come in seq order,
 * at most {@code limit} per page, starting after {@code after}.
 *
 * <p>Build from {@link #all()}: {@code EventQuery.all().type(EventType.DECISION_MADE).agent("a1").limit(50)}.
 *
 * @param since events at or after this time
 * @param until events before this time
 */
public record EventQuery(
        Optional<EventType> type,
        Optional<String> stream,
        Optional<String> agent,
        Optional<Instant> since,
        Optional<Instant> until,
        Cursor after,
        int limit) {
    public static final int MAX_LIMIT = 10_000;

    public EventQuery {
        requireNonNull(type, "type");
        requireNonNull(stream, "stream");
        requireNonNull(agent, "agent");
        requireNonNull(since, "since");
        requireNonNull(until, "until");
        requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to %d, got %d".formatted(MAX_LIMIT, limit));
        }
    }

    /** Every event, 100 a page. */
    public static EventQuery all() {
        return new EventQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                new Cursor(0),
                100);
    }

    public EventQuery type(EventType value) {
        return new EventQuery(Optional.of(value), stream, agent, since, until, after, limit);
    }

    public EventQuery stream(String value) {
        return new EventQuery(type, Optional.of(value), agent, since, until, after, limit);
    }

    public EventQuery agent(String value) {
        return new EventQuery(type, stream, Optional.of(value), since, until, after, limit);
    }

    public EventQuery since(Instant value) {
        return new EventQuery(type, stream, agent, Optional.of(value), until, after, limit);
    }

    public EventQuery until(Instant value) {
        return new EventQuery(type, stream, agent, since, Optional.of(value), after, limit);
    }

    public EventQuery after(Cursor value) {
        return new EventQuery(type, stream, agent, since, until, value, limit);
    }

    public EventQuery limit(int value) {
        return new EventQuery(type, stream, agent, since, until, after, value);
    }
}
