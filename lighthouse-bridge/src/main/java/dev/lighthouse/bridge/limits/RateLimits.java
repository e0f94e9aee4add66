package dev.lighthouse.bridge.limits;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per agent, with the allowance set by the agent's role (Bucket4j token buckets, refilled
 * greedily, so an agent may burst up to one minute's allowance).
 *
 * <p>Thread-safe; one bucket per agent name, created on its first request. The number of buckets is bounded by the
 * number of issued tokens plus the local user.
 */
public final class RateLimits {
    private final Map<Role, OptionalLong> perMinute;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perMinute allowance per role; an empty value means unlimited */
    public RateLimits(Map<Role, OptionalLong> perMinute) {
        this.perMinute = new EnumMap<>(requireNonNull(perMinute, "perMinute"));
        for (Role role : Role.values()) {
            if (!this.perMinute.containsKey(role)) {
                throw new IllegalArgumentException("no rate limit given for role " + role.label());
            }
        }
    }

    /** The reference defaults: agent 1,000/min, expert 2,000, reviewer 2,000, admin 10,000, owner and tokenless loopback callers unlimited. */
    public static Map<Role, OptionalLong> defaults() {
        Map<Role, OptionalLong> limits = new EnumMap<>(Role.class);
        limits.put(Role.AGENT, OptionalLong.of(1_000));
        limits.put(Role.EXPERT, OptionalLong.of(2_000));
        limits.put(Role.REVIEWER, OptionalLong.of(2_000));
        limits.put(Role.ADMIN, OptionalLong.of(10_000));
        limits.put(Role.OWNER, OptionalLong.empty());
        limits.put(Role.LOCAL, OptionalLong.empty());
        return limits;
    }

    /** Takes one request from the caller's allowance; false when it is used up. */
    public boolean tryAcquire(Principal who) {
        OptionalLong limit = perMinute.get(who.role());
        if (limit.isEmpty()) {
            return true;
        }
        return buckets.computeIfAbsent(who.name() + "\u0000" + who.role(), k -> bucket(limit.getAsLong()))
                .tryConsume(1);
    }

    public OptionalLong perMinute(Role role) {
        return perMinute.get(role);
    }

    private static Bucket bucket(long perMinute) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perMinute)
                        .refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build();
    }
}
