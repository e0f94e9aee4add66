package dev.lighthouse.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The bridges one run spreads its agents over, and what each of them answered. Agents are placed on them in turn;
 * an agent whose bridge fails at the connection (refused, reset, no answer in time) moves to another bridge that
 * has not failed in the last {@link #HOLD_DOWN} (the others in turn), as a load balancer with a passive health check
 * moves a client, and stays there. Thread-safe.
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
        /** Up from this instant on; a start in the past (not {@code Long.MIN_VALUE}: differences would overflow). */
        private volatile long downUntilNanos = System.nanoTime();

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
    /** Failovers so far: whose turn it is among the bridges an agent can move to. */
    private final AtomicLong moves = new AtomicLong();

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

    /** Where the {@code n}th agent (or session slot) starts: the bridges in turn, or {@link #upFrom} its own. */
    Target home(int n) {
        return upFrom(targets.get(Math.floorMod(n, targets.size())));
    }

    /**
     * {@code t} if it is up, else another bridge that is, the others taken in turn (so that the agents of a bridge
     * held down spread over the rest); {@code t} when none is.
     */
    Target upFrom(Target t) {
        return t.up(System.nanoTime()) ? t : anotherUp(t).orElse(t);
    }

    /**
     * {@code failed} did not serve an agent: it is held down, and the agent moves to another bridge that is up, the
     * others taken in turn as a load balancer spreads the clients of a dead back-end over the rest (with every one
     * down, simply another). Returns {@code failed} itself when it is the only bridge.
     */
    Target failover(Target failed) {
        if (targets.size() == 1) {
            return failed;
        }
        failed.downUntilNanos = System.nanoTime() + HOLD_DOWN.toNanos();
        failed.failoversAway.increment();
        return anotherUp(failed).orElseGet(() -> other(failed, 0));
    }

    /** The next of the bridges other than {@code t}, taken in turn, that is up, if any. */
    private Optional<Target> anotherUp(Target t) {
        long now = System.nanoTime();
        int others = targets.size() - 1;
        int turn = others == 0 ? 0 : (int) Math.floorMod(moves.getAndIncrement(), (long) others);
        for (int i = 0; i < others; i++) {
            Target candidate = other(t, (turn + i) % others);
            if (candidate.up(now)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The {@code n}th bridge after {@code t}, counting from 0, never {@code t} itself. */
    private Target other(Target t, int n) {
        return targets.get((t.index + 1 + n) % targets.size());
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
