package dev.lighthouse.coordination.lease;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of the {@code leases} stream, one record per type; {@link Leases} writes them and replays them into its
 * state at start. A lease's expiry is written into its events, so replay ends it at exactly the same instant as the
 * running bridge did, with no event needed for the expiry itself.
 */
public sealed interface LeaseEvent extends EventPayload {
    EventType ACQUIRED = EventType.of("lease.acquired");
    EventType RENEWED = EventType.of("lease.renewed");
    EventType RELEASED = EventType.of("lease.released");
    EventType REVOKED = EventType.of("lease.revoked");

    /** The types, and the record each is read as: the one place that maps the two. */
    Map<EventType, Class<? extends LeaseEvent>> TYPES = Map.of(
            ACQUIRED, Acquired.class,
            RENEWED, Renewed.class,
            RELEASED, Released.class,
            REVOKED, Revoked.class);

    /** The id of the lease the event is about. */
    String lease();

    /** The record of a lease event, or empty for a type this version does not know. */
    static Optional<LeaseEvent> read(Event e) {
        return Optional.ofNullable(TYPES.get(e.type())).map(e::payloadAs);
    }

    /** {@code lease.acquired}: the whole lease, as it was granted. */
    record Acquired(
            String lease,
            String agent,
            String session,
            String project,
            List<String> paths,
            LeaseMode mode,
            String reason,
            Instant acquired,
            Instant expires)
            implements LeaseEvent {
        public Acquired {
            requireNonNull(lease, "lease");
            paths = List.copyOf(paths);
        }

        static Acquired of(Lease l) {
            return new Acquired(
                    l.id(),
                    l.agent(),
                    l.session(),
                    l.project(),
                    l.paths(),
                    l.mode(),
                    l.reason(),
                    l.acquired(),
                    l.expires());
        }

        Lease toLease() {
            return new Lease(lease, agent, session, project, paths, mode, reason, acquired, expires);
        }

        @Override
        public EventType eventType() {
            return ACQUIRED;
        }
    }

    /** {@code lease.renewed}: its holder moved the expiry to {@code expires}. */
    record Renewed(String lease, String by, Instant at, Instant expires) implements LeaseEvent {
        @Override
        public EventType eventType() {
            return RENEWED;
        }
    }

    /** {@code lease.released}: its holder gave it up. */
    record Released(String lease, String by, Instant at) implements LeaseEvent {
        @Override
        public EventType eventType() {
            return RELEASED;
        }
    }

    /** {@code lease.revoked}: an owner or admin ended someone's lease. */
    record Revoked(String lease, String by, String reason, Instant at) implements LeaseEvent {
        @Override
        public EventType eventType() {
            return REVOKED;
        }
    }
}
