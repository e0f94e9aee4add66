package dev.lighthouse.bridge.integrity;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.alert.Alert;
import dev.lighthouse.alert.Alerts;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Page;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.Violation;
import dev.lighthouse.events.integrity.IntegrityMonitor;
import dev.lighthouse.events.integrity.Keyring;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The bridge's watch over its own event chain: an {@link IntegrityMonitor} checks each event as it commits, and a
 * full sweep ({@link EventStore#verify}, which streams the store) runs at start and then every {@code sweepEvery},
 * catching rows changed later behind the bridge's back.
 *
 * <p>Each violation is reported once (per kind and seq, also across restarts: the store's own
 * {@code integrity.violation} events say what was reported): an ERROR log line, an
 * {@code integrity.violation} event, {@code lighthouse_integrity_violations_total{kind}} and a critical alert with
 * dedup key {@code integrity/<kind>/<seq>}. Appending the event still works on a broken chain: a new event links to
 * the head as stored, so the record of the violation is itself verifiable. {@code lighthouse_integrity_verified_seq}
 * is the seq up to which the last sweep found the chain intact.
 *
 * <p>Thread-safe. Reports are made on one thread of their own, never on the store's subscription thread.
 */
public final class IntegrityWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntegrityWatch.class);

    private final EventStore store;
    private final Keyring keys;
    private final Duration sweepEvery;
    private volatile java.util.function.BooleanSupplier leads = () -> true;
    private final Alerts alerts;
    private final MeterRegistry registry;
    private final String source;
    private final Clock clock;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicLong verifiedSeq = new AtomicLong();
    private final AtomicLong lastSweepMillis = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<Optional<Sweep>> lastSweep =
            new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());

    /** A finished full sweep: when, how long, how far the chain was intact, how many violations it found. */
    public record Sweep(java.time.Instant at, long millis, long eventsChecked, long intactUpTo, int violations) {}

    private final ExecutorService reporter = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("lighthouse-integrity-report").factory());
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("lighthouse-integrity-sweep").factory());
    private IntegrityMonitor monitor;

    /**
     * @param keys the store's keyring, to check MACs of new events
     * @param sweepEvery pause between full sweeps
     * @param source names this bridge in alerts
     */
    public IntegrityWatch(
            EventStore store,
            Keyring keys,
            Duration sweepEvery,
            Alerts alerts,
            MeterRegistry registry,
            String source,
            Clock clock) {
        this.store = requireNonNull(store, "store");
        this.keys = requireNonNull(keys, "keys");
        this.sweepEvery = requireNonNull(sweepEvery, "sweepEvery");
        this.alerts = requireNonNull(alerts, "alerts");
        this.registry = requireNonNull(registry, "registry");
        this.source = requireNonNull(source, "source");
        this.clock = requireNonNull(clock, "clock");
        if (sweepEvery.toMillis() < 1) {
            throw new IllegalArgumentException("the sweep interval must be positive, got " + sweepEvery);
        }
        Gauge.builder("lighthouse.integrity.verified.seq", verifiedSeq, AtomicLong::get)
                .description("Seq up to which the last full sweep found the event chain intact")
                .register(registry);
        Gauge.builder("lighthouse.integrity.sweep.seconds", lastSweepMillis, ms -> ms.get() / 1000.0)
                .description("How long the last full sweep of the event chain took")
                .register(registry);
    }

    /**
     * Starts the monitor at the head and schedules the sweeps (the first at once). Violations the store already
     * records as {@code integrity.violation} events (before a restart) are not reported again.
     */
    public IntegrityWatch start() {
        return start(() -> true);
    }

    /**
     * As {@link #start()}, but the scheduled sweeps run only while {@code leads} says this replica leads: on a store
     * several replicas share, one sweep at a time is enough. Each replica still checks each event as it commits.
     */
    public IntegrityWatch start(java.util.function.BooleanSupplier leads) {
        this.leads = leads;
        reportedBefore();
        monitor = IntegrityMonitor.startAtHead(store, keys, v -> reporter.execute(() -> report(v, "monitor")));
        sweeper.scheduleWithFixedDelay(this::sweepLogged, 0, sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweepLogged() {
        if (!leads.getAsBoolean()) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.error("integrity sweep failed; next one in {}", sweepEvery, e); // escaping would end the schedule
        }
    }

    /** Verifies the whole store now, reports what it finds (before returning) and returns the report. */
    public synchronized VerifyReport sweep() {
        long start = System.nanoTime();
        VerifyReport report = store.verify(1, Long.MAX_VALUE);
        long millis = (System.nanoTime() - start) / 1_000_000;
        lastSweepMillis.set(millis);
        verifiedSeq.set(report.intactUpTo());
        lastSweep.set(Optional.of(new Sweep(
                clock.instant(),
                millis,
                report.eventsChecked(),
                report.intactUpTo(),
                report.violations().size())));
        LOG.info(
                "integrity sweep: {} events and {} checkpoints verified in {} ms; intact up to seq {}",
                report.eventsChecked(),
                report.checkpointsChecked(),
                millis,
                report.intactUpTo());
        try {
            reporter.submit(() -> report.violations().forEach(v -> report(v, "sweep")))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("reporting the sweep's violations failed", e.getCause());
        }
        return report;
    }

    /** The last full sweep since this watch started, if one has finished (the web console shows it). */
    public Optional<Sweep> lastSweep() {
        return lastSweep.get();
    }

    private void reportedBefore() {
        EventQuery query = EventQuery.all().type(EventType.INTEGRITY_VIOLATION);
        for (Optional<Cursor> next = Optional.of(new Cursor(0)); next.isPresent(); ) {
            Page page = store.query(query.after(next.get()));
            for (Event e : page.events()) {
                JsonNode p = e.payloadJson();
                reported.add(p.path("kind").asString() + "/" + p.path("seq").asLong());
            }
            next = page.next();
        }
        if (!reported.isEmpty()) {
            LOG.warn(
                    "the event store records {} integrity violations found before; they are not reported again"
                            + " (`lighthouse events query --type integrity.violation` lists them)",
                    reported.size());
        }
    }

    /** An {@code integrity.violation} event: what kind, where, and which check found it. */
    record Found(String kind, long seq, String detail, String foundBy) implements EventPayload {
        @Override
        public EventType eventType() {
            return EventType.INTEGRITY_VIOLATION;
        }
    }

    private void report(Violation v, String foundBy) {
        String kind = v.kind().name().toLowerCase(Locale.ROOT);
        if (!reported.add(kind + "/" + v.seq())) {
            return;
        }
        LOG.error("event store integrity violation ({}): {}", foundBy, v.describe());
        Counter.builder("lighthouse.integrity.violations")
                .description("Integrity violations found in the event chain, by kind (each seq counted once)")
                .tag("kind", kind)
                .register(registry)
                .increment();
        try {
            store.append(NewEvent.of("integrity", new Found(kind, v.seq(), v.detail(), foundBy)));
        } catch (EventStoreException e) {
            LOG.error("integrity violation at seq {} not recorded as an event", v.seq(), e);
        }
        alerts.trigger(new Alert(
                "integrity/" + kind + "/" + v.seq(),
                Alert.Severity.CRITICAL,
                "event store integrity violation at seq %d: %s"
                        .formatted(v.seq(), v.kind().label()),
                source,
                Map.of("kind", kind, "seq", v.seq(), "detail", v.detail(), "found_by", foundBy),
                clock.instant()));
    }

    /** Stops the monitor and the sweeps; a sweep in progress is interrupted. */
    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
        sweeper.shutdownNow();
        reporter.shutdown();
        try {
            reporter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
