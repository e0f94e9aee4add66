package dev.lighthouse.events;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * This process's place among the replicas that share a store ({@link EventStore#join}): its heartbeat, the others'
 * heartbeats, and the leadership, which one replica at a time holds for the work that must run once (the integrity
 * sweep, the policy watch, coordination timeouts). On PostgreSQL the leader holds a session advisory lock on a
 * connection of its own, so a leader that dies (its connection with it) frees the lock at once and the next
 * heartbeat of another replica takes it. A store with one process ({@link #alone}) always leads.
 *
 * <p>Thread-safe. {@link #beat} is called about once a second from one thread.
 */
public interface Membership extends AutoCloseable {
    /** How old a heartbeat may be for its replica to count as present. */
    Duration PRESENT = Duration.ofSeconds(5);

    /** What a replica says of itself at each heartbeat. */
    record Beat(long appliedSeq, double lagP50Millis, double lagP99Millis) {}

    /** One replica as its last heartbeat described it. */
    record Replica(
            String name,
            Instant started,
            Instant heartbeat,
            long appliedSeq,
            double lagP50Millis,
            double lagP99Millis,
            boolean leader,
            String keyId,
            String registry) {
        public Replica {
            requireNonNull(name, "name");
        }
    }

    /** What a replica brings that every replica must share. */
    record Identity(String name, String keyId, String registry) {
        public Identity {
            requireNonNull(name, "name");
            requireNonNull(keyId, "keyId");
            requireNonNull(registry, "registry");
        }
    }

    /** Whether this replica holds the leadership now (as of its last heartbeat). */
    boolean leads();

    /** Records a heartbeat, and takes the leadership if nobody holds it. Never throws: a failed beat loses the lead. */
    void beat(Beat beat);

    /** The replicas whose heartbeat is younger than {@link #PRESENT}, this one among them, by name. */
    List<Replica> replicas();

    /**
     * Connections to the database the replicas share, for state they keep together beside the chain (the callers' rate
     * budgets, in table {@code rate_buckets}); empty for a store no other process serves. The pool is this
     * membership's: it opens on first use, is small, fails a connection within seconds while the database is away, and
     * closes with {@link #close()}.
     */
    default Optional<DataSource> sharedDatabase() {
        return Optional.empty();
    }

    /** Leaves: gives up the leadership and removes this replica's row. */
    @Override
    void close();

    /** The membership of a store no other replica shares: one replica, always the leader. */
    static Membership alone(Identity identity, Clock clock) {
        Instant started = clock.instant();
        return new Membership() {
            private volatile Beat last = new Beat(0, 0, 0);
            private volatile Instant at = started;

            @Override
            public boolean leads() {
                return true;
            }

            @Override
            public void beat(Beat beat) {
                last = beat;
                at = clock.instant();
            }

            @Override
            public List<Replica> replicas() {
                return List.of(new Replica(
                        identity.name(),
                        started,
                        at,
                        last.appliedSeq(),
                        last.lagP50Millis(),
                        last.lagP99Millis(),
                        true,
                        identity.keyId(),
                        identity.registry()));
            }

            @Override
            public void close() {}
        };
    }
}
