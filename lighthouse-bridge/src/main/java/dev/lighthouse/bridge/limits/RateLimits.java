package dev.lighthouse.bridge.limits;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * Requests per minute per caller, with the allowance set by the caller's role (Bucket4j token buckets, refilled
 * greedily, so a caller may burst up to one minute's allowance).
 *
 * <p>Two homes for the buckets. {@link #inMemory} keeps them in this process: one replica, or SQLite. {@link #shared}
 * keeps them in the database the replicas share (table {@code rate_buckets}, Bucket4j's PostgreSQL select-for-update
 * proxy manager), so a caller has one budget however its requests are spread over replicas.
 *
 * <p>Design: a shared bucket does not cost a database round trip per request. Each replica serves a caller's requests
 * from its own copy of the caller's bucket and settles with the database (one short transaction that locks the row)
 * once it has taken {@link #unsettled(long)} tokens since it last did, or {@link #SETTLE_EVERY} has passed (Bucket4j's
 * delaying optimization; concurrent requests of one caller share a settlement). The copy never holds fewer tokens
 * than the shared bucket, so a replica refuses only a caller that is over its budget; what it admits too many is at
 * most its unsettled tokens, about 1% of the allowance, per other replica, however long it goes between settlements
 * (what it took meanwhile is charged at the next one, pushing the bucket below zero). So the time bound only keeps the
 * database's count fresh, and is long: an agent that calls every few seconds would otherwise settle on every call.
 *
 * <p>When the shared bucket cannot be settled in time (the database saturated by a thousand callers settling at
 * once, or away), the request is counted against a bucket of this replica's own instead: a caller is still limited,
 * to its allowance per replica, and ordinary work is not refused because the limiter's database is slow. Refusing
 * there would deny every agent's calls for a rate limiter's sake; a database that is really away already makes the
 * hooks fail closed through the event store.
 *
 * <p>Thread-safe; one bucket per caller, created on its first counted request. The number of buckets is bounded by the
 * number of issued tokens plus the local user.
 */
public final class RateLimits {
    /** Longest a replica serves a caller from its own copy of the caller's bucket before settling with the others. */
    static final Duration SETTLE_EVERY = Duration.ofSeconds(30);
    /** Longest a settlement may take before the request is counted by this replica alone. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(RateLimits.class.getName());

    /** Whether a request fits its caller's allowance. */
    public sealed interface Admission {
        /** Within the allowance (or the role has none); one request was taken from it. */
        record Within() implements Admission {}

        /** Over the allowance of {@code perMinute} requests a minute. */
        record Over(long perMinute) implements Admission {}
    }

    private static final Admission WITHIN = new Admission.Within();

    private final Map<Role, OptionalLong> perMinute;
    /** A new bucket for a key and the allowance it holds. */
    private final BiFunction<String, Long, Bucket> newBucket;

    private final Optional<String> sharedIn;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** This replica's own buckets, used for a caller while its shared bucket cannot be settled. */
    private final ConcurrentHashMap<String, Bucket> fallback = new ConcurrentHashMap<>();

    private final AtomicLong lastWarned = new AtomicLong();

    private RateLimits(
            Map<Role, OptionalLong> perMinute, BiFunction<String, Long, Bucket> newBucket, Optional<String> sharedIn) {
        this.perMinute = new EnumMap<>(requireNonNull(perMinute, "perMinute"));
        for (Role role : Role.values()) {
            if (!this.perMinute.containsKey(role)) {
                throw new IllegalArgumentException("no rate limit given for role " + role.label());
            }
        }
        this.newBucket = newBucket;
        this.sharedIn = sharedIn;
    }

    /**
     * Buckets in this process, counting only the requests it serves.
     *
     * @param perMinute allowance per role; an empty value means unlimited
     */
    public static RateLimits inMemory(Map<Role, OptionalLong> perMinute) {
        return new RateLimits(perMinute, (key, allowance) -> localBucket(allowance), Optional.empty());
    }

    /**
     * Buckets in {@code database}'s table {@code rate_buckets} (made by the event store's schema migrations), one
     * budget per caller across every replica that uses the same database.
     *
     * @param perMinute allowance per role; an empty value means unlimited
     */
    public static RateLimits shared(Map<Role, OptionalLong> perMinute, DataSource database) {
        ProxyManager<String> proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(database)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_buckets")
                .idColumn("id")
                .stateColumn("state")
                .requestTimeout(SETTLE_TIMEOUT)
                .build();
        return new RateLimits(
                perMinute,
                (key, allowance) -> {
                    return proxies.builder()
                            .withOptimization(
                                    Optimizations.delaying(new DelayParameters(unsettled(allowance), SETTLE_EVERY)))
                            .build(
                                    key,
                                    () -> BucketConfiguration.builder()
                                            .addLimit(limit -> limit.capacity(allowance)
                                                    .refillGreedy(allowance, Duration.ofMinutes(1)))
                                            .build());
                },
                Optional.of("the shared rate budgets"));
    }

    /** {@link #shared} on {@code database} when there is one, else {@link #inMemory}. */
    public static RateLimits of(Map<Role, OptionalLong> perMinute, Optional<DataSource> database) {
        return database.map(db -> shared(perMinute, db)).orElseGet(() -> inMemory(perMinute));
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

    /** Takes one request from the caller's allowance, if it has room. */
    public Admission tryAcquire(Principal who) {
        OptionalLong limit = perMinute.get(who.role());
        if (limit.isEmpty()) {
            return WITHIN;
        }
        long allowance = limit.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key(who, allowance), key -> newBucket.apply(key, allowance));
        boolean taken;
        try {
            taken = bucket.tryConsume(1);
        } catch (BucketExceptions.BucketExecutionException e) {
            warn(who, e);
            taken = fallback.computeIfAbsent(key(who, allowance), key -> localBucket(allowance))
                    .tryConsume(1);
        }
        return taken ? WITHIN : new Admission.Over(allowance);
    }

    private static Bucket localBucket(long allowance) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(allowance).refillGreedy(allowance, Duration.ofMinutes(1)))
                .build();
    }

    /** At most one line a minute: under saturation every caller's settlement fails at once. */
    private void warn(Principal who, Exception e) {
        long now = System.nanoTime();
        long last = lastWarned.get();
        if ((last == 0 || now - last > WARN_EVERY.toNanos()) && lastWarned.compareAndSet(last, now)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot settle {0} (agent `{1}`: {2}); counting callers against this replica''s own buckets"
                            + " until it can",
                    sharedIn.orElse("the rate budgets"),
                    who.name(),
                    rootMessage(e));
        }
    }

    public OptionalLong perMinute(Role role) {
        return perMinute.get(role);
    }

    /** Whether the budgets are shared with other replicas (in the database) rather than kept in this process. */
    public boolean shared() {
        return sharedIn.isPresent();
    }

    /**
     * Tokens a replica may take from a caller's bucket before it settles with the shared one: 1% of the allowance, at
     * least 1, so that a caller over budget on one replica gets at most that much more on another.
     */
    static long unsettled(long perMinute) {
        return Math.max(1, perMinute / 100);
    }

    /**
     * The bucket's key: role, name and allowance. The allowance is part of it so that a replica configured with a
     * different allowance for the role keeps a bucket of its own rather than rewriting the others'; a changed
     * allowance starts a fresh bucket. No NUL: PostgreSQL's text cannot hold one.
     */
    private static String key(Principal who, long allowance) {
        return who.role().label() + " " + allowance + " " + who.name();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
