package dev.lighthouse.bridge.retry;

import static java.util.Objects.requireNonNull;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long a call to another service (an alert receiver, an LLM provider) is retried: exponential
 * backoff with jitter, bounded by a number of attempts and a total time, whichever ends first.
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

    /** As {@link #pause(int)}, unless the service asked for longer ({@code Retry-After}). */
    public Duration pause(int attempt, Optional<Duration> retryAfter) {
        Duration jittered = pause(attempt);
        return retryAfter.filter(asked -> asked.compareTo(jittered) > 0).orElse(jittered);
    }

    /** {@code Retry-After} as seconds or as an HTTP date; absent or unreadable is empty. */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
        Optional<String> value = headers.firstValue("retry-after").map(String::trim);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
