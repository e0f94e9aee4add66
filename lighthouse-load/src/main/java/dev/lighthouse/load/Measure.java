package dev.lighthouse.load;

import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The measured family a baseline compares: latency, throughput, errors, the 100 ms SLA share, and the bridge's CPU,
 * memory and GC. Each knows which direction is worse and a noise floor: a change smaller than the floor in absolute
 * terms is never a regression, whatever its relative size (0 → 0.3 ms is not a regression of infinity percent).
 */
public enum Measure {
    LATENCY_MEAN("latency mean", "ms", true, 2, r -> of(r.latency().meanMs())),
    LATENCY_P50("latency p50", "ms", true, 2, r -> of(r.latency().p50Ms())),
    LATENCY_P95("latency p95", "ms", true, 5, r -> of(r.latency().p95Ms())),
    LATENCY_P99("latency p99", "ms", true, 5, r -> of(r.latency().p99Ms())),
    LATENCY_MAX("latency max", "ms", true, 25, r -> of(r.latency().maxMs())),
    THROUGHPUT("throughput", "req/s", false, 1, r -> of(r.throughput())),
    ERROR_RATE("error rate", "%", true, 0.1, r -> of(r.errorRate() * 100)),
    /** Compared through its complement, the share over 100 ms: 99.9 % → 99.0 % is ten times as many slow calls. */
    SHARE_UNDER_100MS("share under 100 ms", "%", false, 0.1, r -> of(r.shareUnder100ms() * 100)),
    BRIDGE_CPU_MEAN("bridge CPU mean", "%", true, 5, r -> percent(r.bridge().cpuMean())),
    /** The mean over scrapes: a JVM's peak memory mostly says when the last collection happened. */
    BRIDGE_MEMORY_MEAN(
            "bridge memory mean", "MiB", true, 64, r -> mib(r.bridge().memoryMeanBytes())),
    BRIDGE_GC_COUNT("bridge GC pauses", "", true, 5, r -> r.bridge().gcCount()),
    BRIDGE_GC_TIME("bridge GC time", "ms", true, 50, r -> millis(r.bridge().gcSeconds()));

    private final String label;
    private final String unit;
    private final boolean higherIsWorse;
    private final double floor;
    private final Function<LoadResult, OptionalDouble> read;

    Measure(String label, String unit, boolean higherIsWorse, double floor, Function<LoadResult, OptionalDouble> read) {
        this.label = label;
        this.unit = unit;
        this.higherIsWorse = higherIsWorse;
        this.floor = floor;
        this.read = read;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public boolean higherIsWorse() {
        return higherIsWorse;
    }

    /** The smallest absolute worsening, in {@link #unit()}, that can count as a regression. */
    public double floor() {
        return floor;
    }

    public OptionalDouble of(LoadResult r) {
        return read.apply(r);
    }

    /**
     * How much worse {@code current} is than {@code baseline}, as a fraction (0.25 = 25 % worse; negative = better).
     * The SLA share is compared through the share over 100 ms.
     */
    double worsening(double baseline, double current) {
        if (this == SHARE_UNDER_100MS) {
            return relative(100 - baseline, 100 - current);
        }
        return higherIsWorse ? relative(baseline, current) : -relative(baseline, current);
    }

    /** The absolute worsening in {@link #unit()}. */
    double absoluteWorsening(double baseline, double current) {
        return higherIsWorse ? current - baseline : baseline - current;
    }

    private static double relative(double baseline, double current) {
        if (baseline == 0) {
            return current == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, current);
        }
        return (current - baseline) / Math.abs(baseline);
    }

    private static OptionalDouble of(double v) {
        return OptionalDouble.of(v);
    }

    private static OptionalDouble percent(OptionalDouble share) {
        return share.isPresent() ? OptionalDouble.of(share.getAsDouble() * 100) : share;
    }

    private static OptionalDouble mib(OptionalDouble bytes) {
        return bytes.isPresent() ? OptionalDouble.of(bytes.getAsDouble() / (1024 * 1024)) : bytes;
    }

    private static OptionalDouble millis(OptionalDouble seconds) {
        return seconds.isPresent() ? OptionalDouble.of(seconds.getAsDouble() * 1000) : seconds;
    }
}
