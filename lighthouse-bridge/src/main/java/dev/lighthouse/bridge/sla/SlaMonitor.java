package dev.lighthouse.bridge.sla;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lighthouse.alert.Alert;
import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the SLA thresholds over {@link SlaWindows} once a second and acts on every transition.
 *
 * <p>A threshold whose measure breaks its limit becomes {@code pending}; if the limit stays broken for the grace
 * period it becomes {@code violated}; once the measure has been back within the limit (or nothing was measured) for
 * the threshold's recovery grace, it is {@code ok} again. Each change to or from {@code violated} is appended as {@code sla.violated} / {@code sla.recovered},
 * shown in {@code lighthouse_sla_violated{threshold}}, alerted (trigger / resolve with dedup key {@code sla/<id>}),
 * logged, and passed to every {@link SlaTransition.Listener}.
 *
 * <p>Time comes only from the injected clock, and {@link #tick()} is public, so tests drive the monitor step by step;
 * {@link #start()} ticks every second in production. Thread-safe: ticks are serialised.
 */
public final class SlaMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlaMonitor.class);

    public static final EventType VIOLATED = EventType.of("sla.violated");
    public static final EventType RECOVERED = EventType.of("sla.recovered");

    /** Where a threshold stands. */
    public enum State {
        OK,
        PENDING,
        VIOLATED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A threshold's state as of the last tick.
     *
     * @param value the measure over the window; NaN when nothing was measured (or, for throughput, no call arrived
     *     in the window)
     * @param since when the threshold entered its state
     * @param activeSessions agent sessions with a decided call within the threshold's window
     */
    public record Status(SlaThreshold threshold, double value, State state, Instant since, long activeSessions) {}

    /** What the monitor samples itself each tick: readiness of the event store, CPU load and heap use (0 to 1). */
    public record Probes(BooleanSupplier ready, DoubleSupplier cpu, DoubleSupplier memory) {
        public Probes {
            requireNonNull(ready, "ready");
            requireNonNull(cpu, "cpu");
            requireNonNull(memory, "memory");
        }

        /** The store answers {@link EventStore#head()}; this process's CPU load; heap used over maximum. */
        public static Probes of(EventStore store) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var memory = ManagementFactory.getMemoryMXBean();
            return new Probes(
                    () -> {
                        try {
                            store.head();
                            return true;
                        } catch (EventStoreException e) {
                            return false;
                        }
                    },
                    os::getProcessCpuLoad,
                    () -> {
                        MemoryUsage heap = memory.getHeapMemoryUsage();
                        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
                        return max > 0 ? (double) heap.getUsed() / max : -1;
                    });
        }
    }

    private final List<Tracked> tracked;
    private final SlaWindows windows;
    private final Clock clock;
    private final EventStore store;
    private final Alerts alerts;
    private final List<SlaTransition.Listener> listeners;
    private final Probes probes;
    private final String source;
    private ScheduledExecutorService ticker;

    /**
     * @param source names this bridge in alerts, e.g. {@code lighthouse@host:8765}
     */
    public SlaMonitor(
            List<SlaThreshold> thresholds,
            Clock clock,
            EventStore store,
            Alerts alerts,
            List<SlaTransition.Listener> listeners,
            Probes probes,
            MeterRegistry registry,
            String source) {
        this.clock = requireNonNull(clock, "clock");
        this.windows = new SlaWindows(clock, longestWindow(thresholds));
        this.store = requireNonNull(store, "store");
        this.alerts = requireNonNull(alerts, "alerts");
        this.listeners = List.copyOf(listeners);
        this.probes = requireNonNull(probes, "probes");
        this.source = requireNonNull(source, "source");
        Instant now = clock.instant();
        this.tracked = thresholds.stream().map(t -> new Tracked(t, now)).toList();
        for (Tracked t : tracked) {
            Gauge.builder("lighthouse.sla.violated", t, x -> x.state == State.VIOLATED ? 1 : 0)
                    .description("1 while the SLA threshold is violated (after its grace period), else 0")
                    .tag("threshold", t.threshold.id())
                    .register(registry);
            Gauge.builder("lighthouse.sla.value", t, x -> x.value)
                    .description("The SLA threshold's measure over its window (NaN when nothing was measured)")
                    .tag("threshold", t.threshold.id())
                    .register(registry);
            Gauge.builder("lighthouse.sla.limit", t, x -> x.threshold.limit())
                    .description("The SLA threshold's configured limit")
                    .tag("threshold", t.threshold.id())
                    .register(registry);
        }
    }

    /** The input of the measurements: hand it to {@link BridgeMetrics#observe}. */
    public BridgeMetrics.CallObserver observer() {
        return windows;
    }

    /** Ticks every second on a virtual thread until {@link #close()}. */
    public SlaMonitor start() {
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("lighthouse-sla").factory());
        ticker.scheduleAtFixedRate(this::tickLogged, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private void tickLogged() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("SLA evaluation failed; retrying next second", e); // an escaped exception would stop the ticks
        }
    }

    /** Samples the probes, evaluates every threshold at the clock's current instant and acts on transitions. */
    public synchronized void tick() {
        windows.probe(probes.ready().getAsBoolean());
        windows.resources(probes.cpu().getAsDouble(), probes.memory().getAsDouble());
        Instant now = clock.instant();
        for (Tracked t : tracked) {
            t.value = windows.value(t.threshold.measure(), t.threshold.window());
            if (t.threshold.enabled()) {
                step(t, now);
            }
        }
    }

    private void step(Tracked t, Instant now) {
        boolean breaks = t.threshold.measure().breaks(t.value, t.threshold.limit());
        if (!breaks) {
            if (t.state == State.VIOLATED) {
                // Recovered only once the measure has stayed within the limit for the recovery grace.
                if (t.withinSince == null) {
                    t.withinSince = now;
                }
                if (now.isBefore(t.withinSince.plus(t.threshold.recovery()))) {
                    return;
                }
                t.enter(State.OK, now);
                changed(t, SlaTransition.Direction.RECOVERED, now);
            } else if (t.state != State.OK) {
                t.enter(State.OK, now);
            }
            return;
        }
        t.withinSince = null;
        if (t.state == State.OK) {
            t.enter(State.PENDING, now);
        }
        if (t.state == State.PENDING && !now.isBefore(t.since.plus(t.threshold.grace()))) {
            t.enter(State.VIOLATED, now);
            changed(t, SlaTransition.Direction.VIOLATED, now);
        }
    }

    private void changed(Tracked t, SlaTransition.Direction direction, Instant now) {
        boolean violated = direction == SlaTransition.Direction.VIOLATED;
        SlaThreshold th = t.threshold;
        String summary = describe(t, violated);
        if (violated) {
            LOG.warn("{} ({} severity{})", summary, th.severity().label(), th.rollback() ? ", rollback" : "");
        } else {
            LOG.info(summary);
        }
        record(t, violated, now);
        Alert alert = new Alert(
                "sla/" + th.id(),
                th.severity().alert(),
                summary,
                source,
                Map.of(
                        "threshold", th.id(),
                        "value", Double.isNaN(t.value) ? "none" : round(t.value),
                        "limit", th.limit(),
                        "unit", th.measure().unit(),
                        "window_seconds", th.window().toSeconds(),
                        "rollback", th.rollback()),
                now);
        if (violated) {
            alerts.trigger(alert);
        } else {
            alerts.resolve(alert);
        }
        SlaTransition transition = new SlaTransition(th, direction, t.value, now);
        for (SlaTransition.Listener listener : listeners) {
            try {
                listener.changed(transition);
            } catch (RuntimeException e) {
                LOG.error("SLA listener {} failed on {}", listener, transition, e);
            }
        }
    }

    /** {@code SLA p99_latency violated: p99 decision latency 182.4 ms > 100 ms over 60 s}. */
    private static String describe(Tracked t, boolean violated) {
        SlaThreshold th = t.threshold;
        String value = Double.isNaN(t.value)
                ? "not measured"
                : round(t.value) + " " + th.measure().unit();
        String compare =
                violated ? (th.measure().floor() ? "<" : ">") : (th.measure().floor() ? "≥" : "≤");
        return "SLA %s %s: %s %s %s %s %s over %d s"
                .formatted(
                        th.id(),
                        violated ? "violated" : "recovered",
                        th.measure().title(),
                        value,
                        compare,
                        round(th.limit()),
                        th.measure().unit(),
                        th.window().toSeconds());
    }

    /**
     * A threshold crossed, as recorded ({@code sla.violated} or {@code sla.recovered}); {@code value} is null while
     * the window had nothing to measure.
     */
    record Transition(
            @JsonIgnore EventType eventType,
            String threshold,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double value,
            double limit,
            String unit,
            long windowSeconds,
            long graceSeconds,
            String severity,
            boolean rollback,
            Instant at)
            implements EventPayload {}

    private void record(Tracked t, boolean violated, Instant now) {
        SlaThreshold th = t.threshold;
        Transition transition = new Transition(
                violated ? VIOLATED : RECOVERED,
                th.id(),
                Double.isNaN(t.value) ? null : round(t.value),
                th.limit(),
                th.measure().unit(),
                th.window().toSeconds(),
                th.grace().toSeconds(),
                th.severity().label(),
                th.rollback(),
                now);
        try {
            store.append(NewEvent.of("sla/" + th.id(), transition));
        } catch (EventStoreException e) {
            LOG.error("SLA transition of {} not recorded", th.id(), e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** Every threshold's state as of the last tick, in configuration order. */
    public synchronized List<Status> statuses() {
        return tracked.stream()
                .map(t -> new Status(
                        t.threshold, t.value, t.state, t.since, windows.activeSessions(t.threshold.window())))
                .toList();
    }

    /** Stops ticking. */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** A threshold and where it stands; guarded by the monitor's lock (read by gauges without it: volatile). */
    private static final class Tracked {
        final SlaThreshold threshold;
        volatile State state = State.OK;
        volatile double value = Double.NaN;
        Instant since;
        /** While violated: since when the measure has been back within the limit; null while it breaks it. */
        Instant withinSince;

        Tracked(SlaThreshold threshold, Instant now) {
            this.threshold = threshold;
            this.since = now;
        }

        void enter(State next, Instant now) {
            state = next;
            since = now;
            withinSince = null;
        }
    }

    /** The longest window among {@code thresholds}, which {@link SlaWindows} must keep. */
    private static Duration longestWindow(List<SlaThreshold> thresholds) {
        return thresholds.stream()
                .map(SlaThreshold::window)
                .max(Duration::compareTo)
                .orElse(Duration.ofMinutes(1));
    }
}
