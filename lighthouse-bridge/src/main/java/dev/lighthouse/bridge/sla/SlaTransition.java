package dev.lighthouse.bridge.sla;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One SLA threshold crossing its limit for longer than its grace period ({@code violated}), or coming back
 * ({@code recovered}).
 *
 * @param threshold the threshold's id, e.g. {@code p99_latency}
 * @param violated true when the threshold is now violated, false when it recovered
 * @param severity the threshold's configured severity ({@code critical}, {@code major}, {@code minor},
 *     {@code warning})
 * @param rollback whether a violation of this threshold may trigger an automatic policy rollback
 * @param value the measured value over the window
 * @param limit the configured limit
 * @param at when the transition happened
 */
public record SlaTransition(
        String threshold, boolean violated, String severity, boolean rollback, double value, double limit, Instant at) {
    public SlaTransition {
        requireNonNull(threshold, "threshold");
        requireNonNull(severity, "severity");
        requireNonNull(at, "at");
    }

    /** Receives every transition, on the monitor's thread; must not block. */
    @FunctionalInterface
    public interface Listener {
        void changed(SlaTransition transition);
    }
}
