package dev.lighthouse.coordination.elicit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-agent token bucket (Bucket4j): up to {@code burst} at once, refilled greedily at {@code perMinute}. Time comes
 * from the given clock, so tests move it instead of waiting.
 */
final class Allowance {
    private final int perMinute;
    private final int burst;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    Allowance(int perMinute, int burst, Clock clock) {
        this.perMinute = perMinute;
        this.burst = burst;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** Takes one from {@code agent}'s allowance; empty if it could, else how long until it can. */
    Optional<Duration> take(String agent) {
        ConsumptionProbe probe = buckets.computeIfAbsent(
                        agent,
                        a -> Bucket.builder()
                                .withCustomTimePrecision(time)
                                .addLimit(Bandwidth.builder()
                                        .capacity(burst)
                                        .refillGreedy(perMinute, Duration.ofMinutes(1))
                                        .build())
                                .build())
                .tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    int perMinute() {
        return perMinute;
    }

    int burst() {
        return burst;
    }
}
