package dev.lighthouse.retry;

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
import java.util.function.Function;

/**
 * How often and how long a call to another service (an alert receiver, an LLM provider, the review webhook) is
 * retried: exponential backoff with jitter, bounded by a number of attempts and a total time, whichever ends first.
 * {@link #run} is the one retry loop of the bridge; callers say what an attempt does and how its outcome counts.
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

    /** One attempt about to be made: its number (1-based) and the time left of {@link #total}. */
    public record Try(int number, Duration remaining) {}

    /** One attempt at the call being retried. */
    @FunctionalInterface
    public interface Call<R> {
        R attempt(Try t) throws InterruptedException;
    }

    /** How an attempt's outcome counts. */
    public sealed interface Step {
        /** Success: stop. */
        record Done() implements Step {}

        /** A failure that may pass (a 5xx, a timeout): try again after a pause, unless attempts or time ran out. */
        record Retry(Optional<Duration> retryAfter) implements Step {}

        /** Try again at once, not counted against {@link #attempts} (say, a garbled answer asked for again). */
        record RetryAtOnce() implements Step {}

        /** A failure that will not pass (a 4xx, a bad key): stop. */
        record Stop() implements Step {}
    }

    /** How a run ended, with the last attempt's outcome ({@code null} only when no attempt could start). */
    public sealed interface Result<R> {
        R last();

        int attempts();

        record Done<R>(R last, int attempts) implements Result<R> {}

        /** The last attempt's outcome said {@link Step.Stop}. */
        record Stopped<R>(R last, int attempts) implements Result<R> {}

        /** Every attempt allowed was made. */
        record OutOfAttempts<R>(R last, int attempts) implements Result<R> {}

        /** The total time ran out before the next attempt; {@code nextPause} when it was the pause that would not fit. */
        record OutOfTime<R>(R last, int attempts, Optional<Duration> nextPause) implements Result<R> {}
    }

    /**
     * Makes attempts until one is done or stops, attempts run out or the total time would pass, pausing as {@link
     * #pause(int, Optional)} says between retryable failures. Runs on the calling thread.
     *
     * @param call makes one attempt; told its number and the time left
     * @param step how an outcome counts
     * @throws InterruptedException interrupted while pausing
     */
    public <R> Result<R> run(Call<R> call, Function<R, Step> step) throws InterruptedException {
        long deadline = System.nanoTime() + total.toNanos();
        int made = 0;
        int retries = 0;
        R last = null;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return new Result.OutOfTime<>(last, made, Optional.empty());
            }
            made++;
            last = call.attempt(new Try(made, Duration.ofNanos(remaining)));
            switch (step.apply(last)) {
                case Step.Done _ -> {
                    return new Result.Done<>(last, made);
                }
                case Step.Stop _ -> {
                    return new Result.Stopped<>(last, made);
                }
                case Step.RetryAtOnce _ -> {}
                case Step.Retry r -> {
                    if (++retries >= attempts) {
                        return new Result.OutOfAttempts<>(last, made);
                    }
                    Duration pause = pause(retries, r.retryAfter());
                    if (pause.toNanos() >= deadline - System.nanoTime()) {
                        return new Result.OutOfTime<>(last, made, Optional.of(pause));
                    }
                    Thread.sleep(pause); // the other service's recovery time, not standing in for work
                }
            }
        }
    }
}
