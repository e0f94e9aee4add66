package dev.lighthouse.bridge.rollout;

import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.PolicyVersion;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.verdict.Verdict;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A candidate version judged beside the active one, never enforced: the request thread only enqueues the call (a
 * non-blocking offer), and a task on the shadow's executor (a virtual thread in the bridge) decides the queued calls
 * under the candidate afterwards, so the shadow adds no policy evaluation to the answer's path. When the queue is
 * full the call is skipped and counted as dropped.
 *
 * <p>At most one drain task runs at a time: an offer starts one only when none is scheduled, and a drain that empties
 * the queue looks once more before it ends, so no call is left waiting.
 *
 * <p>Thread-safe.
 */
final class Shadow implements AutoCloseable {
    static final int QUEUE = 10_000;
    static final int EXAMPLES = 20;

    private record Pending(ToolCall call, Instant now, Verdict active) {}

    private final PolicyEngine candidate;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LongAdder compared = new LongAdder();
    private final LongAdder differing = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, LongAdder> pairs = new ConcurrentHashMap<>();
    private final Deque<ShadowReport.Example> recent = new ArrayDeque<>();
    private final Executor executor;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;

    /** Judges under {@code candidate}, on tasks run by {@code executor}. */
    Shadow(PolicyEngine candidate, Executor executor) {
        this.candidate = candidate;
        this.executor = executor;
    }

    PolicyVersion version() {
        return candidate.policy().version();
    }

    /** Called on the request thread after the active version decided; never blocks. */
    void offer(ToolCall call, Instant now, Decision active) {
        if (!queue.offer(new Pending(call, now, active.verdict()))) {
            dropped.increment();
            return;
        }
        if (!draining.get() && draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        do {
            for (Pending p = queue.poll(); p != null && !closed; p = queue.poll()) {
                compare(p);
            }
            draining.set(false);
        } while (!closed && !queue.isEmpty() && draining.compareAndSet(false, true));
    }

    private void compare(Pending p) {
        Verdict would = candidate.decide(p.call(), p.now()).verdict();
        pairs.computeIfAbsent(p.active().label() + "->" + would.label(), k -> new LongAdder())
                .increment();
        compared.increment();
        if (would != p.active()) {
            differing.increment();
            String input = p.call().input() instanceof ToolInput.Bash(String command)
                    ? command
                    : p.call().input().toString();
            ShadowReport.Example example = new ShadowReport.Example(
                    p.now(),
                    p.call().agent(),
                    p.call().input().tool(),
                    input.length() > 200 ? input.substring(0, 200) + "…" : input,
                    p.active(),
                    would);
            synchronized (recent) {
                if (recent.size() == EXAMPLES) {
                    recent.removeFirst();
                }
                recent.addLast(example);
            }
        }
    }

    /** What this shadow saw, beside {@code active}. */
    ShadowReport report(PolicyVersion active) {
        Map<String, Long> totals = new TreeMap<>();
        pairs.forEach((pair, count) -> totals.put(pair, count.sum()));
        List<ShadowReport.Example> examples;
        synchronized (recent) {
            examples = List.copyOf(recent).reversed();
        }
        return new ShadowReport(
                active.hash(),
                version().hash(),
                version().name(),
                compared.sum(),
                differing.sum(),
                dropped.sum(),
                totals,
                examples);
    }

    @Override
    public void close() {
        closed = true;
    }
}
