package dev.lighthouse.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one {@link LoadPlan} against a bridge and returns what it measured.
 *
 * <p>Design. Every simulated call has an <em>intended</em> start: in the closed model the agent's own schedule (the
 * previous intended start plus its think time, as if the bridge answered at once), in the open model the arrival
 * time. Latency is measured from the intended start, so a stalled bridge shows as the delay every agent would have
 * felt, not as the few requests that happened to be in flight (coordinated omission, as in wrk2). The uncorrected
 * latency, from the moment a request left, is kept beside it. A think time of zero means "as fast as possible":
 * there is no schedule to be late against, so both latencies coincide.
 *
 * <p>Threads: one virtual thread per agent (closed) or per call (open), a dispatcher for arrivals (open), a metrics
 * scraper, and the calling thread, which ticks once a second: it samples the statistics, ramps the population or
 * rate, and decides bursts. Every loop ends at the planned end; requests in flight then finish within the request
 * timeout.
 *
 * <p>Several bridges ({@link LoadPlan#urls}): agents are placed on them in turn, and an agent whose bridge fails at the
 * connection moves to another that is up, the others in turn ({@link Bridges}). A call refused before it was sent goes
 * to another bridge at once, as a load balancer retries it, and its latency includes the refusal; a call that failed after it
 * may have arrived (connection reset, no answer in time) is an error and is not sent again (the bridge may have
 * decided it), and the agent goes on from another bridge. Each answered call is an {@link Acknowledgement}.
 */
public final class LoadRun {
    /** What the progress callback sees once a second. */
    public record Progress(
            int second,
            int totalSeconds,
            int agents,
            double targetRate,
            LoadResult.Interval last,
            long requests,
            long errors) {}

    private static final String[] PROJECTS = {
        "payments-api",
        "web-frontend",
        "infra",
        "data-pipeline",
        "mobile-app",
        "auth-service",
        "search",
        "billing",
        "ml-training",
        "docs-site",
        "platform-tools",
        "inventory"
    };

    private final LoadPlan plan;
    private final CommandCorpus corpus;
    private final LiveStats stats = new LiveStats();
    private final SplittableRandom root;
    private final Consumer<Acknowledgement> acknowledged;
    private final Instant wallAtStart = Instant.now();
    private final long nanosAtStart = System.nanoTime();
    private volatile boolean burst;
    private volatile double currentRate;
    private volatile int targetAgents;
    private long startNanos;
    private long endNanos;

    private LoadRun(LoadPlan plan, CommandCorpus corpus, Consumer<Acknowledgement> acknowledged) {
        this.plan = plan;
        this.corpus = corpus;
        this.root = new SplittableRandom(plan.seed());
        this.acknowledged = acknowledged;
    }

    /** Runs {@code plan} to its end, reporting progress once a second on the calling thread. */
    public static LoadResult run(LoadPlan plan, CommandCorpus corpus, Consumer<Progress> progress) {
        return run(plan, corpus, progress, a -> {});
    }

    /**
     * Runs {@code plan} to its end, reporting progress once a second on the calling thread and each acknowledged call
     * as its answer arrives (from many threads at once).
     */
    public static LoadResult run(
            LoadPlan plan, CommandCorpus corpus, Consumer<Progress> progress, Consumer<Acknowledgement> acknowledged) {
        return new LoadRun(plan, corpus, acknowledged).execute(progress);
    }

    private LoadResult execute(Consumer<Progress> progress) {
        int connections = plan.model() == LoadPlan.Model.CLOSED ? plan.peakAgents() : plan.maxInFlight();
        Instant startedAt = Instant.now();
        List<BridgeMetrics.Sample> bridgeSamples = Collections.synchronizedList(new ArrayList<>());
        List<LoadResult.Interval> intervals = new ArrayList<>();
        SplittableRandom burstRandom = root.split();
        Optional<SimulatedReviewers> reviewers = plan.reviewers().map(sim -> SimulatedReviewers.start(plan, sim));
        Bridges bridges = new Bridges(plan, connections, reviewers.isPresent() ? "review" : "decide");
        try (bridges) {
            HookClient client = bridges.first().client;
            client.status().map(BridgeMetrics::parse).ifPresent(bridgeSamples::add);
            startNanos = System.nanoTime();
            endNanos = startNanos + plan.duration().toNanos();
            int totalSeconds = (int) Math.ceil(plan.duration().toMillis() / 1000.0);
            try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
                Thread scraper = Thread.ofVirtual().name("load-metrics").start(() -> scrape(client, bridgeSamples));
                updateTargets(0);
                Thread dispatcher = plan.model() == LoadPlan.Model.OPEN
                        ? Thread.ofVirtual().name("load-arrivals").start(() -> dispatch(bridges, calls))
                        : null;
                int started = 0;
                for (int second = 0; second < totalSeconds; second++) {
                    if (dispatcher == null) {
                        for (; started < targetAgents; started++) {
                            SplittableRandom r = root.split();
                            Bridges.Target home = bridges.home(started);
                            calls.submit(() -> agent(bridges, home, r));
                        }
                    }
                    long tickEnd = Math.min(endNanos, startNanos + TimeUnit.SECONDS.toNanos(second + 1));
                    parkUntil(tickEnd);
                    LoadResult.Interval last = stats.interval(second + 1, activeAgents(started), currentRate, burst);
                    intervals.add(last);
                    progress.accept(new Progress(
                            second + 1,
                            totalSeconds,
                            activeAgents(started),
                            dispatcher == null ? 0 : currentRate,
                            last,
                            stats.answeredCount() + stats.errorCount(),
                            stats.errorCount()));
                    burst = burstRandom.nextDouble() < plan.pattern().burstProbability();
                    updateTargets(second + 1);
                }
                scraper.interrupt();
                if (dispatcher != null) {
                    joinQuietly(dispatcher);
                }
            }
            // Answers that arrived after the last tick still count in the totals.
            intervals.add(stats.interval(intervals.size() + 1, 0, 0, false));
            client.status().map(BridgeMetrics::parse).ifPresent(bridgeSamples::add);
        } finally {
            reviewers.ifPresent(SimulatedReviewers::close); // only now: agents held for a verdict needed it
        }
        return result(startedAt, intervals, bridgeSamples, reviewers.map(SimulatedReviewers::result), bridges);
    }

    private int activeAgents(int started) {
        return plan.model() == LoadPlan.Model.CLOSED ? started : targetAgents;
    }

    /** Linear ramp from base to peak over the ramp time, then peak. */
    private void updateTargets(int second) {
        double rampSeconds = plan.ramp().toMillis() / 1000.0;
        double f = rampSeconds <= 0 ? 1 : Math.min(1, second / rampSeconds);
        targetAgents = (int) Math.round(plan.baseAgents() + f * (plan.peakAgents() - plan.baseAgents()));
        double rate = plan.baseRate() + f * (plan.peakRate() - plan.baseRate());
        currentRate = burst ? rate * plan.burstMultiplier() : rate;
    }

    /** A session: one agent working in one project until the session ends. Owned by one thread. */
    private static final class Session {
        final String id;
        final String cwd;
        final Region region;
        final long endNanos;
        long sequence;

        Session(SplittableRandom r, Region region, long now, double meanNanos) {
            this.region = region;
            this.id = new UUID(r.nextLong(), r.nextLong()).toString();
            this.cwd = "/home/agent/src/" + PROJECTS[r.nextInt(PROJECTS.length)];
            this.endNanos = now + (long) (-Math.log(1 - r.nextDouble()) * meanNanos);
        }
    }

    /** One planned call: everything random is drawn before it runs, so a seed repeats the same calls. */
    private record Call(CommandClass cls, Region region, Dialect.ShellCall shell, Injection injection) {}

    private enum Injection {
        NONE,
        RETRY,
        LOST
    }

    private Call nextCall(Session s, SplittableRandom r) {
        CommandClass cls = plan.pattern().mix().classAt(r.nextDouble() * 100);
        String command = corpus.draw(cls, r);
        Injection injection = Injection.NONE;
        if (r.nextDouble() < plan.networkErrorRate()) {
            injection = r.nextDouble() < plan.retryShare() ? Injection.RETRY : Injection.LOST;
        }
        return new Call(cls, s.region, new Dialect.ShellCall(s.id, s.cwd, command, s.sequence++), injection);
    }

    /** Closed model: think, call, wait for the answer, repeat; a new session when the current one ends. */
    private void agent(Bridges bridges, Bridges.Target home, SplittableRandom r) {
        double sessionMean = plan.sessionMean().toNanos();
        long think = plan.thinkTime().toNanos();
        long intended = System.nanoTime() + (think == 0 ? 0 : (long) (r.nextDouble() * Math.min(think, 1e9)));
        Region region = Region.at(r.nextDouble());
        stats.agentIn(region);
        home.agents.increment();
        Session session = new Session(r, region, intended, sessionMean);
        Bridges.Target[] at = {home}; // where this agent's calls go; moves when that bridge fails
        while (intended < endNanos) {
            parkUntil(intended);
            intended = perform(bridges, at, nextCall(session, r), intended);
            if (think == 0) {
                intended = System.nanoTime();
            } else {
                double jitter = 1 + plan.thinkJitter() * (2 * r.nextDouble() - 1);
                intended += (long) (think * jitter / (burst ? plan.burstMultiplier() : 1));
            }
            if (intended >= session.endNanos) {
                session = new Session(r, region, intended, sessionMean);
            }
        }
    }

    /** Open model: Poisson arrivals at the current rate, each on its own virtual thread. */
    private void dispatch(Bridges bridges, ExecutorService calls) {
        SplittableRandom r = root.split();
        Semaphore inFlight = new Semaphore(plan.maxInFlight());
        List<Session> sessions = new ArrayList<>();
        double sessionMean = plan.sessionMean().toNanos();
        long next = startNanos;
        while (true) {
            next += (long) (-Math.log(1 - r.nextDouble()) / currentRate * 1e9);
            if (next >= endNanos) {
                return;
            }
            parkUntil(next);
            int slot = r.nextInt(Math.max(1, targetAgents));
            while (sessions.size() <= slot) {
                Region region = Region.at(r.nextDouble());
                stats.agentIn(region);
                bridges.home(sessions.size()).agents.increment();
                sessions.add(new Session(r, region, next, sessionMean));
            }
            if (sessions.get(slot).endNanos <= next) {
                sessions.set(slot, new Session(r, sessions.get(slot).region, next, sessionMean));
            }
            Call call = nextCall(sessions.get(slot), r);
            try {
                if (!inFlight.tryAcquire(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long intended = next;
            Bridges.Target[] at = {bridges.home(slot)};
            calls.submit(() -> {
                try {
                    perform(bridges, at, call, intended);
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    /** One call with client-side network-error injection: a failed attempt is retried after the delay, or lost. */
    /**
     * Returns the intended start of the attempt that went out: {@code intended}, or for a retried call the retry's
     * start, so the agent's schedule moves by its own retry pause and that pause never counts as the bridge's delay.
     */
    private long perform(Bridges bridges, Bridges.Target[] at, Call call, long intended) {
        long start = intended;
        switch (call.injection()) {
            case NONE -> {}
            case LOST -> {
                stats.injected(false);
                return start;
            }
            case RETRY -> {
                stats.injected(true);
                start = Math.max(System.nanoTime(), intended)
                        + plan.retryDelay().toNanos();
                parkUntil(start);
            }
        }
        byte[] body = plan.dialect().body(call.shell(), Instant.now());
        stats.sending();
        long sent = System.nanoTime();
        Duration added = plan.regionLatency().getOrDefault(call.region(), Duration.ZERO);
        if (!added.isZero()) {
            parkUntil(sent + added.toNanos()); // asked for explicitly: the region's distance from the bridge
        }
        Bridges.Target target = bridges.upFrom(at[0]);
        HookClient.Outcome outcome = target.client.send(body);
        for (int tried = 1; tried < bridges.size() && unsent(outcome); tried++) {
            target = bridges.failover(target);
            outcome = target.client.send(body);
        }
        long done = System.nanoTime();
        switch (outcome) {
            case HookClient.Outcome.Answered a -> {
                stats.answered(call.cls(), call.region(), a.verdict(), start, sent, done);
                target.answered(done - start);
                acknowledged.accept(new Acknowledgement(
                        target.url.toString(),
                        call.shell().sessionId(),
                        call.shell().sequence(),
                        call.shell().command(),
                        a.verdict(),
                        wallAtStart.plusNanos(done - nanosAtStart),
                        (done - start) / 1e6,
                        (done - sent) / 1e6));
                at[0] = target;
            }
            case HookClient.Outcome.Failed f -> {
                stats.failed(call.region(), f.kind(), f.detail());
                target.errors.increment();
                boolean atTheConnection = f.kind() == ErrorKind.TRANSPORT || f.kind() == ErrorKind.TIMEOUT;
                at[0] = atTheConnection ? bridges.failover(target) : target;
            }
        }
        return start;
    }

    /** Refused before anything was sent: the bridge cannot have seen the call. */
    private static boolean unsent(HookClient.Outcome outcome) {
        return outcome instanceof HookClient.Outcome.Failed f && f.unsent();
    }

    private void scrape(HookClient client, List<BridgeMetrics.Sample> samples) {
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < endNanos) {
            parkUntil(Math.min(endNanos, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)));
            if (Thread.currentThread().isInterrupted() || System.nanoTime() >= endNanos) {
                return;
            }
            client.status().map(BridgeMetrics::parse).ifPresent(samples::add);
        }
    }

    /** Parks until {@code deadline} (a {@link System#nanoTime} value) or until the thread is interrupted. */
    private static void parkUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LoadResult result(
            Instant startedAt,
            List<LoadResult.Interval> intervals,
            List<BridgeMetrics.Sample> bridgeSamples,
            Optional<LoadResult.Reviews> reviews,
            Bridges bridges) {
        LoadResult.Totals totals = stats.totals();
        long completed = totals.answered() + totals.errors();
        double seconds = plan.duration().toMillis() / 1000.0;
        return new LoadResult(
                LoadResult.SCHEMA_VERSION,
                LoadResult.Plan.of(plan),
                startedAt.toString(),
                (System.nanoTime() - startNanos) / 1e9,
                totals,
                stats.latency(true),
                stats.latency(false),
                completed / seconds,
                completed == 0 ? 0 : (double) totals.errors() / completed,
                stats.shareWithin(100),
                stats.decisionMix(),
                stats.decisionsByClass(),
                stats.verdictCount(Verdict.ASK),
                stats.peakInFlight(),
                BridgeMetrics.summarise(List.copyOf(bridgeSamples)),
                List.copyOf(intervals),
                stats.regions(plan.regionLatency()),
                reviews,
                bridges.failovers(),
                bridges.results());
    }
}
