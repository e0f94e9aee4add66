package dev.lighthouse.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the simulated reviewer pool answers reviews: each reviewer identity takes every pending review it sees, takes
 * the expert response time of the review's route (the original design's escalation scenarios), then approves with
 * {@code approvalShare} probability or denies.
 *
 * @param approvalShare share of reviews approved, 0 to 1
 * @param tokens one bearer token per reviewer identity; empty for one identity without a token (the loopback user)
 * @param pollInterval how often pending reviews are listed
 */
public record ReviewerSimulation(double approvalShare, List<String> tokens, Duration pollInterval) {
    /** Expert response time per route, from the original design; other routes take {@link #OTHER_ROUTES}. */
    public static final Map<String, Duration> RESPONSE_TIMES = Map.of(
            "production_deployment", Duration.ofMillis(800),
            "database_operation", Duration.ofMillis(1200),
            "security_command", Duration.ofMillis(600),
            "network_change", Duration.ofMillis(900));

    public static final Duration OTHER_ROUTES = Duration.ofMillis(1000);
    public static final Duration DEFAULT_POLL = Duration.ofMillis(100);

    public ReviewerSimulation {
        if (!(approvalShare >= 0 && approvalShare <= 1)) {
            throw new IllegalArgumentException(
                    "approval share=%s: expected a share between 0 and 1".formatted(approvalShare));
        }
        tokens = List.copyOf(tokens);
        requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive");
        }
    }

    public static Duration responseTime(String route) {
        return RESPONSE_TIMES.getOrDefault(route, OTHER_ROUTES);
    }
}
