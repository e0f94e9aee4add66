package dev.lighthouse.coordination.lease;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Limits on leases (config {@code leases.max_ttl}, {@code leases.default_ttl}).
 *
 * @param maxTtl the longest a lease may be taken or renewed for at once
 * @param defaultTtl the time-to-live of a lease whose request names none
 */
public record LeaseSettings(Duration maxTtl, Duration defaultTtl) {
    public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(4);
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    public LeaseSettings {
        requireNonNull(maxTtl, "maxTtl");
        requireNonNull(defaultTtl, "defaultTtl");
        if (maxTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("leases.max_ttl must be at least 1 s, got " + maxTtl);
        }
        if (defaultTtl.compareTo(Duration.ofSeconds(1)) < 0 || defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException(
                    "leases.default_ttl must be 1 s to leases.max_ttl (%s), got %s".formatted(maxTtl, defaultTtl));
        }
    }

    /** At most 4 hours at once; 15 minutes when a request names no time-to-live. */
    public static LeaseSettings defaults() {
        return new LeaseSettings(DEFAULT_MAX_TTL, DEFAULT_TTL);
    }
}
