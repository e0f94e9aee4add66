package dev.lighthouse.bridge.sla;

/**
 * What an SLA threshold measures, in which unit, and whether its limit is a floor or a ceiling. Every value is taken
 * over the threshold's sliding window; see {@code docs/operations.md} for the exact definitions.
 */
public enum SlaMeasure {
    /** Share of decided calls answered within {@link SlaWindows#FAST} (100 ms), in percent; a floor. */
    FAST_SHARE("fast_share", "share of decisions under 100 ms", "%", Limit.FLOOR),
    /** 99th percentile of decision latency, in milliseconds; a ceiling. */
    P99_LATENCY("p99_latency", "p99 decision latency", "ms", Limit.CEILING),
    /** Mean decision latency, in milliseconds; a ceiling. */
    MEAN_LATENCY("mean_latency", "mean decision latency", "ms", Limit.CEILING),
    /** Share of hook calls and readiness probes that succeeded rather than failed inside the bridge; a floor. */
    AVAILABILITY("availability", "availability", "%", Limit.FLOOR),
    /** Share of submitted calls that ended in a bridge-side error (failure or overload), in percent; a ceiling. */
    ERROR_RATE("error_rate", "error rate", "%", Limit.CEILING),
    /** Decided calls per second, measured only while agents are active; a floor. */
    THROUGHPUT("throughput", "throughput", "req/s", Limit.FLOOR),
    /** The bridge process's CPU load, in percent of all cores; a ceiling. */
    CPU("cpu", "CPU utilisation", "%", Limit.CEILING),
    /** Heap used, in percent of the maximum heap; a ceiling. */
    MEMORY("memory", "memory utilisation", "%", Limit.CEILING);

    /** Which side of its limit a measure must stay on. */
    private enum Limit {
        /** A minimum: violated below it. */
        FLOOR,
        /** A maximum: violated above it. */
        CEILING
    }

    private final String id;
    private final String title;
    private final String unit;
    private final boolean floor;

    SlaMeasure(String id, String title, String unit, Limit limit) {
        this.id = id;
        this.title = title;
        this.unit = unit;
        this.floor = limit == Limit.FLOOR;
    }

    /** The threshold's id in events, metrics, alerts and {@code /v1/sla}, e.g. {@code p99_latency}. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String unit() {
        return unit;
    }

    /** True when the limit is a minimum (violated below it), false when a maximum (violated above it). */
    public boolean floor() {
        return floor;
    }

    /** Whether {@code value} breaks {@code limit}; an absent value (NaN: nothing measured) never does. */
    boolean breaks(double value, double limit) {
        return !Double.isNaN(value) && (floor ? value < limit : value > limit);
    }
}
