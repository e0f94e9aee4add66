package dev.lighthouse.events.store;

import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.integrity.Keyring;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Durable appends with 1, 16 and 256 concurrent writers on SQLite and PostgreSQL (fsync on), and verify
 * throughput. A benchmark, not a test: it prints figures and asserts nothing. Each writer is a virtual thread that
 * appends one event at a time and waits for it to be durable, as a bridge request does.
 *
 * <p>{@code baseline} measures, in the same run, what the machine allows without the store: the rate of bare
 * {@code fsync}s of a file (the ceiling of commits per second) and raw SQLite inserts of the same rows in
 * transactions of 256, without sealing or hashing, once with the four secondary indexes on the events table (the
 * layout before schema version 2) and once without them (version 2).
 *
 * <p>Run (from the repository root):
 *
 * <pre>{@code
 * ./mvnw -q -B -pl lighthouse-events test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --enable-native-access=ALL-UNNAMED \
 *   -cp lighthouse-events/target/classes:lighthouse-events/target/test-classes:$(cat lighthouse-events/target/cp.txt) \
 *   dev.lighthouse.events.store.EventStoreBenchmark [seconds per run, default 5] [sqlite|postgres|both] [baseline|appends|paced|verify|all]
 * }</pre>
 *
 * <p>Options: {@code -Dwriters=1,16,256} (the saturating runs), {@code -Drate=50000} (the paced run), {@code -Dwarmup=15}
 * (seconds before the first measured run), {@code -Dreplicas=3} (PostgreSQL's saturating runs only: that many stores,
 * each with its own pool and writer thread as a bridge replica has, append to one database, the writers spread over
 * them in turn, so the replicas' commits queue for the chain's lock as they do in a fleet).
 */
public final class EventStoreBenchmark {
    private static final int[] WRITERS = System.getProperty("writers") != null
            ? java.util.Arrays.stream(System.getProperty("writers").split(","))
                    .mapToInt(Integer::parseInt)
                    .toArray()
            : new int[] {1, 16, 256};
    /** Stores appending to one PostgreSQL database at once in the saturating runs; see the class comment. */
    private static final int REPLICAS = Integer.getInteger("replicas", 1);

    private static final int VERIFY_EVENTS = 1_000_000;
    /** Verifies of the whole store before the measured ones: the first two ran 20-30 % slower than the third. */
    private static final int VERIFY_WARM_UPS = 2;
    /**
     * Latencies of one run, all writers together: one array allocated once, which the collector never copies. With
     * an array per writer and run, each young collection copied megabytes of them, pausing the very appends being
     * timed.
     */
    private static final long[] LATENCIES = new long[1 << 21];

    /**
     * The first warm-up of a process: on two cores the JIT was still compiling for about ten seconds, and with the
     * usual third of a run it took most of a core during the measured run (p99 17-18 ms against 14-16 ms after 20 s
     * of warm-up, in alternating runs). The figures are meant for a bridge that has been running a while.
     */
    private static final int FIRST_WARM_UP_SECONDS = Integer.getInteger("warmup", 15);

    private static boolean warmedUp;

    /** How long to run before a measured run: long the first time in this process, a third of a run after. */
    private static int warmUpSeconds(int seconds) {
        if (warmedUp) {
            return Math.max(1, seconds / 3);
        }
        warmedUp = true;
        return FIRST_WARM_UP_SECONDS;
    }

    /**
     * Moves what the start-up left alive (classes' data, the JIT's, the store's) out of the young generation before a
     * measured run, as a process running for a while has: the age table of a young collection 18 s in showed 5.8 of
     * its 6.6 MB of survivors at ages 10 and 11, copied on every collection until age 15 (about 30 s), which made each
     * pause 7-15 ms instead of 2-3. JMH does the same between iterations.
     */
    private static void settleHeap() {
        System.gc();
    }

    private static final String PAYLOAD =
            "{\"command\":\"git status\",\"rule\":\"safe-git\",\"tool\":\"Bash\",\"verdict\":\"allow\"}";

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
            if (what.equals("all") || what.equals("baseline")) {
                baseline(dir, seconds);
            }
            if (what.equals("all") || what.equals("appends")) {
                run("sqlite", sqlite, seconds);
            }
            if (what.equals("all") || what.equals("paced")) {
                paced("sqlite", sqlite, seconds);
            }
            if (what.equals("all") || what.equals("verify")) {
                verify("sqlite", sqlite, () -> {
                    SqliteIndex.build(dir.resolve("bench-" + n[0] + ".db"));
                    return null;
                });
            }
        }
        if (!which.equals("sqlite")) {
            try (PostgresServer server = PostgresServer.start(true)) {
                int[] n = {0};
                Supplier<EventStore> postgres = () -> EventStores.postgres(
                        server.newDatabase(), null, null, StoreOptions.of(keys, dir.resolve("p" + ++n[0])));
                if (what.equals("all") || what.equals("appends")) {
                    Supplier<Stores> replicas = () -> {
                        String database = server.newDatabase();
                        List<EventStore> stores = new ArrayList<>();
                        for (int r = 0; r < REPLICAS; r++) {
                            stores.add(EventStores.postgres(
                                    database, null, null, StoreOptions.of(keys, dir.resolve("p" + ++n[0]))));
                        }
                        return new Stores(stores, Optional.of(database));
                    };
                    runReplicas(REPLICAS == 1 ? "postgres" : "pg x" + REPLICAS, replicas, seconds);
                }
                if (what.equals("all") || what.equals("paced")) {
                    paced("postgres", postgres, seconds);
                }
                if (what.equals("all") || what.equals("verify")) {
                    verify("postgres", postgres, () -> null);
                }
            }
        }
        deleteTree(dir); // gigabytes per run; left behind, their writeback would slow the next run
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void run(String name, Supplier<EventStore> stores, int seconds) throws InterruptedException {
        runReplicas(name, () -> new Stores(List.of(stores.get()), Optional.empty()), seconds);
    }

    /** Stores sharing one database, and the database's URL when it is PostgreSQL (for {@link ChainLockSampler}). */
    private record Stores(List<EventStore> stores, Optional<String> postgres) {}

    /** The saturating runs on stores that share one database ({@code -Dreplicas}), writer i on store i mod n. */
    private static void runReplicas(String name, Supplier<Stores> replicas, int seconds) throws InterruptedException {
        for (int writers : WRITERS) {
            Stores shared = replicas.get();
            List<EventStore> stores = shared.stores();
            try {
                measure(stores, writers, warmUpSeconds(seconds)); // discarded
                settleHeap();
                Optional<ChainLockSampler> lock = shared.postgres().map(ChainLockSampler::start);
                Result r = measure(stores, writers, seconds);
                String held = lock.map(ChainLockSampler::stop).orElse("");
                System.out.printf(
                        "%-9s %7d %,12.0f %9.2f %9.2f %9.2f %14.1f%s%s%n",
                        name,
                        writers,
                        r.perSecond,
                        r.p50 / 1e6,
                        r.p99 / 1e6,
                        r.max / 1e6,
                        r.cpuPerAppend(),
                        held,
                        stores.size() == 1
                                ? ""
                                : "; one chain: verify ok="
                                        + stores.getFirst()
                                                .verify(1, Long.MAX_VALUE)
                                                .ok());
            } finally {
                stores.forEach(EventStore::close);
            }
        }
    }

    /**
     * Samples, every 5 ms on a connection of its own, who holds the chain's advisory lock and what the holder's
     * session is doing: {@code active} (PostgreSQL works) or {@code idle in transaction} (it waits for its JVM to send
     * the next statement, while every other writer waits for the lock). The second share is what a JVM starved of
     * CPU or paused by its collector stretches.
     */
    private static final class ChainLockSampler {
        private static final String HOLDERS = "SELECT l.granted, a.state FROM pg_locks l JOIN pg_stat_activity a"
                + " ON a.pid = l.pid WHERE l.locktype = 'advisory'"
                + " AND ((l.classid::bigint << 32) | l.objid::bigint) = " + PostgresBackend.CHAIN_LOCK;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;
        private long samples;
        private long held;
        private long holderIdle;
        private long waiting;

        private ChainLockSampler(String url) {
            thread = Thread.ofPlatform().daemon().start(() -> sample(url));
        }

        static ChainLockSampler start(String url) {
            return new ChainLockSampler(url);
        }

        private void sample(String url) {
            try (Connection c = DriverManager.getConnection(url);
                    PreparedStatement ps = c.prepareStatement(HOLDERS)) {
                while (!stop.get()) {
                    samples++;
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (!rs.getBoolean(1)) {
                                waiting++;
                            } else {
                                held++;
                                if ("idle in transaction".equals(rs.getString(2))) {
                                    holderIdle++;
                                }
                            }
                        }
                    }
                    LockSupport.parkNanos(5_000_000L); // the sampling period
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot sample the chain lock: " + e.getMessage(), e);
            }
        }

        /** Stops sampling; the figures as a column text. */
        String stop() {
            stop.set(true);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return String.format(
                    "   lock held %.0f%% of %,d samples, its holder idle in transaction %.0f%% of those, %.2f writers"
                            + " waiting",
                    100.0 * held / Math.max(1, samples),
                    samples,
                    100.0 * holderIdle / Math.max(1, held),
                    (double) waiting / Math.max(1, samples));
        }
    }

    /**
     * 256 writers offering {@link #PACED_RATE} appends a second between them, each on a fixed schedule, whatever
     * the store answers: the latency at a given load, where {@link #run} measures it at the most the store can take
     * (and there, with every writer waiting for its last append, the throughput sets the latency: 256 writers at
     * 60,000 a second wait 4.3 ms on average whatever the store does). Each latency counts from the append's
     * scheduled start, not from when the writer got to it, so an append held up by the one before still counts the
     * whole wait.
     */
    private static void paced(String name, Supplier<EventStore> stores, int seconds) throws InterruptedException {
        int writers = 256;
        try (EventStore store = stores.get()) {
            measurePaced(store, writers, warmUpSeconds(seconds)); // discarded
            settleHeap();
            Result r = measurePaced(store, writers, seconds);
            System.out.printf(
                    "%-9s %7s %12s %9.2f %9.2f %9.2f %14.1f   (offered %,d/s: %,.0f/s done)%n",
                    name,
                    writers,
                    "paced",
                    r.p50 / 1e6,
                    r.p99 / 1e6,
                    r.max / 1e6,
                    r.cpuPerAppend(),
                    PACED_RATE,
                    r.perSecond);
        }
    }

    private static final int PACED_RATE = Integer.getInteger("rate", 50_000);

    private static Result measurePaced(EventStore store, int writers, int seconds) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(writers);
        AtomicLong appends = new AtomicLong();
        AtomicInteger kept = new AtomicInteger();
        long interval = writers * 1_000_000_000L / PACED_RATE; // between one writer's appends
        long cpu0 = cpuNanos();
        long start = System.nanoTime() + 10_000_000L;
        long end = start + seconds * 1_000_000_000L;
        // A writer ahead of its schedule parks until the pacer releases it: one thread waking every half
        // millisecond instead of a timer per append. With 50,000 timers a second the benchmark took enough of the
        // two cores that the median latency at 50,000/s was 13-20 ms; with the pacer it was 2-4 ms.
        AtomicLongArray waitingUntil = new AtomicLongArray(writers);
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            int id = w;
            waitingUntil.set(id, Long.MAX_VALUE);
            threads[id] = Thread.ofVirtual().unstarted(() -> {
                NewEvent e = new NewEvent(
                        EventType.DECISION_MADE, "session/bench-" + id, Optional.of("agent-" + id), PAYLOAD);
                // writers start spread over one interval, so that the load is even rather than in waves
                for (long due = start + interval * id / writers; due < end; due += interval) {
                    if (due - System.nanoTime() > 0) {
                        waitingUntil.set(id, due);
                        while (waitingUntil.get(id) != Long.MAX_VALUE) {
                            LockSupport.park(); // released by the pacer
                        }
                    }
                    store.append(e);
                    count(appends, kept, System.nanoTime() - due);
                }
                done.countDown();
            });
        }
        Thread pacer = Thread.ofPlatform().daemon().start(() -> {
            while (done.getCount() > 0) {
                long now = System.nanoTime();
                for (int id = 0; id < writers; id++) {
                    long until = waitingUntil.get(id);
                    if (until != Long.MAX_VALUE && until - now <= 0) {
                        waitingUntil.set(id, Long.MAX_VALUE);
                        LockSupport.unpark(threads[id]);
                    }
                }
                LockSupport.parkNanos(500_000); // the pacer's tick
            }
        });
        for (Thread t : threads) {
            t.start();
        }
        done.await();
        pacer.join();
        return result(appends.get(), start, cpu0, kept.get());
    }

    /** Counts one append and keeps its latency, as long as there is room. */
    private static void count(AtomicLong appends, AtomicInteger kept, long latency) {
        appends.incrementAndGet();
        int at = kept.getAndIncrement();
        if (at < LATENCIES.length) {
            LATENCIES[at] = latency;
        }
    }

    record Result(double perSecond, long p50, long p99, long max, double cpuPerAppend) {}

    /** The figures of a run that started at {@code start} (nanoTime) with the process's CPU time at {@code cpu0}. */
    private static Result result(long appends, long start, long cpu0, int kept) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuPerAppend = (cpuNanos() - cpu0) / 1e3 / appends;
        long[] all = Arrays.copyOf(LATENCIES, Math.min(kept, LATENCIES.length));
        Arrays.sort(all);
        int total = all.length;
        return new Result(
                appends / elapsed,
                all[(int) (total * 0.50)],
                all[(int) Math.min(total - 1, total * 0.99)],
                all[total - 1],
                cpuPerAppend);
    }

    private static Result measure(List<EventStore> stores, int writers, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(writers);
        AtomicLong appends = new AtomicLong();
        AtomicInteger kept = new AtomicInteger();
        for (int w = 0; w < writers; w++) {
            int id = w;
            EventStore store = stores.get(id % stores.size());
            Thread.ofVirtual().start(() -> {
                NewEvent e = new NewEvent(
                        EventType.DECISION_MADE, "session/bench-" + id, Optional.of("agent-" + id), PAYLOAD);
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    store.append(e);
                    count(appends, kept, System.nanoTime() - t0);
                }
                done.countDown();
            });
        }
        long cpu0 = cpuNanos();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the measurement window itself, not a wait for a condition
        stop.set(true);
        done.await();
        return result(appends.get(), start, cpu0, kept.get());
    }

    /** Bare syncs of a file, then raw SQLite inserts with and without secondary indexes on the events table. */
    private static void baseline(Path dir, int seconds) throws Exception {
        try (FileChannel ch =
                FileChannel.open(dir.resolve("fsync-probe"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            long t0 = System.nanoTime();
            long syncs = 0;
            while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
                ch.write(page.clear());
                ch.force(false);
                syncs++;
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "baseline  fsync of a 4 KiB append: %,.0f/s (%.2f ms each)%n",
                    syncs / elapsed, elapsed * 1e3 / syncs);
        }
        rawInserts(dir.resolve("raw-v1.db"), true, seconds);
        rawInserts(dir.resolve("raw-v2.db"), false, seconds);
    }

    private static void rawInserts(Path file, boolean indexed, int seconds) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time TEXT NOT NULL,"
                    + " type TEXT NOT NULL, stream TEXT NOT NULL, agent TEXT, payload TEXT NOT NULL,"
                    + " key_id TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL) STRICT");
            if (indexed) {
                s.execute("CREATE INDEX events_type ON events(type, seq)");
                s.execute("CREATE INDEX events_stream ON events(stream, seq)");
                s.execute("CREATE INDEX events_agent ON events(agent, seq)");
                s.execute("CREATE INDEX events_time ON events(time)");
            }
            String hex = "0123456789abcdef".repeat(4);
            long seq = 0;
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
                    s.execute("BEGIN IMMEDIATE");
                    for (int i = 0; i < 256; i++) {
                        seq++;
                        insert.setLong(1, seq);
                        insert.setString(2, new UUID(seq, seq).toString());
                        insert.setString(3, Times.format(Instant.ofEpochMilli(1_795_000_000_000L + seq / 50)));
                        insert.setString(4, "decision.made");
                        insert.setString(5, "session/bench-" + i);
                        insert.setString(6, "agent-" + i);
                        insert.setString(7, PAYLOAD);
                        insert.setString(8, "k0123456789ab");
                        insert.setString(9, hex);
                        insert.setString(10, hex);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    s.execute("COMMIT");
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "baseline  raw SQLite inserts, 256 a commit, %s: %,.0f rows/s, %.1f CPU µs/row%n",
                    indexed ? "4 secondary indexes (schema 1)" : "no secondary index (schema 2)",
                    seq / elapsed,
                    (cpuNanos() - cpu0) / 1e3 / seq);
        }
    }

    /** CPU time of this process (all threads), so figures can be read apart from what other processes took. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Verify throughput over a store of {@link #VERIFY_EVENTS}. {@code settle} runs after the appends, before the
     * runs, so that background work they caused (the SQLite index) does not share the CPU with the runs.
     */
    private static void verify(String name, Supplier<EventStore> stores, Callable<?> settle) throws Exception {
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
            settle.call();
            for (int run = 0; run < VERIFY_WARM_UPS; run++) {
                store.verify(1, Long.MAX_VALUE); // the JIT compiles the read and check paths during the first ones
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
