package dev.lighthouse.bench;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutSettings;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What policy versions add to a decision: the bridge's rollout judge (one volatile read, a per-version verdict count)
 * against the bare {@link PolicyEngine}, with and without a shadow version judging beside the active one (the request
 * thread only enqueues the call). Decisions come from the engines' warm caches, so the difference is the judge's own
 * cost. Sample mode: median and p99 per call.
 *
 * <p>Run:
 *
 * <pre>
 * ./mvnw -q -B -pl lighthouse-bench -am package -DskipTests
 * java -jar lighthouse-bench/target/benchmarks.jar RolloutJudgeBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-XX:+UseSerialGC",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED"
        })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RolloutJudgeBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String SHADOW = """
            metadata: {name: shadow}
            rules:
              - id: no-kubectl
                decision: deny
                match: {program: [kubectl]}
                reason: Cluster access goes through the deploy pipeline.
            """;
    private static final String[] COMMANDS = {
        "git status",
        "ls -la src",
        "npm test",
        "kubectl get pods",
        "rm -rf build/",
        "docker compose up -d db",
        "python3 -m pytest -x",
        "git push --force origin main"
    };
    private static final int MASK = COMMANDS.length - 1;

    /** {@code none}: only an active version; {@code shadow}: a shadow version judges beside it. */
    @Param({"none", "shadow"})
    public String candidate;

    private Path dir;
    private EventStore store;
    private Rollout rollout;
    private Judge judge;
    private PolicyEngine engine;
    private ToolCall[] calls;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("rollout-bench");
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        store = EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
        rollout = Rollout.open(
                store,
                PolicySource.of(Policies.defaultPolicy()),
                RolloutSettings.defaults(),
                Alerts.NONE,
                Clock.systemUTC());
        if (candidate.equals("shadow")) {
            rollout.apply(
                    List.of(new PolicySource.LayerText("shadow.yaml", SHADOW)),
                    Rollout.Target.shadow(),
                    "bench",
                    "measure the shadow's cost");
        }
        judge = rollout.judge();
        engine = PolicyEngine.of(Policies.defaultPolicy());
        calls = new ToolCall[COMMANDS.length];
        for (int i = 0; i < COMMANDS.length; i++) {
            calls[i] = new ToolCall(
                    "agent-" + i,
                    "s1",
                    new ToolInput.Bash(COMMANDS[i]),
                    Path.of("/home/dev/app"),
                    Path.of("/home/dev/app"),
                    Path.of("/home/dev"));
            judge.decide(calls[i], NOW);
            engine.decide(calls[i], NOW);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        rollout.close();
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** The baseline: the cached engine alone, as a fixed judge decides. */
    @Benchmark
    public Decision engine() {
        return engine.decide(calls[next++ & MASK], NOW);
    }

    /** The rollout judge the bridge decides through. */
    @Benchmark
    public Decision rolloutJudge() {
        return judge.decide(calls[next++ & MASK], NOW);
    }
}
