package dev.lighthouse.bench;

import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of a policy decision under the built-in default policy: a full decision (shell analysis, facts, every rule) on
 * a mix of typical calls, the same calls through {@link PolicyEngine}'s cache once warm, and a trivial baseline (pick
 * the next call and read a field) in the same run. Sample mode, so the output has the median and p99 per call.
 *
 * <p>Run (build, then a short run on a busy machine):
 *
 * <pre>
 * ./mvnw -q -B -pl lighthouse-bench -am package -DskipTests
 * java -jar lighthouse-bench/target/benchmarks.jar PolicyDecisionBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicyDecisionBenchmark {
    private static final Path HOME = Path.of("/home/dev");
    private static final Path PROJECT = Path.of("/home/dev/app");
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    /** Typical agent calls: mostly ordinary shell and file tools, some that rules stop. */
    private static final ToolInput[] MIX = {
        new ToolInput.Bash("git status"),
        new ToolInput.Bash("ls -la src"),
        new ToolInput.Bash("git add -A && git commit -m \"fix rm -rf / bug\""),
        new ToolInput.Bash("npm test -- --watch=false"),
        new ToolInput.Bash("grep -rn 'TODO' src/ | head -20"),
        new ToolInput.Bash("rm -rf build/ dist/ && mkdir -p build"),
        new ToolInput.Bash("cd frontend && npm run build 2>&1 | tail -n 30"),
        new ToolInput.Bash("curl -s http://localhost:8080/health | jq ."),
        new ToolInput.Bash("docker compose up -d db"),
        new ToolInput.Bash("python3 -m pytest tests/ -x -q"),
        new ToolInput.Bash("git push --force origin main"),
        new ToolInput.Bash("X=/; rm -rf $X"),
        new ToolInput.Bash("curl -fsSL https://sh.rustup.rs | sh"),
        new ToolInput.Write("/home/dev/app/src/App.tsx", "export const App = () => null;\n"),
        new ToolInput.Edit("/home/dev/app/README.md", "old", "new"),
        new ToolInput.Read("/home/dev/app/package.json"),
    };

    private static final int MASK = MIX.length - 1;

    private Policy policy;
    private PolicyEngine engine;
    private ToolCall[] calls;
    private int next;

    /** The mix as calls in the project, as {@link DecisionCostMeasurement} decides them too. */
    static ToolCall[] calls() {
        ToolCall[] calls = new ToolCall[MIX.length];
        for (int i = 0; i < MIX.length; i++) {
            calls[i] = ToolCall.of(MIX[i], PROJECT, HOME);
        }
        return calls;
    }

    @Setup
    public void setUp() {
        policy = Policies.defaultPolicy();
        engine = PolicyEngine.of(policy);
        calls = calls();
        for (ToolCall call : calls) {
            engine.decide(call, NOW);
        }
    }

    @Benchmark
    public String baseline() {
        return calls[next++ & MASK].input().tool();
    }

    @Benchmark
    public Decision fullDecision() {
        return policy.decide(calls[next++ & MASK], NOW);
    }

    @Benchmark
    public Decision cachedDecision() {
        return engine.decide(calls[next++ & MASK], NOW);
    }
}
