package dev.lighthouse.events.projection;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import java.time.Instant;
import java.util.List;

/**
 * Rebuilds a projection from the events up to a seq or an instant: "which policy version was active, and which
 * reviews were pending, at 14:02?". Reads the store in pages from seq 1, so the cost grows with the history.
 *
 * <p>Times: events are in seq order and their times come from the appending node's clock. With several replicas
 * appending, times can be out of order by the replicas' clock skew; {@link #asOf(EventStore, Projection, Instant)}
 * stops at the first event later than the instant, so it answers "as of the first event after T".
 */
public final class TimeTravel {
    private static final int PAGE = 1_000;

    private TimeTravel() {}

    /** The projection over events 1 to {@code seq}. */
    public static <S> Snapshot<S> asOf(EventStore store, Projection<S> projection, long seq) {
        return replay(store, projection, seq, Instant.MAX);
    }

    /** The projection over the events stored at or before {@code instant}. */
    public static <S> Snapshot<S> asOf(EventStore store, Projection<S> projection, Instant instant) {
        return replay(store, projection, Long.MAX_VALUE, instant);
    }

    private static <S> Snapshot<S> replay(EventStore store, Projection<S> projection, long toSeq, Instant until) {
        S state = projection.initial();
        long last = 0;
        for (long next = 1; next <= toSeq; ) {
            List<Event> page = store.read(next, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (Event e : page) {
                if (e.seq() > toSeq || e.time().isAfter(until)) {
                    return new Snapshot<>(state, last);
                }
                state = projection.apply(state, e);
                last = e.seq();
            }
            next = last + 1;
        }
        return new Snapshot<>(state, last);
    }
}
