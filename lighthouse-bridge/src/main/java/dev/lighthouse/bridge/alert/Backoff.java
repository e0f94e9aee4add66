package dev.lighthouse.bridge.alert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long a delivery is retried: exponential backoff with jitter, bounded by a number of attempts and
 * a total time, whichever ends first.
 *
 * @param attempts most attempts, the first included
 * @param first pause after the first failure; each further pause doubles
 * @param longest cap on one pause
 * @param total no attempt starts later than this after the first
 */
public record Backoff(int attempts, Duration first, Duration longest, Duration total) {
    public Backoff {
        requireNonNull(first, "first");
        requireNonNull(longest, "longest");
        requireNonNull(total, "total");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
    }

    /** 6 attempts, pauses of about 1, 2, 4, 8, 16 s, at most 5 minutes in all. */
    public static Backoff defaults() {
        return new Backoff(6, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));
    }

    /**
     * The pause after failed attempt {@code attempt} (1-based): between half and all of {@code first × 2^(attempt-1)}
     * (capped), so receivers that failed together are not retried in lock step.
     */
    public Duration pause(int attempt) {
        long base = first.toMillis() << Math.min(attempt - 1, 30);
        long capped = Math.min(base < 0 ? Long.MAX_VALUE : base, longest.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
