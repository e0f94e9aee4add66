package dev.lighthouse.bridge.sla;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.metrics.BridgeMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * The measurements the SLA thresholds are evaluated over: one bucket per second of the last
 * longest threshold window, fed by the bridge's own request path (every decided and refused call, through
 * {@link BridgeMetrics.CallObserver}), by readiness probes and by CPU and heap samples.
 *
 * <p>Thread-safe: request threads record into the current second's bucket under that bucket's lock (held for a few
 * hundred nanoseconds); the monitor sums buckets the same way. Latencies are kept in an HdrHistogram per second (1 µs
 * to 60 s, two significant digits), so a window's p99 is exact to 1 %.
 */
final class SlaWindows implements BridgeMetrics.CallObserver {
    /** The latency {@link SlaMeasure#FAST_SHARE} counts as fast. */
    static final Duration FAST = Duration.ofMillis(100);

    /** The bridge failed to decide: the call was denied because of the bridge, not the call. */
    static final Set<String> FAILURES = Set.of("store_unavailable", "internal_error");
    /** Failures plus refusals for lack of capacity: errors an agent sees that are not its own fault. */
    static final Set<String> ERRORS =
            Set.of("store_unavailable", "internal_error", "overloaded", "too_large_to_record");

    /**
     * Fewest calls a window needs before its latency shares, percentiles, means and error rate mean anything: below
     * this the value is not measured (NaN). With 100, one slow call is never the 99th percentile, so the first calls
     * of a cold JVM (seen live: 180 ms, then 3 ms) cannot page anyone or roll back a policy.
     */
    static final int MIN_CALLS = 100;

    /**
     * Most agent sessions remembered at once. Session keys come from the agents, so a flood of new ones must not grow
     * the heap: past this, new sessions are not counted until old ones leave the longest window.
     */
    static final int MAX_SESSIONS = 50_000;

    private static final long FAST_MICROS = FAST.toNanos() / 1000;
    private static final long MAX_MICROS = 60_000_000;

    private final Clock clock;
    private final Second[] seconds;
    private final long startedSecond;
    /** Each agent session's last second with a decided call, for the sessions seen within the longest window. */
    private final ConcurrentHashMap<String, Long> sessions = new ConcurrentHashMap<>();

    /** Keeps the last {@code longest} of measurements (the longest window of any threshold). */
    SlaWindows(Clock clock, Duration longest) {
        this.clock = requireNonNull(clock, "clock");
        if (longest.compareTo(SlaThreshold.LONGEST_WINDOW) > 0) {
            throw new IllegalArgumentException("windows are at most " + SlaThreshold.LONGEST_WINDOW);
        }
        this.seconds = new Second[(int) longest.toSeconds() + 1];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = new Second();
        }
        this.startedSecond = now();
    }

    private long now() {
        return Math.floorDiv(clock.millis(), 1000);
    }

    @Override
    public void decided(String session, long nanos) {
        long micros = Math.clamp(nanos / 1000, 1, MAX_MICROS);
        long second = now();
        if (sessions.size() < MAX_SESSIONS || sessions.containsKey(session)) {
            sessions.put(session, second);
        }
        Second s = seconds[index(second)];
        synchronized (s) {
            if (s.roll(second)) {
                s.decided++;
                s.sumMicros += micros;
                s.fast += micros <= FAST_MICROS ? 1 : 0;
                s.latency().recordValue(micros);
            }
        }
    }

    @Override
    public void rejected(String cause) {
        boolean failure = FAILURES.contains(cause);
        boolean error = ERRORS.contains(cause);
        long second = now();
        Second s = seconds[index(second)];
        synchronized (s) {
            if (s.roll(second)) {
                s.refused++;
                s.failures += failure ? 1 : 0;
                s.errors += error ? 1 : 0;
            }
        }
    }

    /** A readiness probe's result: whether the event store answered. */
    void probe(boolean ready) {
        long second = now();
        Second s = seconds[index(second)];
        synchronized (s) {
            if (s.roll(second)) {
                s.probes++;
                s.probeFailures += ready ? 0 : 1;
            }
        }
    }

    /** A sample of the process's CPU load and heap use, each 0 to 1 (negative when unknown: not recorded). */
    void resources(double cpu, double memory) {
        long second = now();
        Second s = seconds[index(second)];
        synchronized (s) {
            if (s.roll(second)) {
                if (cpu >= 0) {
                    s.cpuSum += cpu;
                    s.cpuSamples++;
                }
                if (memory >= 0) {
                    s.memorySum += memory;
                    s.memorySamples++;
                }
            }
        }
    }

    private int index(long second) {
        return (int) Math.floorMod(second, seconds.length);
    }

    /** The value of {@code measure} over the last {@code window}; NaN when nothing was measured. */
    double value(SlaMeasure measure, Duration window) {
        long last = now();
        long span = Math.max(1, Math.min(window.toSeconds(), last - startedSecond + 1));
        Totals t = totals(last - span + 1, last);
        return switch (measure) {
            case FAST_SHARE -> t.decided < MIN_CALLS ? Double.NaN : 100.0 * t.fast / t.decided;
            case P99_LATENCY -> t.decided < MIN_CALLS ? Double.NaN : t.latency.getValueAtPercentile(99) / 1000.0;
            case MEAN_LATENCY -> t.decided < MIN_CALLS ? Double.NaN : t.sumMicros / 1000.0 / t.decided;
            case AVAILABILITY -> {
                long asked = t.decided + t.failures + t.probes;
                yield asked == 0 ? Double.NaN : 100.0 * (asked - t.failures - t.probeFailures) / asked;
            }
            case ERROR_RATE -> {
                long submitted = t.decided + t.errors;
                yield submitted < MIN_CALLS ? Double.NaN : 100.0 * t.errors / submitted;
            }
            case THROUGHPUT -> throughput(last - span + 1, last);
            case CPU -> t.cpuSamples == 0 ? Double.NaN : 100.0 * t.cpuSum / t.cpuSamples;
            case MEMORY -> t.memorySamples == 0 ? Double.NaN : 100.0 * t.memorySum / t.memorySamples;
        };
    }

    /**
     * Decided calls per second over the part of the window in which agents were active: from its first second with a
     * call (decided or refused) to its last. Agents that stop are idle, not slow, so the seconds after their last call
     * do not dilute the rate; a window without any call is not measured.
     */
    private double throughput(long from, long to) {
        long first = Long.MAX_VALUE;
        long lastWithCalls = Long.MIN_VALUE;
        long decided = 0;
        for (long second = Math.max(from, to - seconds.length + 1); second <= to; second++) {
            Second s = seconds[index(second)];
            synchronized (s) {
                if (s.epoch == second && s.decided + s.refused > 0) {
                    first = Math.min(first, second);
                    lastWithCalls = second;
                    decided += s.decided;
                }
            }
        }
        return first == Long.MAX_VALUE ? Double.NaN : (double) decided / (lastWithCalls - first + 1);
    }

    /**
     * How many agent sessions had a decided call within the last {@code window}; also forgets the sessions that left
     * the longest window.
     */
    long activeSessions(Duration window) {
        long last = now();
        long oldestKept = last - seconds.length + 1;
        sessions.values().removeIf(second -> second < oldestKept);
        long from = last - Math.max(1, window.toSeconds()) + 1;
        return sessions.values().stream().filter(second -> second >= from).count();
    }

    private Totals totals(long from, long to) {
        Totals t = new Totals();
        for (long second = Math.max(from, to - seconds.length + 1); second <= to; second++) {
            Second s = seconds[index(second)];
            synchronized (s) {
                if (s.epoch == second) {
                    t.add(s);
                }
            }
        }
        return t;
    }

    /** Counts of one second; guarded by its own lock. */
    private static final class Second {
        long epoch = Long.MIN_VALUE;
        long decided;
        long sumMicros;
        long fast;
        long refused;
        long failures;
        long errors;
        long probes;
        long probeFailures;
        double cpuSum;
        long cpuSamples;
        double memorySum;
        long memorySamples;
        /** Allocated with the first decision this bucket sees, then reused. */
        private Histogram latency;

        Histogram latency() {
            if (latency == null) {
                latency = new Histogram(MAX_MICROS, 2);
            }
            return latency;
        }

        /** Makes this bucket hold {@code second}, clearing an older one; false for a stale second (dropped). */
        boolean roll(long second) {
            if (epoch == second) {
                return true;
            }
            if (epoch > second) {
                return false;
            }
            epoch = second;
            decided = sumMicros = fast = refused = failures = errors = probes = probeFailures = 0;
            cpuSum = memorySum = 0;
            cpuSamples = memorySamples = 0;
            if (latency != null) {
                latency.reset();
            }
            return true;
        }
    }

    private static final class Totals {
        long decided;
        long sumMicros;
        long fast;
        long refused;
        long failures;
        long errors;
        long probes;
        long probeFailures;
        double cpuSum;
        long cpuSamples;
        double memorySum;
        long memorySamples;
        final Histogram latency = new Histogram(MAX_MICROS, 2);

        void add(Second s) {
            decided += s.decided;
            sumMicros += s.sumMicros;
            fast += s.fast;
            refused += s.refused;
            failures += s.failures;
            errors += s.errors;
            probes += s.probes;
            probeFailures += s.probeFailures;
            cpuSum += s.cpuSum;
            cpuSamples += s.cpuSamples;
            memorySum += s.memorySum;
            memorySamples += s.memorySamples;
            if (s.decided > 0) {
                latency.add(s.latency);
            }
        }
    }
}
