package dev.lighthouse.load;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency histograms of a running load test. Recording is thread-safe and wait-free (HdrHistogram
 * {@link Recorder}, {@link LongAdder}); {@link #interval} is called by one sampling thread.
 */
final class LiveStats {
    /** Latencies are recorded in microseconds, up to one hour, three significant digits. */
    private static final long HIGHEST_US = TimeUnit.HOURS.toMicros(1);

    private final Recorder corrected = new Recorder(HIGHEST_US, 3);
    private final Recorder uncorrected = new Recorder(HIGHEST_US, 3);
    private final Histogram correctedTotal = new Histogram(HIGHEST_US, 3);
    private final Histogram uncorrectedTotal = new Histogram(HIGHEST_US, 3);
    private Histogram correctedInterval;
    private Histogram uncorrectedInterval;

    private final LongAdder sent = new LongAdder();
    private final LongAdder injected = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);
    private final Map<ErrorKind, String> firstErrors = new ConcurrentHashMap<>();
    private final LongAdder[][] decisions = new LongAdder[CommandClass.values().length][Verdict.values().length];
    private final Recorder[] regionLatency = new Recorder[Region.values().length];
    private final LongAdder[] regionRequests = new LongAdder[Region.values().length];
    private final LongAdder[] regionErrors = new LongAdder[Region.values().length];
    private final LongAdder[] regionAgents = new LongAdder[Region.values().length];
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();

    private long lastCompleted;
    private long lastErrors;
    private long lastInjected;
    private final long[] lastVerdicts = new long[Verdict.values().length];

    LiveStats() {
        for (ErrorKind k : ErrorKind.values()) {
            errors.put(k, new LongAdder());
        }
        for (LongAdder[] row : decisions) {
            for (int i = 0; i < row.length; i++) {
                row[i] = new LongAdder();
            }
        }
        for (Region r : Region.values()) {
            regionLatency[r.ordinal()] = new Recorder(HIGHEST_US, 3);
            regionRequests[r.ordinal()] = new LongAdder();
            regionErrors[r.ordinal()] = new LongAdder();
            regionAgents[r.ordinal()] = new LongAdder();
        }
    }

    /** A simulated agent (closed model) or session slot (open model) was placed in {@code region}. */
    void agentIn(Region region) {
        regionAgents[region.ordinal()].increment();
    }

    /** Per region: agents, calls completed, errors and corrected latency; call once, at the end. */
    Map<String, LoadResult.RegionResult> regions(Map<Region, Duration> added) {
        Map<String, LoadResult.RegionResult> out = new LinkedHashMap<>();
        for (Region r : Region.values()) {
            out.put(
                    r.cliName(),
                    new LoadResult.RegionResult(
                            r.share,
                            regionAgents[r.ordinal()].sum(),
                            regionRequests[r.ordinal()].sum(),
                            regionErrors[r.ordinal()].sum(),
                            added.getOrDefault(r, Duration.ZERO).toNanos() / 1e6,
                            latency(regionLatency[r.ordinal()].getIntervalHistogram())));
        }
        return out;
    }

    void injected(boolean willRetry) {
        injected.increment();
        (willRetry ? retried : lost).increment();
    }

    /** Call just before an attempt goes out; pair with {@link #answered} or {@link #failed}. */
    void sending() {
        sent.increment();
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
    }

    void answered(
            CommandClass cls, Region region, Verdict verdict, long intendedNanos, long sentNanos, long doneNanos) {
        inFlight.decrementAndGet();
        corrected.recordValue(micros(doneNanos - intendedNanos));
        regionLatency[region.ordinal()].recordValue(micros(doneNanos - intendedNanos));
        regionRequests[region.ordinal()].increment();
        uncorrected.recordValue(micros(doneNanos - sentNanos));
        decisions[cls.ordinal()][verdict.ordinal()].increment();
    }

    void failed(Region region, ErrorKind kind, String detail) {
        inFlight.decrementAndGet();
        regionRequests[region.ordinal()].increment();
        regionErrors[region.ordinal()].increment();
        errors.get(kind).increment();
        firstErrors.putIfAbsent(kind, detail);
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_US, Math.max(0, nanos / 1000));
    }

    long answeredCount() {
        long n = 0;
        for (LongAdder[] row : decisions) {
            for (LongAdder a : row) {
                n += a.sum();
            }
        }
        return n;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long verdictCount(Verdict v) {
        long n = 0;
        for (LongAdder[] row : decisions) {
            n += row[v.ordinal()].sum();
        }
        return n;
    }

    /** Takes what completed since the previous call, folds it into the totals, and describes it. */
    synchronized LoadResult.Interval interval(int second, int agents, double targetRate, boolean burst) {
        correctedInterval = corrected.getIntervalHistogram(correctedInterval);
        uncorrectedInterval = uncorrected.getIntervalHistogram(uncorrectedInterval);
        correctedTotal.add(correctedInterval);
        uncorrectedTotal.add(uncorrectedInterval);
        long answered = answeredCount();
        long errs = errorCount();
        long inj = injected.sum();
        Map<String, Long> mix = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            long total = verdictCount(v);
            mix.put(v.cliName(), total - lastVerdicts[v.ordinal()]);
            lastVerdicts[v.ordinal()] = total;
        }
        Histogram h = correctedInterval;
        LoadResult.Interval out = new LoadResult.Interval(
                second,
                answered + errs - lastCompleted,
                errs - lastErrors,
                inj - lastInjected,
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getMaxValue()),
                mix,
                agents,
                targetRate,
                burst);
        lastCompleted = answered + errs;
        lastErrors = errs;
        lastInjected = inj;
        return out;
    }

    static double ms(double micros) {
        return Math.round(micros) / 1000.0;
    }

    synchronized LoadResult.Latency latency(boolean correctedForOmission) {
        return latency(correctedForOmission ? correctedTotal : uncorrectedTotal);
    }

    /** Count, mean and percentiles of a histogram of microseconds, in milliseconds. */
    static LoadResult.Latency latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LoadResult.Latency(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new LoadResult.Latency(
                h.getTotalCount(),
                ms(h.getMean()),
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()));
    }

    /** Share of answers (corrected latency) within {@code limitMs}; 1 when nothing was answered. */
    synchronized double shareWithin(long limitMs) {
        long total = correctedTotal.getTotalCount();
        return total == 0 ? 1.0 : (double) correctedTotal.getCountBetweenValues(0, limitMs * 1000) / total;
    }

    LoadResult.Totals totals() {
        Map<String, Long> kinds = new LinkedHashMap<>();
        Map<String, String> first = new LinkedHashMap<>();
        for (ErrorKind k : ErrorKind.values()) {
            kinds.put(k.cliName(), errors.get(k).sum());
            String f = firstErrors.get(k);
            if (f != null) {
                first.put(k.cliName(), f);
            }
        }
        return new LoadResult.Totals(
                sent.sum(), answeredCount(), errorCount(), kinds, injected.sum(), retried.sum(), lost.sum(), first);
    }

    Map<String, Long> decisionMix() {
        Map<String, Long> mix = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            mix.put(v.cliName(), verdictCount(v));
        }
        return mix;
    }

    Map<String, Map<String, Long>> decisionsByClass() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (CommandClass c : CommandClass.values()) {
            Map<String, Long> mix = new LinkedHashMap<>();
            for (Verdict v : Verdict.values()) {
                mix.put(v.cliName(), decisions[c.ordinal()][v.ordinal()].sum());
            }
            out.put(c.cliName(), mix);
        }
        return out;
    }

    int peakInFlight() {
        return peakInFlight.get();
    }
}
