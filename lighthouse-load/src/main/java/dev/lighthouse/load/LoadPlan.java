package dev.lighthouse.load;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one load run needs, checked once. {@link #defaults()} holds every default in one place; the CLI
 * overrides from flags.
 *
 * @param urls the bridges' base URLs, e.g. {@code http://127.0.0.1:8765}: agents are spread over them in turn, and
 *     an agent whose bridge stops answering moves to another that does, the others in turn (see {@link LoadRun})
 * @param dialect which hook endpoint and body the simulated agents use
 * @param token bearer token sent with every request, if any
 * @param pattern workload pattern: command mix, agents and rates at base and peak, burst probability
 * @param model closed (a number of agents, each waiting for its answer and thinking) or open (arrival rate)
 * @param duration how long requests are started
 * @param ramp time from base to peak agents (closed) or rate (open); zero starts at peak
 * @param peakAgents closed model: agents at peak; base is scaled by the pattern's base/peak ratio
 * @param baseRate open model: arrivals per second at base; peak is this times the pattern's multiplier
 * @param thinkTime closed model: mean pause between an answer and the agent's next call; zero for saturation runs
 * @param thinkJitter think time varies uniformly by this fraction either side of the mean (0.5 = ±50 %)
 * @param sessionMean mean of the exponential agent session length; a new session gets a new id and project
 * @param burstMultiplier rate (open) or pace (closed) multiplier while a burst lasts (one second)
 * @param networkErrorRate share of attempts the client fails on purpose before sending (connection lost)
 * @param retryShare share of those failed attempts the agent retries after {@link #retryDelay}
 * @param retryDelay pause before a retry
 * @param requestTimeout an answer slower than this is an error
 * @param maxInFlight open model: requests outstanding at most; arrivals beyond wait (and show as late)
 * @param seed drives every random choice (commands, think times, sessions, bursts, injected errors)
 */
public record LoadPlan(
        List<URI> urls,
        Dialect dialect,
        Optional<String> token,
        WorkloadPattern pattern,
        Model model,
        Duration duration,
        Duration ramp,
        int peakAgents,
        double baseRate,
        Duration thinkTime,
        double thinkJitter,
        Duration sessionMean,
        double burstMultiplier,
        double networkErrorRate,
        double retryShare,
        Duration retryDelay,
        Duration requestTimeout,
        int maxInFlight,
        long seed,
        Optional<ReviewerSimulation> reviewers,
        Map<Region, Duration> regionLatency) {

    /** Closed: a fixed population of agents, each waits for its answer. Open: calls arrive at a rate regardless. */
    public enum Model {
        CLOSED,
        OPEN
    }

    public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:8765");

    public LoadPlan {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("url: expected at least one bridge URL");
        }
        for (URI url : urls) {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("url %s: expected an http:// or https:// URL".formatted(url));
            }
        }
        if (new HashSet<>(urls).size() != urls.size()) {
            throw new IllegalArgumentException("url %s: each bridge URL once, please".formatted(urls));
        }
        requireNonNull(dialect, "dialect");
        requireNonNull(token, "token");
        requireNonNull(pattern, "pattern");
        requireNonNull(model, "model");
        positive("duration", duration);
        nonNegative("ramp", ramp);
        nonNegative("think time", thinkTime);
        positive("session mean", sessionMean);
        nonNegative("retry delay", retryDelay);
        positive("request timeout", requestTimeout);
        if (peakAgents < 1) {
            throw new IllegalArgumentException("agents=%d: expected at least 1".formatted(peakAgents));
        }
        if (!(baseRate > 0)) {
            throw new IllegalArgumentException("rate=%s: expected a positive number of requests/s".formatted(baseRate));
        }
        share("think jitter", thinkJitter);
        share("network error rate", networkErrorRate);
        share("retry share", retryShare);
        if (!(burstMultiplier >= 1)) {
            throw new IllegalArgumentException("burst multiplier=%s: expected at least 1".formatted(burstMultiplier));
        }
        requireNonNull(reviewers, "reviewers");
        regionLatency = Map.copyOf(regionLatency);
        regionLatency.forEach((region, d) -> nonNegative("latency of region " + region.cliName(), d));
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight=%d: expected at least 1".formatted(maxInFlight));
        }
    }

    /** The original design's knobs at the {@code business_hours} pattern, closed model, for 60 s. */
    public static LoadPlan defaults() {
        WorkloadPattern p = WorkloadPattern.BUSINESS_HOURS;
        return new LoadPlan(
                List.of(DEFAULT_URL),
                Dialect.CLAUDE_CODE,
                Optional.empty(),
                p,
                Model.CLOSED,
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                p.peakAgents(),
                p.baseRate(),
                Duration.ofSeconds(2),
                0.5,
                Duration.ofSeconds(300),
                5.0,
                0.02,
                0.8,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                10_000,
                System.nanoTime(),
                Optional.empty(),
                Map.of());
    }

    /** The first bridge: the one whose status is sampled, whose reviews are answered and whose store is checked. */
    public URI url() {
        return urls.getFirst();
    }

    /** Agents at base: peak scaled by the pattern's base/peak ratio, at least one. */
    public int baseAgents() {
        return Math.max(1, (int) Math.round(peakAgents * (double) pattern.baseAgents() / pattern.peakAgents()));
    }

    public double peakRate() {
        return baseRate * pattern.peakMultiplier();
    }

    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from this plan. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Starts from {@link #defaults()}; {@link #pattern(WorkloadPattern)} also takes the pattern's agents and rate. */
    public static final class Builder {
        private List<URI> urls;
        private Dialect dialect;
        private Optional<String> token;
        private WorkloadPattern pattern;
        private Model model;
        private Duration duration;
        private Duration ramp;
        private int peakAgents;
        private double baseRate;
        private Duration thinkTime;
        private double thinkJitter;
        private Duration sessionMean;
        private double burstMultiplier;
        private double networkErrorRate;
        private double retryShare;
        private Duration retryDelay;
        private Duration requestTimeout;
        private int maxInFlight;
        private long seed;
        private Optional<ReviewerSimulation> reviewers;
        private Map<Region, Duration> regionLatency;

        private Builder(LoadPlan p) {
            urls = p.urls;
            dialect = p.dialect;
            token = p.token;
            pattern = p.pattern;
            model = p.model;
            duration = p.duration;
            ramp = p.ramp;
            peakAgents = p.peakAgents;
            baseRate = p.baseRate;
            thinkTime = p.thinkTime;
            thinkJitter = p.thinkJitter;
            sessionMean = p.sessionMean;
            burstMultiplier = p.burstMultiplier;
            networkErrorRate = p.networkErrorRate;
            retryShare = p.retryShare;
            retryDelay = p.retryDelay;
            requestTimeout = p.requestTimeout;
            reviewers = p.reviewers;
            regionLatency = p.regionLatency;
            maxInFlight = p.maxInFlight;
            seed = p.seed;
        }

        /** One bridge. */
        public Builder url(URI v) {
            urls = List.of(v);
            return this;
        }

        /** Several bridges (replicas behind no load balancer): agents are spread over them in turn. */
        public Builder urls(List<URI> v) {
            urls = v;
            return this;
        }

        public Builder dialect(Dialect v) {
            dialect = v;
            return this;
        }

        public Builder token(String v) {
            token = Optional.of(v);
            return this;
        }

        public Builder pattern(WorkloadPattern v) {
            pattern = v;
            peakAgents = v.peakAgents();
            baseRate = v.baseRate();
            return this;
        }

        public Builder model(Model v) {
            model = v;
            return this;
        }

        public Builder duration(Duration v) {
            duration = v;
            return this;
        }

        public Builder ramp(Duration v) {
            ramp = v;
            return this;
        }

        public Builder agents(int v) {
            peakAgents = v;
            return this;
        }

        public Builder rate(double v) {
            baseRate = v;
            return this;
        }

        public Builder thinkTime(Duration v) {
            thinkTime = v;
            return this;
        }

        public Builder thinkJitter(double v) {
            thinkJitter = v;
            return this;
        }

        public Builder sessionMean(Duration v) {
            sessionMean = v;
            return this;
        }

        public Builder burstMultiplier(double v) {
            burstMultiplier = v;
            return this;
        }

        public Builder networkErrors(double rate, double retried, Duration delay) {
            networkErrorRate = rate;
            retryShare = retried;
            retryDelay = delay;
            return this;
        }

        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        public Builder maxInFlight(int v) {
            maxInFlight = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Answer the bridge's reviews while the load runs. */
        public Builder simulateReviewers(ReviewerSimulation v) {
            reviewers = Optional.of(v);
            return this;
        }

        /** One-way delay added before each call of an agent in a region; none unless asked for. */
        public Builder regionLatency(Map<Region, Duration> v) {
            regionLatency = v;
            return this;
        }

        public LoadPlan build() {
            return new LoadPlan(
                    urls,
                    dialect,
                    token,
                    pattern,
                    model,
                    duration,
                    ramp,
                    peakAgents,
                    baseRate,
                    thinkTime,
                    thinkJitter,
                    sessionMean,
                    burstMultiplier,
                    networkErrorRate,
                    retryShare,
                    retryDelay,
                    requestTimeout,
                    maxInFlight,
                    seed,
                    reviewers,
                    regionLatency);
        }
    }

    private static void positive(String what, Duration d) {
        requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("%s=%s: expected a positive duration".formatted(what, d));
        }
    }

    private static void nonNegative(String what, Duration d) {
        requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException("%s=%s: expected zero or more".formatted(what, d));
        }
    }

    private static void share(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("%s=%s: expected a share between 0 and 1".formatted(what, v));
        }
    }
}
