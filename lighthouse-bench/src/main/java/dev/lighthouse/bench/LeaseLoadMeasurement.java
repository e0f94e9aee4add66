package dev.lighthouse.bench;

import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.coordination.lease.Lease;
import dev.lighthouse.coordination.lease.LeaseMode;
import dev.lighthouse.coordination.lease.LeaseRequest;
import dev.lighthouse.coordination.lease.Leases;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.load.CommandCorpus;
import dev.lighthouse.load.LoadPlan;
import dev.lighthouse.load.LoadResult;
import dev.lighthouse.load.LoadRun;
import dev.lighthouse.load.WorkloadPattern;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Whether 10,000 held leases slow the hook decision down under load: two bridges in one process (the default policy,
 * each its own SQLite store), one with 1,000 agents holding 10 leases each under the simulated agents' projects, one
 * with none, driven in turn by {@code lighthouse load}'s generator over loopback (closed model, the {@code
 * incident_response} mix), rounds alternating so both see the same machine. Prints p50 and p99 per round, from the
 * moment a request left and from its intended start (corrected for coordinated omission); asserts nothing: the
 * figures go to docs/performance.md.
 *
 * <pre>
 * ./mvnw -q -B -pl lighthouse-bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *   -cp lighthouse-bench/target/benchmarks.jar dev.lighthouse.bench.LeaseLoadMeasurement 3 15 32 100
 * </pre>
 *
 * Arguments: rounds per bridge (4), seconds per round (20), simulated agents (32), their think time in ms (100).
 */
public final class LeaseLoadMeasurement {
    private static final String[] PROJECTS = {"payments-api", "web-frontend", "infra", "data-pipeline", "search"};

    private LeaseLoadMeasurement() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int agents = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Duration think = Duration.ofMillis(args.length > 3 ? Integer.parseInt(args[3]) : 100);
        try (Running plain = Running.start(Files.createTempDirectory("lease-load-none"));
                Running leased = Running.start(Files.createTempDirectory("lease-load-10k"))) {
            long start = System.nanoTime();
            hold(leased.bridge.leases());
            System.out.printf("10,000 leases taken in %.1f s%n", (System.nanoTime() - start) / 1e9);
            for (int round = 1; round <= rounds; round++) {
                for (Running bridge : List.of(plain, leased)) {
                    LoadResult r = bridge.load(seconds, agents, think, round);
                    System.out.printf(
                            "round %d %-10s answered %,6d  sent->answer p50 %6.2f p99 %6.2f ms  corrected p50 %6.2f"
                                    + " p99 %6.2f ms  errors %d%n",
                            round,
                            bridge == plain ? "no leases" : "10k leases",
                            r.totals().answered(),
                            r.uncorrectedLatency().p50Ms(),
                            r.uncorrectedLatency().p99Ms(),
                            r.latency().p50Ms(),
                            r.latency().p99Ms(),
                            r.totals().errors());
                }
            }
        }
    }

    /** 1,000 agents, 10 leases each, in the projects the simulated agents work in (never on files they write). */
    private static void hold(Leases leases) throws InterruptedException {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int a = 0; a < 1_000; a++) {
                int agent = a;
                pool.submit(() -> {
                    String project = "/home/agent/src/" + PROJECTS[agent % PROJECTS.length];
                    for (int l = 0; l < 10; l++) {
                        var outcome = leases.acquire(new LeaseRequest(
                                "holder-" + agent,
                                "",
                                project,
                                List.of("src/leased-%d/file%d.txt".formatted(agent, l)),
                                LeaseMode.EXCLUSIVE,
                                Duration.ofHours(4),
                                "load measurement"));
                        if (!(outcome instanceof Lease)) {
                            throw new IllegalStateException("lease refused: " + outcome);
                        }
                    }
                    return null;
                });
            }
        }
    }

    private record Running(Bridge bridge, EventStore store, String owner) implements AutoCloseable {
        static Running start(Path dir) throws Exception {
            Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
            EventStore store = EventStores.sqlite(
                    dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
            Bridge bridge = Bridge.builder(
                            BridgeConfig.defaults().withListen("127.0.0.1", 0),
                            Judge.of(PolicyEngine.of(Policies.defaultPolicy())),
                            store,
                            AgentTokens.inDataDir(dir))
                    .start();
            return new Running(
                    bridge, store, Files.readString(dir.resolve("owner.token")).strip());
        }

        LoadResult load(int seconds, int agents, Duration think, int round) {
            LoadPlan plan = LoadPlan.builder()
                    .url(URI.create(bridge.baseUrl()))
                    .token(owner)
                    .pattern(WorkloadPattern.INCIDENT_RESPONSE)
                    .agents(agents)
                    .duration(Duration.ofSeconds(seconds))
                    .ramp(Duration.ZERO)
                    .thinkTime(think)
                    .networkErrors(0, 0, Duration.ZERO)
                    .seed(round)
                    .build();
            return LoadRun.run(plan, CommandCorpus.builtIn(), p -> {});
        }

        @Override
        public void close() {
            bridge.stop();
            store.close();
        }
    }
}
