package dev.lighthouse.bench;

import com.sun.management.ThreadMXBean;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.call.ToolCall;
import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * What a full decision costs in CPU time and allocation, on {@link PolicyDecisionBenchmark}'s mix of calls: decides
 * the mix {@code warm-up} times to let the JIT compile, then {@code measured} times, and prints this thread's CPU time
 * and the bytes it allocated per decision. On a shared machine, where JMH's wall-clock samples mostly measure the wait
 * for a core, these two move far less from run to run: the allocation is nearly the same in every run, and waiting
 * costs no CPU time. Use it to compare two builds (alternately, in the same minutes); report JMH's figures for the
 * absolute cost. Asserts nothing.
 *
 * <pre>
 * ./mvnw -q -B -pl lighthouse-bench -am package -DskipTests
 * java -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -cp lighthouse-bench/target/benchmarks.jar \
 *   dev.lighthouse.bench.DecisionCostMeasurement 100000 100000
 * </pre>
 *
 * Arguments: the decisions of the warm-up (100,000), the decisions measured (100,000).
 */
public final class DecisionCostMeasurement {
    private DecisionCostMeasurement() {}

    public static void main(String[] args) {
        int warmUp = Integer.parseInt(args[0]);
        int measured = Integer.parseInt(args[1]);
        Policy policy = Policies.defaultPolicy();
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        ToolCall[] calls = PolicyDecisionBenchmark.calls();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < warmUp; i++) {
            sink += policy.decide(calls[i % calls.length], now).hashCode();
        }
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < measured; i++) {
            sink += policy.decide(calls[i % calls.length], now).hashCode();
        }
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / measured;
        long bytesEach = (threads.getCurrentThreadAllocatedBytes() - bytes) / measured;
        System.out.printf(
                "full decision: %.2f µs CPU, %,d bytes allocated (mean of %,d; %d)%n",
                cpuMicros, bytesEach, measured, sink & 1);
    }
}
