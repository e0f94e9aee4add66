package dev.lighthouse.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The bridges one run spreads its agents over, and what each of them answered. Agents are placed on them in turn;
 * an agent whose bridge fails at the connection (refused, reset, no answer in time) moves to the next bridge that
 * has not failed in the last {@link #HOLD_DOWN}, as a load balancer with a passive health check moves a client, and
 * stays there. Thread-safe.
 */
final class Bridges implements AutoCloseable {
    /** How long a bridge that failed an agent is passed over when another agent looks for a new one. */
    static final Duration HOLD_DOWN = Duration.ofSeconds(5);

    private static final long HIGHEST_US = TimeUnit.HOURS.toMicros(1);

    /** One bridge: its client and its figures. */
    static final class Target {
        final int index;
        final URI url;
        final HookClient client;
        final LongAdder agents = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder failoversAway = new LongAdder();
        final Recorder latency = new Recorder(HIGHEST_US, 3);
        private volatile long downUntilNanos = Long.MIN_VALUE;

        private Target(int index, URI url, HookClient client) {
            this.index = index;
            this.url = url;
            this.client = client;
        }

        /** It answered a call {@code nanos} after the agent meant to send it. */
        void answered(long nanos) {
            answered.increment();
            latency.recordValue(Math.min(HIGHEST_US, Math.max(0, nanos / 1000)));
        }

        boolean up(long now) {
            return now - downUntilNanos >= 0;
        }
    }

    private final List<Target> targets = new ArrayList<>();

    Bridges(LoadPlan plan, int connections, String simulated) {
        for (URI url : plan.urls()) {
            targets.add(new Target(
                    targets.size(),
                    url,
                    new HookClient(url, plan.dialect(), plan.token(), plan.requestTimeout(), connections, simulated)));
        }
    }

    int size() {
        return targets.size();
    }

    /** The first bridge: its status is sampled. */
    Target first() {
        return targets.getFirst();
    }

    /** Where the {@code n}th agent (or session slot) starts: the bridges in turn, skipping any held down. */
    Target home(int n) {
        return upFrom(targets.get(Math.floorMod(n, targets.size())));
    }

    /** {@code t} if it is up, else the next bridge that is; {@code t} when none is. */
    Target upFrom(Target t) {
        long now = System.nanoTime();
        for (int i = 0; i < targets.size(); i++) {
            Target candidate = targets.get((t.index + i) % targets.size());
            if (candidate.up(now)) {
                return candidate;
            }
        }
        return t;
    }

    /**
     * {@code failed} did not serve an agent: it is held down, and the agent moves to the next bridge that is up (with
     * every one down, simply the next). Returns {@code failed} itself when it is the only bridge.
     */
    Target failover(Target failed) {
        if (targets.size() == 1) {
            return failed;
        }
        failed.downUntilNanos = System.nanoTime() + HOLD_DOWN.toNanos();
        failed.failoversAway.increment();
        Target next = targets.get((failed.index + 1) % targets.size());
        Target up = upFrom(next);
        return up == failed ? next : up;
    }

    /** Each bridge's figures, in the order of the plan's URLs; call once, at the end. */
    List<LoadResult.Target> results() {
        return targets.stream()
                .map(t -> new LoadResult.Target(
                        t.url.toString(),
                        t.agents.sum(),
                        t.answered.sum(),
                        t.errors.sum(),
                        t.failoversAway.sum(),
                        LiveStats.latency(t.latency.getIntervalHistogram())))
                .toList();
    }

    long failovers() {
        return targets.stream().mapToLong(t -> t.failoversAway.sum()).sum();
    }

    @Override
    public void close() {
        targets.forEach(t -> t.client.close());
    }
}
