package dev.lighthouse.bridge.cluster;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.Membership;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica among the others on the store: a heartbeat each second with how far it has applied the chain and how
 * late, and the leadership ({@link Membership}), which gates the work that must run on one replica at a time — the
 * integrity sweep, the policy watch with its automatic rollback, and the timeouts of questions and tasks. On a store
 * only this process serves, it always leads.
 *
 * <p>Metrics: {@code lighthouse_cluster_leader} (1 on the leader), {@code lighthouse_cluster_replicas} (replicas
 * present as of the last heartbeat), besides the {@link Follower}'s lag.
 */
public final class Replicas implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replicas.class);

    /** {@code GET /v1/cluster}: who is there, who leads, how late each applies the others' events. */
    public record View(String replica, Optional<String> leader, Follower.Lag lag, List<Membership.Replica> replicas) {}

    private final Membership membership;
    private final Follower follower;
    private final String name;
    private volatile int present = 1;
    private final ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cluster-heartbeat").daemon().factory());

    private Replicas(Membership membership, Follower follower, String name, MeterRegistry registry) {
        this.membership = membership;
        this.follower = follower;
        this.name = name;
        Gauge.builder("lighthouse.cluster.leader", membership, m -> m.leads() ? 1 : 0)
                .description("1 on the replica that leads (runs the integrity sweep and the policy watch), else 0")
                .register(registry);
        Gauge.builder("lighthouse.cluster.replicas", this, r -> r.present)
                .description("Replicas whose heartbeat is recent, as of this replica's last heartbeat")
                .register(registry);
    }

    /**
     * Joins the replicas on {@code store} as {@code identity} and beats once at once (a lone replica leads from the
     * start), then every second.
     *
     * @throws dev.lighthouse.events.ReplicaRefusedException this replica does not fit the others
     */
    public static Replicas join(
            EventStore store, Membership.Identity identity, Follower follower, MeterRegistry registry, Clock clock) {
        Membership membership = store.join(requireNonNull(identity, "identity"), clock);
        Replicas replicas = new Replicas(membership, follower, identity.name(), registry);
        replicas.beat();
        replicas.heart.scheduleWithFixedDelay(replicas::beat, 1, 1, TimeUnit.SECONDS);
        return replicas;
    }

    private void beat() {
        try {
            Follower.Lag lag = follower.lag();
            membership.beat(new Membership.Beat(follower.appliedSeq(), lag.p50Millis(), lag.p99Millis()));
            present = membership.replicas().size();
        } catch (RuntimeException e) {
            LOG.warn("cluster heartbeat failed; retrying in a second: {}", e.getMessage());
        }
    }

    /** Whether this replica leads now. */
    public boolean leads() {
        return membership.leads();
    }

    /**
     * The database the replicas share, for state they keep together beside the chain (rate budgets); empty when this
     * replica is alone on its store.
     */
    public Optional<DataSource> sharedDatabase() {
        return membership.sharedDatabase();
    }

    /** This replica's name among the others. */
    public String name() {
        return name;
    }

    /**
     * The replicas present, the leader and the lags.
     *
     * @throws dev.lighthouse.events.EventStoreException the store cannot say
     */
    public View view() {
        List<Membership.Replica> all = membership.replicas();
        Optional<String> leader = all.stream()
                .filter(Membership.Replica::leader)
                .map(Membership.Replica::name)
                .findFirst();
        return new View(name, leader, follower.lag(), all);
    }

    /** Stops the heartbeat and leaves: the leadership is free for another replica at once. */
    @Override
    public void close() {
        heart.shutdownNow();
        membership.close();
    }
}
