package dev.lighthouse.bridge.sla;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One SLA threshold crossing its limit for longer than its grace period ({@link #violated}), or coming back ({@link
 * #recovered}).
 *
 * @param threshold the threshold, with its limit, severity and whether its violation may roll a policy back
 * @param direction which way it crossed
 * @param value the measured value over the window
 * @param at when the transition happened
 */
public record SlaTransition(SlaThreshold threshold, Direction direction, double value, Instant at) {
    /** Which way a threshold crossed its limit. */
    public enum Direction {
        VIOLATED,
        RECOVERED
    }

    public SlaTransition {
        requireNonNull(threshold, "threshold");
        requireNonNull(direction, "direction");
        requireNonNull(at, "at");
    }

    /** {@code threshold} is violated: {@code value} broke its limit for longer than its grace period. */
    public static SlaTransition violated(SlaThreshold threshold, double value, Instant at) {
        return new SlaTransition(threshold, Direction.VIOLATED, value, at);
    }

    /** {@code threshold} recovered: {@code value} is back within its limit. */
    public static SlaTransition recovered(SlaThreshold threshold, double value, Instant at) {
        return new SlaTransition(threshold, Direction.RECOVERED, value, at);
    }

    /** The threshold's id, e.g. {@code p99_latency}. */
    public String id() {
        return threshold.id();
    }

    public boolean violated() {
        return direction == Direction.VIOLATED;
    }

    /** The threshold's configured severity. */
    public SlaSeverity severity() {
        return threshold.severity();
    }

    /** Whether a violation of this threshold may trigger an automatic policy rollback. */
    public boolean rollback() {
        return threshold.rollback();
    }

    /** The threshold's configured limit. */
    public double limit() {
        return threshold.limit();
    }

    /** Receives every transition, on the monitor's thread; must not block. */
    @FunctionalInterface
    public interface Listener {
        void changed(SlaTransition transition);
    }
}
