package dev.lighthouse.bench;

import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.bridge.decision.LeaseFinder;
import dev.lighthouse.coordination.lease.Lease;
import dev.lighthouse.coordination.lease.LeaseMode;
import dev.lighthouse.coordination.lease.LeaseRequest;
import dev.lighthouse.coordination.lease.LeaseSettings;
import dev.lighthouse.coordination.lease.Leases;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.call.LeaseFacts;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What file leases add to a decision, with 1,000 agents holding 10 leases each (9 files and a glob, 10,000 leases in
 * all, taken through {@link Leases#acquire} into a real SQLite store): the lease check of a decided call's paths alone
 * ({@code check*}), and the whole judging step with and without it ({@code decide*}), for a write onto a path no
 * lease holds (the common case) and onto one another agent holds (decided again with the lease). Decisions come from
 * the engine's warm cache, so the difference is the lease step's own cost. Sample mode: median and p99 per call.
 *
 * <p>Run:
 *
 * <pre>
 * ./mvnw -q -B -pl lighthouse-bench -am package -DskipTests
 * java -jar lighthouse-bench/target/benchmarks.jar LeaseCheckBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
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
public class LeaseCheckBenchmark {
    static final int AGENTS = 1_000;
    static final int LEASES_EACH = 10;
    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");
    private static final Path PROJECT = Path.of("/srv/project");
    private static final Path HOME = Path.of("/home/dev");

    private Path dir;
    private EventStore store;
    private Leases leases;
    private Judge judge;
    private ToolCall miss;
    private ToolCall hit;
    private Decision missDecision;
    private Decision hitDecision;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lease-bench");
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        store = EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
        leases = Leases.open(store, Clock.fixed(NOW.minusSeconds(60), ZoneOffset.UTC), LeaseSettings.defaults());
        load(leases);
        judge = Judge.of(PolicyEngine.of(Policies.defaultPolicy()));
        // agent-7 writes into agent-500's module: a file nobody holds, and one agent-500 holds.
        miss = call("sed -i s/a/b/ src/mod500/notes.txt");
        hit = call("sed -i s/a/b/ src/mod500/file3.txt");
        missDecision = judge.decide(miss, NOW);
        hitDecision = judge.decide(hit, NOW);
        if (!LeaseFinder.find(leases, "agent-7", missDecision.facts(), NOW).isEmpty()
                || LeaseFinder.find(leases, "agent-7", hitDecision.facts(), NOW).isEmpty()) {
            throw new IllegalStateException("the benchmark's calls do not hit and miss the leases as intended");
        }
    }

    /** 1,000 agents, each taking its 10 leases one after another, all agents at once (the store groups commits). */
    static void load(Leases leases) throws InterruptedException {
        try (ExecutorService agents = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int a = 0; a < AGENTS; a++) {
                int agent = a;
                agents.submit(() -> {
                    for (int l = 0; l < LEASES_EACH; l++) {
                        String path = l < LEASES_EACH - 1
                                ? "src/mod%d/file%d.txt".formatted(agent, l)
                                : "src/mod%d/gen/*.out".formatted(agent);
                        var outcome = leases.acquire(new LeaseRequest(
                                "agent-" + agent,
                                "",
                                PROJECT.toString(),
                                List.of(path),
                                LeaseMode.EXCLUSIVE,
                                Duration.ofHours(4),
                                "benchmark"));
                        if (!(outcome instanceof Lease)) {
                            throw new IllegalStateException("lease refused: " + outcome);
                        }
                    }
                    return null;
                });
            }
        }
        if (leases.list().size() != AGENTS * LEASES_EACH) {
            throw new IllegalStateException("expected %d leases, got %d"
                    .formatted(AGENTS * LEASES_EACH, leases.list().size()));
        }
    }

    private static ToolCall call(String command) {
        return new ToolCall("agent-7", "s", new ToolInput.Bash(command), PROJECT, PROJECT, HOME);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (var files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            for (Path p : all.reversed()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public LeaseFacts checkMiss() {
        return LeaseFinder.find(leases, "agent-7", missDecision.facts(), NOW);
    }

    @Benchmark
    public LeaseFacts checkHit() {
        return LeaseFinder.find(leases, "agent-7", hitDecision.facts(), NOW);
    }

    @Benchmark
    public Decision decideMissWithoutLeases() {
        return judge.decide(miss, NOW);
    }

    @Benchmark
    public Decision decideMissWithLeases() {
        return judge.decide(miss, NOW, d -> again(miss, d));
    }

    @Benchmark
    public Decision decideHitWithLeases() {
        return judge.decide(hit, NOW, d -> again(hit, d));
    }

    /** What the decision pipeline does after the first decision. */
    private Optional<ToolCall> again(ToolCall call, Decision first) {
        LeaseFacts found = LeaseFinder.find(leases, call.agent(), first.facts(), NOW);
        return found.isEmpty() ? Optional.empty() : Optional.of(call.withLeases(found));
    }
}
