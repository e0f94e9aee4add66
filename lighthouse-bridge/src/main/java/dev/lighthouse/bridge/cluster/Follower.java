package dev.lighthouse.bridge.cluster;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.Subscription;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the chain for what other replicas append ({@link EventStore#follow}) and applies each event to this
 * replica's projections (reviews, leases, questions, tasks, experts, policy versions, console logouts and used links)
 * through the same per-event handlers their rebuild at start uses, so a change made on one replica is in force on
 * the others as soon as they read it. This replica's own appends are applied where they are made, never twice.
 *
 * <p>Start it before the projections rebuild ({@link #start}): events another replica appends meanwhile wait, and
 * are applied once the projections are {@linkplain #applyTo attached}. An event both the rebuild and the follower
 * saw is applied twice; the handlers tolerate that.
 *
 * <p>The lag of each event is the time from its commit (the store's {@code time}, set by the appending replica's
 * clock, so replicas' clocks must agree as NTP keeps them) to its application here:
 * {@code lighthouse_cluster_follow_lag_seconds}, with its p50 and p99 over the last minutes in {@link #lag()}.
 *
 * <p>Thread-safe; events are applied one at a time, in seq order, on the subscription's thread.
 */
public final class Follower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);

    /** The follower's lag, as {@code GET /v1/cluster} shows it. */
    public record Lag(long followed, double p50Millis, double p99Millis, double maxMillis) {}

    private final Clock clock;
    private final Timer lag;
    private final CountDownLatch attached = new CountDownLatch(1);
    private volatile List<Consumer<Event>> projections = List.of();
    private final Subscription subscription;

    private Follower(EventStore store, long fromSeq, MeterRegistry registry, Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        this.lag = Timer.builder("lighthouse.cluster.follow.lag")
                .description("From another replica's commit of an event to its application on this replica")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .distributionStatisticExpiry(Duration.ofMinutes(2))
                .register(registry);
        this.subscription = store.follow(fromSeq, this::apply);
        Gauge.builder("lighthouse.cluster.applied.seq", this, Follower::appliedSeq)
                .description("Seq up to which this replica has applied the chain")
                .register(registry);
    }

    /** Starts following at {@code fromSeq}; nothing is applied until {@link #applyTo}. */
    public static Follower start(EventStore store, long fromSeq, MeterRegistry registry, Clock clock) {
        return new Follower(store, fromSeq, registry, clock);
    }

    /** Applies followed events, those waiting first, to each of {@code handlers} in turn. */
    public void applyTo(List<Consumer<Event>> handlers) {
        projections = List.copyOf(handlers);
        attached.countDown();
    }

    private void apply(Event e) {
        try {
            attached.await();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the projections rebuild", ie);
        }
        for (Consumer<Event> projection : projections) {
            try {
                projection.accept(e);
            } catch (RuntimeException x) {
                // One projection's failure must not stop the others, nor the following.
                LOG.error("applying event seq={} ({}) from another replica failed", e.seq(), e.type(), x);
            }
        }
        long nanos = Duration.between(e.time(), clock.instant()).toNanos();
        lag.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** The seq up to which the chain is applied here (this replica's own appends are applied as they are made). */
    public long appliedSeq() {
        return subscription.position() - 1;
    }

    /** How late other replicas' events were applied here, over the last couple of minutes. */
    public Lag lag() {
        var snapshot = lag.takeSnapshot();
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : snapshot.percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        return new Lag(snapshot.count(), p50, p99, snapshot.max(TimeUnit.MILLISECONDS));
    }

    /** Whether events are still followed (false once the store closed). */
    public boolean following() {
        return subscription.isOpen();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
