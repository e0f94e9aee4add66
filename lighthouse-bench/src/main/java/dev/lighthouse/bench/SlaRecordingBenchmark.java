package dev.lighthouse.bench;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.bridge.sla.SlaMonitor;
import dev.lighthouse.bridge.sla.SlaThreshold;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * What the SLA monitor costs: {@code record} is the work every decided call adds to the request path (one latency
 * into the current second's bucket), alone and with four request threads contending for that bucket; {@code tick} is
 * the once-a-second evaluation of all eight thresholds over full one-minute windows; {@code baseline} draws the
 * latency only. The monitor's store is a real SQLite file, untouched here (no threshold breaks).
 *
 * <p>Run:
 *
 * <pre>
 * ./mvnw -q -B -pl lighthouse-bench -am package -DskipTests
 * java -jar lighthouse-bench/target/benchmarks.jar SlaRecordingBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SlaRecordingBenchmark {
    private Path dir;
    private EventStore store;
    private SlaMonitor monitor;
    private BridgeMetrics.CallObserver observer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("sla-bench");
        Keyring keys = Keyring.loadOrCreate(dir.resolve("keys"), Clock.systemUTC());
        store = EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("checkpoints")));
        monitor = new SlaMonitor(
                SlaThreshold.defaults(),
                Clock.systemUTC(),
                store,
                Alerts.NONE,
                List.of(),
                new SlaMonitor.Probes(() -> true, () -> 0.1, () -> 0.2),
                new SimpleMeterRegistry(),
                "bench");
        observer = monitor.observer();
        // A full minute of measurements, as in steady operation: every second's bucket holds a histogram.
        for (int i = 0; i < 100_000; i++) {
            observer.decided("agent session", latency());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        monitor.close();
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** 0.1 to 20 ms, as decisions with a durable append take. */
    private static long latency() {
        return ThreadLocalRandom.current().nextLong(100_000, 20_000_000);
    }

    @Benchmark
    public long baseline() {
        return latency();
    }

    @Benchmark
    public void record() {
        observer.decided("agent session", latency());
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(4)
    public void recordFromFourThreads() {
        observer.decided("agent session", latency());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void tick() {
        monitor.tick();
    }
}
