package dev.lighthouse.policy;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.lighthouse.policy.call.Guard;
import dev.lighthouse.policy.call.LeaseFacts;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.facts.Deadline;
import dev.lighthouse.policy.rules.Fixture;
import dev.lighthouse.policy.verdict.ReviewRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A {@link Policy} with a decision cache: what the bridge calls for every tool call.
 *
 * <p>The cache (Caffeine, size-bounded, no expiry: a version's decisions never change) is keyed by the policy version
 * and the normalised call (input, cwd, project root, home, guard, the leases found on its paths; not agent or session,
 * which no rule sees). Elapsed time is
 * read from the given {@link Ticker}, so tests pass a fake one and the core never reads a clock of its own.
 *
 * <p>After the policy, the engine's {@link SessionDenials} remember each session's denials, so that a retry of a denied
 * act by another route is at least reviewed.
 *
 * <p>Thread-safe.
 */
public final class PolicyEngine {
    /**
     * Default size of the decision cache: this many ordinary calls. Entries are weighed by their input (one unit per
     * started KiB), so large calls take their share: 10,000 calls of 60 KB would otherwise hold 600 MB.
     */
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    private static final int UNIT_CHARS = 1024;

    /**
     * How long one decision may take before it ends in review. Ordinary decisions take microseconds and the worst
     * 64 KB inputs milliseconds (see {@code docs/performance.md}); the budget is the backstop for what no benchmark
     * found, generous enough that a loaded machine does not trip it.
     */
    public static final Duration DEFAULT_DECISION_BUDGET = Duration.ofSeconds(1);

    private final Policy policy;
    private final Ticker ticker;
    private final Cache<Key, Decision> cache;
    private final Duration budget;
    private final SessionDenials denials;

    private record Key(
            String version, ToolInput input, Path cwd, Path project, Path home, Guard guard, LeaseFacts leases) {}

    public PolicyEngine(Policy policy, int cacheSize, Ticker ticker) {
        this(policy, cacheSize, ticker, DEFAULT_DECISION_BUDGET);
    }

    /** @param budget how long one decision may take before it ends in review ({@link Decision#BUDGET_RULE}) */
    public PolicyEngine(Policy policy, int cacheSize, Ticker ticker, Duration budget) {
        this(policy, cacheSize, ticker, budget, SessionDenials.defaults());
    }

    /**
     * @param budget how long one decision may take before it ends in review ({@link Decision#BUDGET_RULE})
     * @param denials each session's denials, so retries by another route are reviewed
     */
    public PolicyEngine(Policy policy, int cacheSize, Ticker ticker, Duration budget, SessionDenials denials) {
        this.denials = requireNonNull(denials, "denials");
        this.budget = requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("decision budget must be positive, was " + budget);
        }
        this.policy = requireNonNull(policy, "policy");
        this.ticker = requireNonNull(ticker, "ticker");
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache size must be >= 0, was " + cacheSize);
        }
        this.cache = Caffeine.newBuilder()
                .maximumWeight(cacheSize)
                .weigher((Key key, Decision decision) ->
                        1 + key.input().toString().length() / UNIT_CHARS)
                .executor(Runnable::run)
                .build();
    }

    /** An engine with the default cache size, timing decisions with {@link System#nanoTime()}. */
    public static PolicyEngine of(Policy policy) {
        return new PolicyEngine(policy, DEFAULT_CACHE_SIZE, Ticker.systemTicker());
    }

    /**
     * An engine with the default cache size whose session memory is {@code denials}: engines of several policy
     * versions that share one memory remember a session's denials whichever version decided them.
     */
    public static PolicyEngine of(Policy policy, SessionDenials denials) {
        return new PolicyEngine(policy, DEFAULT_CACHE_SIZE, Ticker.systemTicker(), DEFAULT_DECISION_BUDGET, denials);
    }

    /** The session denials this engine's decisions pass through. */
    public SessionDenials sessionDenials() {
        return denials;
    }

    /** Decides a call, from the cache when this version has seen the same call before. */
    public Decision decide(ToolCall call, Instant now) {
        long start = ticker.read();
        Key key = new Key(
                policy.version().hash(),
                call.input(),
                call.cwd(),
                call.projectRoot(),
                call.home(),
                call.guard(),
                call.leases());
        Decision cached = cache.getIfPresent(key);
        if (cached != null) {
            return remembered(call, cached, now).withTiming(Duration.ofNanos(ticker.read() - start), true);
        }
        Decision fresh = policy.decide(call, now, Deadline.after(ticker, start, budget));
        if (!fresh.overBudget()) {
            // Over budget may be a moment's load, not the call: the next try is judged afresh.
            cache.put(key, fresh);
        }
        return remembered(call, fresh, now).withTiming(Duration.ofNanos(ticker.read() - start), false);
    }

    /** The decision after the session's earlier denials: the cached decision itself never carries them. */
    private Decision remembered(ToolCall call, Decision decision, Instant now) {
        if (call.session().isEmpty()) {
            return decision;
        }
        ReviewRoute route = policy.routes().getOrDefault(SECURITY_ROUTE, ReviewRoute.defaults(SECURITY_ROUTE));
        return denials.apply(call, decision, now, route);
    }

    /** The route of reviews a remembered denial causes (the default policy's route for security commands). */
    private static final String SECURITY_ROUTE = "security_command";

    /**
     * Decides each of the policy's own test cases once, unbudgeted and uncached, so that the first calls agents make
     * are not the ones that load the analysis' classes and run its patterns cold: on a loaded machine that alone can
     * take longer than the decision budget, and those calls would go to review unjudged.
     *
     * @return this engine
     */
    public PolicyEngine warmedUp() {
        warmUp();
        return this;
    }

    /** What {@link #warmedUp()} does; returns how many cases were judged. */
    int warmUp() {
        List<Fixture> cases = policy.fixtures();
        cases.forEach(fixture -> policy.decide(fixture.call(), Instant.EPOCH));
        return cases.size();
    }

    public Policy policy() {
        return policy;
    }
}
