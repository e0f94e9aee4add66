package dev.lighthouse.review;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How each reviewer has done: votes, how often a counted vote agreed with the final outcome, how long it took, how
 * often it gave no verdict when asked (silent at a review's deadline, or an LLM expert that failed). Counted from the start of the bridge (and from the events replayed at start); also
 * published as Micrometer meters {@code lighthouse.review.votes}, {@code lighthouse.review.agreement},
 * {@code lighthouse.review.latency} and {@code lighthouse.review.missed}, tagged by reviewer.
 *
 * <p>Thread-safe.
 */
public final class Reliability {
    /** One reviewer's record. */
    public record Stats(
            String reviewer, long votes, long counted, long agreed, long disagreed, long missed, double meanLatencyMs) {
        /** Share of settled counted votes that agreed with the outcome; 0 when none settled yet. */
        public double agreement() {
            return agreed + disagreed == 0 ? 0 : (double) agreed / (agreed + disagreed);
        }
    }

    private static final class Counts {
        final AtomicLong votes = new AtomicLong();
        final AtomicLong counted = new AtomicLong();
        final AtomicLong agreed = new AtomicLong();
        final AtomicLong disagreed = new AtomicLong();
        final AtomicLong missed = new AtomicLong();
        final AtomicLong latencyMillis = new AtomicLong();
    }

    private final Map<String, Counts> byReviewer = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    Reliability(MeterRegistry registry) {
        this.registry = registry;
    }

    void voted(String reviewer, boolean counted, Duration latency) {
        Counts c = counts(reviewer);
        c.votes.incrementAndGet();
        c.latencyMillis.addAndGet(latency.toMillis());
        Counter.builder("lighthouse.review.votes")
                .description("Verdicts received, by reviewer and whether they counted")
                .tag("reviewer", reviewer)
                .tag("counted", Boolean.toString(counted))
                .register(registry)
                .increment();
        Timer.builder("lighthouse.review.latency")
                .description("Time from review request to a reviewer's verdict")
                .tag("reviewer", reviewer)
                .register(registry)
                .record(latency);
        if (counted) {
            c.counted.incrementAndGet();
        }
    }

    void settled(String reviewer, boolean agreed) {
        Counts c = counts(reviewer);
        (agreed ? c.agreed : c.disagreed).incrementAndGet();
        Counter.builder("lighthouse.review.agreement")
                .description("Counted verdicts of settled reviews, by whether they agreed with the outcome")
                .tag("reviewer", reviewer)
                .tag("agreed", Boolean.toString(agreed))
                .register(registry)
                .increment();
    }

    void missed(String reviewer) {
        counts(reviewer).missed.incrementAndGet();
        Counter.builder("lighthouse.review.missed")
                .description("Reviews a reviewer was asked on and gave no verdict for (timed out; LLM expert errors)")
                .tag("reviewer", reviewer)
                .register(registry)
                .increment();
    }

    /** Every reviewer seen, by name. */
    public List<Stats> all() {
        return byReviewer.entrySet().stream()
                .map(e -> {
                    Counts c = e.getValue();
                    long votes = c.votes.get();
                    return new Stats(
                            e.getKey(),
                            votes,
                            c.counted.get(),
                            c.agreed.get(),
                            c.disagreed.get(),
                            c.missed.get(),
                            votes == 0 ? 0 : (double) c.latencyMillis.get() / votes);
                })
                .sorted(Comparator.comparing(Stats::reviewer))
                .toList();
    }

    private Counts counts(String reviewer) {
        return byReviewer.computeIfAbsent(reviewer, r -> new Counts());
    }
}
