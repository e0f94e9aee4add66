package dev.lighthouse.bench;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutSettings;
import dev.lighthouse.events.DecisionMade;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.fuse.Mount;
import dev.lighthouse.policy.Policies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The filesystem view ({@code lighthouse mount}) over a real bridge whose store holds one UTC day of 100,000 decisions:
 * 10,000 in hour 00, the rest spread over hours 01 to 23; every fourth is a Write whose file is just over 4 KiB.
 * Everything goes through the kernel: {@code stat} and a 4 KiB {@code read} of decision files (warm: the view has
 * listed and read them once), a {@code readdir} of the 10,000-entry hour, warm, on a fresh mount right after mounting
 * (before the view has indexed the store) and on a fresh mount once it has, and
 * {@code grep -r} over the whole day as a process. Each has its baseline in the same run: the same operation on a copy
 * of the same files on the local disk ({@code cp -r} out of the view).
 *
 * <p>The store, tokens and local copy are made once under {@code java.io.tmpdir} ({@code lighthouse-fuse-bench/}) and
 * reused by every benchmark's fork; delete that directory to start again. Needs Linux with {@code /dev/fuse} and
 * libfuse3, as {@code lighthouse mount} does.
 *
 * <p>Run:
 *
 * <pre>
 * ./mvnw -q -B -pl lighthouse-bench -am package -DskipTests
 * java -jar lighthouse-bench/target/benchmarks.jar FuseViewBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class FuseViewBenchmark {
    static final String DAY = "2026-01-15";
    static final int DECISIONS = 100_000;
    static final int IN_HOUR_00 = 10_000;
    static final int BATCH = 100;
    static final int SAMPLE = 1024;
    static final String RARE = "needle-in-the-day";

    private Path work;
    private EventStore store;
    private Bridge bridge;
    private Mount mount;
    private Path view;
    private Path[] writes;
    private Path[] localWrites;
    private Path hour00;
    private Path localHour00;
    private int next;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(4096);

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        Mount.unavailable().ifPresent(why -> {
            throw new IllegalStateException("cannot mount: " + why);
        });
        work = Path.of(System.getProperty("java.io.tmpdir"), "lighthouse-fuse-bench");
        Files.createDirectories(work);
        boolean fresh = !Files.exists(work.resolve("filled"));
        Keyring keys = Keyring.loadOrCreate(work.resolve("events.keys"), Clock.systemUTC());
        BatchClock clock = new BatchClock(Instant.parse(DAY + "T00:00:00Z"));
        store = EventStores.sqlite(
                work.resolve("events.db"),
                new StoreOptions(
                        keys, work.resolve("events.checkpoints"), StoreOptions.DEFAULT_CHECKPOINT_INTERVAL, clock));
        if (fresh) {
            fill(store, clock);
        }
        clock.now = null; // the bridge's own events (policy activation) get the real time
        Rollout rollout = Rollout.open(
                store,
                PolicySource.of(Policies.defaultPolicy()),
                RolloutSettings.defaults(),
                Alerts.NONE,
                Clock.systemUTC());
        tokens = AgentTokens.inDataDir(work);
        admin = tokens.add("bench-" + ProcessHandle.current().pid(), Role.ADMIN, Instant.now())
                .token();
        issueMountTokens(params);
        bridge = Bridge.builder(BridgeConfig.defaults().withListen("127.0.0.1", 0), rollout.judge(), store, tokens)
                .rollout(rollout)
                .start();
        view = Files.createDirectories(
                work.resolve("view-" + ProcessHandle.current().pid()));
        mount = Mount.start(
                new Mount.Options(java.net.URI.create("http://127.0.0.1:" + bridge.port()), Optional.of(admin), view));
        awaitIndexed(mount); // its pass over the store would run beside the measurements
        Path day = view.resolve("decisions").resolve(DAY);
        Path local = work.resolve("local");
        if (fresh) {
            run(List.of("rm", "-rf", local.toString()));
            Files.createDirectories(local);
            run(List.of("cp", "-r", day.toString(), local.toString()));
            Files.writeString(work.resolve("filled"), "100000 decisions of " + DAY + "\n");
        }
        hour00 = day.resolve("00");
        localHour00 = local.resolve(DAY).resolve("00");
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(hour00, "*-allow-*")) {
            for (Path f : files) {
                if (found.size() < SAMPLE && Files.size(f) > 4096) {
                    found.add(f);
                }
            }
        }
        writes = found.toArray(Path[]::new);
        localWrites =
                found.stream().map(f -> localHour00.resolve(f.getFileName())).toArray(Path[]::new);
        if (writes.length < SAMPLE) {
            throw new IllegalStateException(
                    "found only %d decision files over 4 KiB in hour 00".formatted(writes.length));
        }
        // warm: the view has listed the hour and read each sampled file once
        for (Path f : writes) {
            Files.readAllBytes(f);
        }
    }

    /** 100,000 decision events of one day, appended in batches that share a time (the store stamps each batch). */
    private static void fill(EventStore store, BatchClock clock) {
        Instant start = Instant.parse(DAY + "T00:00:00Z");
        Duration inHour00 = Duration.ofHours(1).dividedBy(IN_HOUR_00 / BATCH);
        Duration later = Duration.ofHours(23).dividedBy((DECISIONS - IN_HOUR_00) / BATCH);
        int seq = 0;
        for (int batch = 0; batch < DECISIONS / BATCH; batch++) {
            int inFirst = IN_HOUR_00 / BATCH;
            clock.now = batch < inFirst
                    ? start.plus(inHour00.multipliedBy(batch))
                    : start.plus(Duration.ofHours(1)).plus(later.multipliedBy(batch - inFirst));
            List<NewEvent> events = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                events.add(decision(seq++, clock.now));
            }
            store.append(events);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] COMMANDS = {
        "git status",
        "ls -la src",
        "npm test -- --watch=false",
        "grep -rn 'TODO' src/ | head -20",
        "python3 -m pytest tests/ -x -q",
        "docker compose up -d db",
        "git diff --stat"
    };

    private static NewEvent decision(int n, Instant at) {
        String agent = "agent-" + (n % 8);
        ObjectNode input = JSON.createObjectNode();
        String tool;
        if (n % 4 == 0) {
            tool = "Write";
            input.put("file_path", "/srv/project/src/file" + (n % 500) + ".txt");
            input.put("content", ("line %d of a file the agent wrote\n".formatted(n)).repeat(120));
        } else {
            tool = "Bash";
            input.put("command", n == 77_777 ? "echo " + RARE : COMMANDS[n % COMMANDS.length]);
        }
        DecisionMade made = new DecisionMade(
                "claude-code",
                Optional.empty(),
                "session-" + (n % 40),
                "/srv/project",
                "/srv/project",
                tool,
                input,
                "allow",
                "allow",
                "low",
                List.of("allow-project-work"),
                "ordinary project work",
                Optional.empty(),
                "0f3c9a",
                "default",
                n % 3 != 0,
                40,
                at,
                Optional.empty());
        return NewEvent.byAgent("session/session-" + (n % 40), agent, made);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (mount != null) {
            mount.close();
            Files.deleteIfExists(view);
        }
        if (bridge != null) {
            bridge.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    @Benchmark
    public BasicFileAttributes stat() throws IOException {
        return Files.readAttributes(writes[next++ & (SAMPLE - 1)], BasicFileAttributes.class);
    }

    @Benchmark
    public BasicFileAttributes statLocalDisk() throws IOException {
        return Files.readAttributes(localWrites[next++ & (SAMPLE - 1)], BasicFileAttributes.class);
    }

    @Benchmark
    public int read4KiB() throws IOException {
        return read(writes[next++ & (SAMPLE - 1)]);
    }

    @Benchmark
    public int read4KiBLocalDisk() throws IOException {
        return read(localWrites[next++ & (SAMPLE - 1)]);
    }

    private int read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            buffer.clear();
            int n = 0;
            while (buffer.hasRemaining() && n >= 0) {
                n = ch.read(buffer);
            }
            return buffer.position();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int list10000() throws IOException {
        return count(hour00);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int list10000LocalDisk() throws IOException {
        return count(localHour00);
    }

    static int count(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path ignored : entries) {
                n++;
            }
        }
        if (n != IN_HOUR_00) {
            throw new IllegalStateException("%s lists %d entries, expected %d".formatted(dir, n, IN_HOUR_00));
        }
        return n;
    }

    /** {@code grep -r} over the day on the view: every file looked up, opened and read through FUSE and the bridge. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int grepDay() {
        return grep(view.resolve("decisions").resolve(DAY));
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int grepDayLocalDisk() {
        return grep(work.resolve("local").resolve(DAY));
    }

    private static int grep(Path dir) {
        List<String> hits = run(List.of("grep", "-r", "-l", "-F", RARE, dir.toString()));
        if (hits.size() != 1) {
            throw new IllegalStateException("grep -r found %s in %s".formatted(hits, dir));
        }
        return hits.size();
    }

    /**
     * The first listing of the 10,000-entry hour on a fresh mount, once it has indexed the store: the kernel has never
     * seen the directory, the view serves it from its index.
     */
    @State(Scope.Thread)
    public static class FreshMount {
        Mount mount;
        Path dir;

        @Setup(Level.Invocation)
        public void mount(FuseViewBenchmark bench) throws IOException {
            dir = Files.createDirectories(
                    bench.work.resolve("fresh-" + ProcessHandle.current().pid()));
            mount = Mount.start(new Mount.Options(
                    java.net.URI.create("http://127.0.0.1:" + bench.bridge.port()),
                    Optional.of(bench.adminToken()),
                    dir));
            awaitIndexed(mount);
        }

        @TearDown(Level.Invocation)
        public void unmount() throws IOException {
            mount.close();
            Files.deleteIfExists(dir);
        }
    }

    /**
     * The first listing of the 10,000-entry hour right after mounting, before the view has indexed the store: the
     * view asks the bridge for that hour's names. Counts how many listings ended before the index was complete (read
     * from {@code debug/mount.json} after each), so the figure is known to be what it says.
     */
    @State(Scope.Thread)
    public static class JustMounted {
        static int beforeIndex;
        static int listings;
        static final List<Long> cpuMicros = new ArrayList<>();
        static final List<Long> threadMicros = new ArrayList<>();
        static final List<Long> compilerMicros = new ArrayList<>();
        Mount mount;
        Path dir;
        long cpuAtStart;
        Map<String, Long> threadsAtStart;
        /** Processor time by thread name (digits left out), over all listings. */
        static final Map<String, Long> byThreadName = new TreeMap<>();

        @Setup(Level.Invocation)
        public void mount(FuseViewBenchmark bench) throws IOException {
            dir = Files.createDirectories(
                    bench.work.resolve("cold-" + ProcessHandle.current().pid()));
            mount = Mount.start(new Mount.Options(
                    java.net.URI.create("http://127.0.0.1:" + bench.bridge.port()),
                    Optional.of(bench.adminToken()),
                    dir));
            cpuAtStart = processCpuNanos();
            threadsAtStart = threadsCpuNanos();
        }

        @TearDown(Level.Invocation)
        public void unmount() throws IOException {
            long sum = 0;
            long compiler = 0;
            for (var t : threadsCpuNanos().entrySet()) {
                long nanos = t.getValue() - threadsAtStart.getOrDefault(t.getKey(), 0L);
                sum += nanos;
                compiler +=
                        t.getKey().contains(" C1 CompilerThre") || t.getKey().contains(" C2 CompilerThre") ? nanos : 0;
                byThreadName.merge(
                        t.getKey().substring(t.getKey().indexOf(' ') + 1).replaceAll("[0-9]+", "#"), nanos, Long::sum);
            }
            threadMicros.add(sum / 1000);
            compilerMicros.add(compiler / 1000);
            cpuMicros.add((processCpuNanos() - cpuAtStart) / 1000);
            listings++;
            if (!JSON.readTree(Files.readString(dir.resolve("debug/mount.json")))
                    .at("/index/complete")
                    .asBoolean()) {
                beforeIndex++;
            }
            mount.close();
            Files.deleteIfExists(dir);
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.printf(
                    "%n%d of %d first listings ended before the view had indexed the store%n", beforeIndex, listings);
            System.out.println("processor time of the whole process (bridge, view, the mount's start-up, GC) during"
                    + " each, in order, ms:");
            System.out.println("  by the process's clock (steps of 10 ms): " + summary(cpuMicros));
            System.out.println("  by its threads' clocks (/proc/self/task/*/schedstat): " + summary(threadMicros));
            System.out.println("  of which the JIT compiler's threads: " + summary(compilerMicros));
            System.out.println("  by thread (name as the kernel has it), mean per listing, ms:");
            byThreadName.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .limit(25)
                    .forEach(e -> System.out.printf("    %8.2f %s%n", e.getValue() / 1e6 / listings, e.getKey()));
        }

        private static String summary(List<Long> micros) {
            List<Long> sorted = micros.stream().sorted().toList();
            return "%s; median %.1f, mean %.1f"
                    .formatted(
                            micros.stream()
                                    .map(us -> "%.1f".formatted(us / 1000.0))
                                    .toList(),
                            sorted.get(sorted.size() / 2) / 1000.0,
                            micros.stream().mapToLong(Long::longValue).average().orElse(0) / 1000.0);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public int list10000BeforeIndex(JustMounted cold) throws IOException {
        return count(cold.dir.resolve("decisions").resolve(DAY).resolve("00"));
    }

    /** This process's processor time (all its threads): on a shared machine it says more than the wall clock. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The processor time of each of this process's threads alive now, to the nanosecond (the process's clock counts in
     * steps of 10 ms), keyed by its id and name: the first field of {@code /proc/self/task/<tid>/schedstat}. Includes
     * the collector's, the compiler's and libfuse's threads, which the JVM's thread beans do not see; the time of a
     * thread that ended meanwhile is missed.
     */
    static Map<String, Long> threadsCpuNanos() {
        return threadsCpuNanos("self");
    }

    /** The processor time of each thread of a process ({@code self} or a pid), by "tid name". */
    static Map<String, Long> threadsCpuNanos(String process) {
        Map<String, Long> byThread = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", process, "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    String name = Files.readString(task.resolve("comm")).strip();
                    byThread.put(task.getFileName() + " " + name, Long.parseLong(stat.substring(0, stat.indexOf(' '))));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byThread;
    }

    static void awaitIndexed(Mount mount) {
        try {
            if (!mount.awaitIndexed(Duration.ofMinutes(10))) {
                throw new IllegalStateException("the view did not index the store in 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An empty directory to mount on, and the mount made there. */
    @State(Scope.Thread)
    public static class EmptyDir {
        Mount mount;
        Path dir;

        @Setup(Level.Invocation)
        public void create(FuseViewBenchmark bench) throws IOException {
            dir = Files.createDirectories(
                    bench.work.resolve("indexing-" + ProcessHandle.current().pid()));
        }

        @TearDown(Level.Invocation)
        public void unmount() throws IOException {
            if (mount != null) {
                mount.close();
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * What a fresh mount costs before its listings are served from memory: mounting, then the one pass over the 100,000
     * decisions (a hundred pages of 1,000 from the bridge) that indexes them.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 3)
    public Mount mountAndIndex(EmptyDir empty) {
        empty.mount = Mount.start(new Mount.Options(
                java.net.URI.create("http://127.0.0.1:" + bridge.port()), Optional.of(adminToken()), empty.dir));
        awaitIndexed(empty.mount);
        return empty.mount;
    }

    /**
     * {@code GET /v1/decisions/names} for hour 00 alone (10,000 names, one request), without the view: what a first
     * listing before the index waits for, as the view reads it (the response parsed).
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public int namesOfHour00() {
        Instant start = Instant.parse(DAY + "T00:00:00Z");
        int n = names("limit=10000&after=0&since=" + start + "&until=" + start.plus(Duration.ofHours(1)))
                .path("seq")
                .size();
        if (n != IN_HOUR_00) {
            throw new IllegalStateException("names of hour 00: %d, expected %d".formatted(n, IN_HOUR_00));
        }
        return n;
    }

    /** Every decision's name, 10,000 a request, in seq order: the bridge's side of the view's pass at mount. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public int namesOfDay() {
        int n = 0;
        String cursor = "0";
        while (!cursor.isEmpty()) {
            JsonNode page = names("limit=10000&after=" + cursor);
            n += page.path("seq").size();
            cursor = page.path("next").asString("");
        }
        if (n < DECISIONS) {
            throw new IllegalStateException("names of the day: %d, expected %d".formatted(n, DECISIONS));
        }
        return n;
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode names(String query) {
        HttpRequest request = HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + bridge.port() + "/v1/decisions/names?" + query))
                .header("Authorization", "Bearer " + admin)
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("names?%s: HTTP %d".formatted(query, response.statusCode()));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String admin;
    private AgentTokens tokens;
    private int mounts;
    private final ArrayDeque<String> mountTokens = new ArrayDeque<>();

    /**
     * An admin token of its own for each further mount: the bridge counts event streams per caller (8), a view follows
     * five, and a closed view's streams are let go at the bridge's next keep-alive.
     */
    private String adminToken() {
        String issued = mountTokens.poll();
        return issued != null ? issued : issueToken();
    }

    private String issueToken() {
        return tokens.add("bench-%d-%d".formatted(ProcessHandle.current().pid(), ++mounts), Role.ADMIN, Instant.now())
                .token();
    }

    /**
     * The tokens of the mounts a single-shot benchmark makes, one an iteration, issued before the first: issuing one
     * appends an event to the store, which wakes every stream still open (those of closed views linger until the
     * bridge's next keep-alive) and would be measured with the listing that follows.
     */
    private void issueMountTokens(BenchmarkParams params) {
        if (params.getMode() != Mode.SingleShotTime) {
            return;
        }
        int iterations = params.getWarmup().getCount() * params.getWarmup().getBatchSize()
                + params.getMeasurement().getCount() * params.getMeasurement().getBatchSize();
        for (int i = 0; i < iterations; i++) {
            mountTokens.add(issueToken());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public int list10000FreshMount(FreshMount fresh) throws IOException {
        return count(fresh.dir.resolve("decisions").resolve(DAY).resolve("00"));
    }

    private static List<String> run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            List<String> out =
                    new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The store's clock while filling: each batch's time, set by {@link #fill}; the real time otherwise. */
    static final class BatchClock extends Clock {
        volatile Instant now;

        BatchClock(Instant start) {
            this.now = start;
        }

        @Override
        public Instant instant() {
            Instant set = now;
            return set == null ? Instant.now() : set;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
