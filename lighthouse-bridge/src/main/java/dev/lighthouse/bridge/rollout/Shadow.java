package dev.lighthouse.bridge.rollout;

import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.PolicyVersion;
import dev.lighthouse.policy.Verdict;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A candidate version judged beside the active one, never enforced: the request thread only enqueues the call (a
 * non-blocking offer), and one virtual thread decides it under the candidate afterwards, so the shadow adds no policy
 * evaluation to the answer's path. When the queue is full the call is skipped and counted as dropped.
 *
 * <p>Thread-safe.
 */
final class Shadow implements AutoCloseable {
    static final int QUEUE = 10_000;
    static final int EXAMPLES = 20;

    /** A call both versions judged: who, what, and the two verdicts. */
    record Example(Instant at, String agent, String tool, String input, Verdict active, Verdict candidate) {}

    /** What the shadow saw so far. */
    record Report(
            PolicyVersion candidate,
            long compared,
            long differing,
            long dropped,
            Map<String, Long> pairs,
            List<Example> recent) {}

    private record Pending(ToolCall call, Instant now, Verdict active) {}

    private final PolicyEngine candidate;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LongAdder compared = new LongAdder();
    private final LongAdder differing = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, LongAdder> pairs = new ConcurrentHashMap<>();
    private final Deque<Example> recent = new ArrayDeque<>();
    private final Thread worker;

    Shadow(PolicyEngine candidate) {
        this.candidate = candidate;
        this.worker = Thread.ofVirtual().name("policy-shadow").start(this::work);
    }

    PolicyVersion version() {
        return candidate.policy().version();
    }

    /** Called on the request thread after the active version decided; never blocks. */
    void offer(ToolCall call, Instant now, Decision active) {
        if (!queue.offer(new Pending(call, now, active.verdict()))) {
            dropped.increment();
        }
    }

    private void work() {
        try {
            while (true) {
                compare(queue.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed
        }
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
            Example example = new Example(
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

    Report report() {
        Map<String, Long> totals = new TreeMap<>();
        pairs.forEach((pair, count) -> totals.put(pair, count.sum()));
        List<Example> examples;
        synchronized (recent) {
            examples = List.copyOf(recent).reversed();
        }
        return new Report(version(), compared.sum(), differing.sum(), dropped.sum(), totals, examples);
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
