package dev.lighthouse.events.store;

import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.integrity.Keyring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Durable appends with 1, 16 and 256 concurrent writers on SQLite and PostgreSQL (fsync on), and verify
 * throughput. A benchmark, not a test: it prints figures and asserts nothing. Each writer is a virtual thread that
 * appends one event at a time and waits for it to be durable, as a bridge request does.
 *
 * <p>Run (from the repository root):
 *
 * <pre>{@code
 * ./mvnw -q -B -pl lighthouse-events test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --enable-native-access=ALL-UNNAMED \
 *   -cp lighthouse-events/target/classes:lighthouse-events/target/test-classes:$(cat lighthouse-events/target/cp.txt) \
 *   dev.lighthouse.events.store.EventStoreBenchmark [seconds per run, default 5] [sqlite|postgres|both] [appends|verify|all]
 * }</pre>
 */
public final class EventStoreBenchmark {
    private static final int[] WRITERS = {1, 16, 256};
    private static final int VERIFY_EVENTS = 200_000;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String which = args.length > 1 ? args[1] : "both";
        String what = args.length > 2 ? args[2] : "all";
        Path dir = Files.createTempDirectory("lighthouse-bench");
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        System.out.printf(
                "%-9s %7s %12s %9s %9s %9s %14s%n",
                "store", "writers", "appends/s", "p50 ms", "p99 ms", "max ms", "CPU µs/append");
        if (!which.equals("postgres")) {
            int[] n = {0};
            Supplier<EventStore> sqlite = () -> EventStores.sqlite(
                    dir.resolve("bench-" + ++n[0] + ".db"), StoreOptions.of(keys, dir.resolve("c" + n[0])));
            if (!what.equals("verify")) {
                run("sqlite", sqlite, seconds);
            }
            if (!what.equals("appends")) {
                verify("sqlite", sqlite);
            }
        }
        if (!which.equals("sqlite")) {
            try (PostgresServer server = PostgresServer.start(true)) {
                int[] n = {0};
                Supplier<EventStore> postgres = () -> EventStores.postgres(
                        server.newDatabase(), null, null, StoreOptions.of(keys, dir.resolve("p" + ++n[0])));
                if (!what.equals("verify")) {
                    run("postgres", postgres, seconds);
                }
                if (!what.equals("appends")) {
                    verify("postgres", postgres);
                }
            }
        }
    }

    private static void run(String name, Supplier<EventStore> stores, int seconds) throws InterruptedException {
        for (int writers : WRITERS) {
            try (EventStore store = stores.get()) {
                measure(store, writers, Math.max(1, seconds / 3)); // warm-up, discarded
                long cpu0 = cpuNanos();
                Result r = measure(store, writers, seconds);
                double cpuPerAppend = (cpuNanos() - cpu0) / 1e3 / (r.perSecond * seconds);
                System.out.printf(
                        "%-9s %7d %,12.0f %9.2f %9.2f %9.2f %14.1f%n",
                        name, writers, r.perSecond, r.p50 / 1e6, r.p99 / 1e6, r.max / 1e6, cpuPerAppend);
            }
        }
    }

    record Result(double perSecond, long p50, long p99, long max) {}

    private static Result measure(EventStore store, int writers, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(writers);
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[writers];
        for (int w = 0; w < writers; w++) {
            long[] mine = new long[1 << 16];
            latencies.add(mine);
            int id = w;
            Thread.ofVirtual().start(() -> {
                NewEvent e = new NewEvent(
                        EventType.DECISION_MADE,
                        "session/bench-" + id,
                        Optional.of("agent-" + id),
                        "{\"tool\":\"Bash\",\"command\":\"git status\",\"verdict\":\"allow\",\"rule\":\"safe-git\"}");
                int i = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    store.append(e);
                    if (i < mine.length) {
                        mine[i] = System.nanoTime() - t0;
                    }
                    i++;
                }
                counts[id] = Math.min(i, mine.length);
                done.countDown();
            });
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the measurement window itself, not a wait for a condition
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < writers; w++) {
            System.arraycopy(latencies.get(w), 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        return new Result(
                total / elapsed,
                all[(int) (total * 0.50)],
                all[(int) Math.min(total - 1, total * 0.99)],
                all[total - 1]);
    }

    /** CPU time of this process (all threads), so figures can be read apart from what other processes took. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void verify(String name, Supplier<EventStore> stores) {
        try (EventStore store = stores.get()) {
            List<NewEvent> batch = new ArrayList<>();
            for (int i = 0; i < EventStore.MAX_BATCH; i++) {
                batch.add(new NewEvent(
                        EventType.DECISION_MADE,
                        "session/s" + (i % 50),
                        Optional.of("agent-" + (i % 200)),
                        "{\"tool\":\"Bash\",\"command\":\"ls -la\",\"n\":" + i + "}"));
            }
            for (int i = 0; i < VERIFY_EVENTS / EventStore.MAX_BATCH; i++) {
                store.append(batch);
            }
            for (int run = 1; run <= 3; run++) {
                long t0 = System.nanoTime();
                long cpu0 = cpuNanos();
                VerifyReport report = store.verify(1, Long.MAX_VALUE);
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (cpuNanos() - cpu0) / 1e9;
                System.out.printf(
                        "%-9s verify run %d: %,d events in %.2f s = %,.0f events/s; %,.0f events per CPU-second of"
                                + " this process (ok=%s)%n",
                        name,
                        run,
                        report.eventsChecked(),
                        s,
                        report.eventsChecked() / s,
                        report.eventsChecked() / cpu,
                        report.ok());
            }
        }
    }
}
