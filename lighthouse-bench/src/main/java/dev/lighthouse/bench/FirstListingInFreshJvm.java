package dev.lighthouse.bench;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutSettings;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.fuse.Mount;
import dev.lighthouse.policy.Policies;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's first {@code ls} after {@code lighthouse mount}, as it happens outside the benchmark's one JVM: the bridge
 * runs in this process, started once (a long-running server), and each mount in a JVM of its own started for it, which
 * mounts, lists the 10,000-entry hour of {@link FuseViewBenchmark}'s store at once (before its index) and exits. For
 * each mount: the listing's wall clock, the mounting JVM's processor time during it and its JIT compiler threads'
 * share, and the bridge's processor time meanwhile (all threads, {@code /proc/self/task/*}/schedstat). Needs the store
 * {@link FuseViewBenchmark} made (run it once).
 *
 * <pre>
 * java -cp lighthouse-bench/target/benchmarks.jar dev.lighthouse.bench.FirstListingInFreshJvm 10
 * </pre>
 *
 * <p>{@code -Dmount.jvm="…"} adds options to the mounting JVMs only (say an AOT cache made by a training mount).
 *
 * <p>{@code -Dlaunchers=./lighthouse,OTHER} mounts with real {@code lighthouse mount} processes instead, started by each
 * of those launcher scripts in turn (two versions compared in the same run), all with one fresh data dir: for each
 * mount also the time from starting the launcher until it printed that it mounted, and every line it printed besides
 * that and the mount's log (there should be none). After a mount that left the launcher making an AOT cache, the next
 * mount waits until it is made.
 *
 * <pre>
 * java -Dlaunchers=./lighthouse -cp lighthouse-bench/target/benchmarks.jar dev.lighthouse.bench.FirstListingInFreshJvm 6
 * </pre>
 */
public final class FirstListingInFreshJvm {
    private static final Pattern MOUNT_LOG =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z (INFO|WARN) +d\\.l\\.fuse\\.Mount ");

    private FirstListingInFreshJvm() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("mount")) {
            mountAndList(URI.create(args[1]), args[2]);
            return;
        }
        int mounts = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "lighthouse-fuse-bench");
        if (!Files.exists(work.resolve("filled"))) {
            throw new IllegalStateException("no benchmark store in " + work + ": run FuseViewBenchmark once");
        }
        Keyring keys = Keyring.loadOrCreate(work.resolve("events.keys"), Clock.systemUTC());
        try (EventStore store = EventStores.sqlite(
                work.resolve("events.db"),
                new StoreOptions(
                        keys,
                        work.resolve("events.checkpoints"),
                        StoreOptions.DEFAULT_CHECKPOINT_INTERVAL,
                        Clock.systemUTC()))) {
            Rollout rollout = Rollout.open(
                    store,
                    PolicySource.of(Policies.defaultPolicy()),
                    RolloutSettings.defaults(),
                    Alerts.NONE,
                    Clock.systemUTC());
            AgentTokens tokens = AgentTokens.inDataDir(work);
            List<String> issued = new ArrayList<>();
            int perRound = System.getProperty("launchers", "").split(",").length;
            for (int i = 0; i < mounts * perRound; i++) { // before any mount: issuing one appends an event
                issued.add(tokens.add(
                                "fresh-%d-%d".formatted(ProcessHandle.current().pid(), i), Role.ADMIN, Instant.now())
                        .token());
            }
            Bridge bridge = Bridge.builder(
                            BridgeConfig.defaults().withListen("127.0.0.1", 0), rollout.judge(), store, tokens)
                    .rollout(rollout)
                    .start();
            URI base = URI.create("http://127.0.0.1:" + bridge.port());
            String launchers = System.getProperty("launchers", "").strip();
            try {
                System.out.println("listing ms, mounting JVM processor ms (JIT compiler's), bridge processor ms");
                if (launchers.isEmpty()) {
                    for (String token : issued) {
                        System.out.println(oneMount(base, token));
                    }
                } else {
                    Path data = work.resolve("launcher-data");
                    run(List.of("rm", "-rf", data.toString()));
                    Files.createDirectories(data);
                    var tokensLeft = issued.iterator();
                    for (int i = 0; i < mounts; i++) {
                        for (String launcher : launchers.split(",")) {
                            String line = oneLauncherMount(Path.of(launcher), base, tokensLeft.next(), data);
                            System.out.println(launcher + ": " + line);
                        }
                    }
                }
            } finally {
                bridge.stop();
            }
        }
    }

    /** One mounting JVM: its report line, with the bridge's processor time between its BEGIN and END lines. */
    private static String oneMount(URI bridge, String token) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(
                List.of(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        // options of the mounting JVM only, such as -XX:AOTCache=…
        String options = System.getProperty("mount.jvm", "").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                FirstListingInFreshJvm.class.getName(),
                "mount",
                bridge.toString(),
                token));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long bridgeAtBegin = 0;
        String result = "no listing";
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("BEGIN")) {
                    bridgeAtBegin = threadsSum();
                } else if (line.startsWith("END ")) {
                    result = "%s, bridge %.1f".formatted(line.substring(4), (threadsSum() - bridgeAtBegin) / 1e6);
                }
            }
        }
        p.waitFor();
        return result;
    }

    /**
     * One {@code lighthouse mount} started by a launcher script, listed at once from this process and stopped as
     * {@code lighthouse umount} stops it (TERM to the JVM serving the view).
     */
    private static String oneLauncherMount(Path launcher, URI bridge, String token, Path data)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(data.resolve("view"));
        Path errors = data.resolve("stderr.txt");
        long launched = System.nanoTime();
        Process p = new ProcessBuilder(
                        launcher.toString(),
                        "mount",
                        dir.toString(),
                        "--url",
                        bridge.toString(),
                        "--token",
                        token,
                        "--data-dir",
                        data.toString())
                .redirectError(errors.toFile())
                .start();
        List<String> printed = new ArrayList<>();
        String result = "did not mount";
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (line != null && line.startsWith("Mounted ")) {
                long mounted = System.nanoTime();
                ProcessHandle jvm = mountingJvm(p.toHandle());
                String pid = Long.toString(jvm.pid());
                Map<String, Long> before = FuseViewBenchmark.threadsCpuNanos(pid);
                long bridgeBefore = threadsSum();
                long start = System.nanoTime();
                FuseViewBenchmark.count(
                        dir.resolve("decisions").resolve(FuseViewBenchmark.DAY).resolve("00"));
                long wall = System.nanoTime() - start;
                long bridgeNanos = threadsSum() - bridgeBefore;
                long all = 0;
                long compiler = 0;
                Map<String, Long> byKind = new TreeMap<>();
                for (var t : FuseViewBenchmark.threadsCpuNanos(pid).entrySet()) {
                    long nanos = t.getValue() - before.getOrDefault(t.getKey(), 0L);
                    all += nanos;
                    compiler += t.getKey().contains("CompilerThre") ? nanos : 0;
                    byKind.merge(kind(t.getKey()), nanos, Long::sum);
                }
                result = "%.1f ms, view %.1f (JIT %.1f), bridge %.1f; mounted after %.0f ms; view by thread: %s"
                        .formatted(
                                wall / 1e6,
                                all / 1e6,
                                compiler / 1e6,
                                bridgeNanos / 1e6,
                                (mounted - launched) / 1e6,
                                byThread(byKind));
                jvm.destroy();
            } else if (line != null) {
                printed.add(line);
            }
            for (String rest; (rest = out.readLine()) != null; ) {
                printed.add(rest);
            }
        }
        p.waitFor();
        // the mount's own log lines (what it mounted, unmounted) are its output by design; anything else is noise
        Files.readAllLines(errors).stream()
                .filter(l -> !MOUNT_LOG.matcher(l).lookingAt())
                .forEach(printed::add);
        for (int waited = 0; makingCache(data) && waited < 600; waited++) {
            Thread.sleep(1000); // the cache a training mount left to make, before the next mount
        }
        return result + (printed.isEmpty() ? "" : "; also printed " + printed);
    }

    /**
     * What kind of thread a "tid name" of {@code /proc} is: its name without numbers ({@code C2 CompilerThre},
     * {@code Thread-} for libfuse's workers, {@code ForkJoinPool--worker-} for the virtual threads' carriers).
     */
    private static String kind(String tidAndName) {
        return tidAndName.substring(tidAndName.indexOf(' ') + 1).replaceAll("[0-9#]", "");
    }

    /** Those kinds that took at least a millisecond, most first. */
    private static String byThread(Map<String, Long> nanosByKind) {
        return nanosByKind.entrySet().stream()
                .filter(e -> e.getValue() >= 1_000_000)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> "%s %.0f".formatted(e.getKey(), e.getValue() / 1e6))
                .collect(Collectors.joining(", "));
    }

    /** The JVM that serves the view: the launcher itself once it has exec'd, else its child. */
    private static ProcessHandle mountingJvm(ProcessHandle launcher) {
        if (launcher.info().command().orElse("").endsWith("/java")) {
            return launcher;
        }
        return launcher.children()
                .filter(c -> c.info().command().orElse("").endsWith("/java"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JVM under the launcher " + launcher.pid()));
    }

    private static boolean makingCache(Path data) throws IOException {
        Path aot = data.resolve("aot");
        if (!Files.isDirectory(aot)) {
            return false;
        }
        try (var files = Files.list(aot)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".aotconf"));
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private static long threadsSum() {
        return FuseViewBenchmark.threadsCpuNanos().values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** In the mounting JVM: mount, list the hour at once, report, unmount. */
    private static void mountAndList(URI bridge, String token) throws IOException {
        Path dir = Files.createDirectories(Path.of(
                System.getProperty("java.io.tmpdir"),
                "lighthouse-fuse-bench",
                "fresh-jvm-" + ProcessHandle.current().pid()));
        try (Mount mount = Mount.start(new Mount.Options(bridge, Optional.of(token), dir))) {
            System.out.println("BEGIN");
            System.out.flush();
            Map<String, Long> before = FuseViewBenchmark.threadsCpuNanos();
            long start = System.nanoTime();
            FuseViewBenchmark.count(
                    dir.resolve("decisions").resolve(FuseViewBenchmark.DAY).resolve("00"));
            long wall = System.nanoTime() - start;
            long all = 0;
            long compiler = 0;
            for (var t : FuseViewBenchmark.threadsCpuNanos().entrySet()) {
                long nanos = t.getValue() - before.getOrDefault(t.getKey(), 0L);
                all += nanos;
                compiler += t.getKey().contains("CompilerThre") ? nanos : 0;
            }
            boolean indexed = JsonMapper.builder()
                    .build()
                    .readTree(Files.readString(dir.resolve("debug/mount.json")))
                    .at("/index/complete")
                    .asBoolean();
            System.out.printf(
                    "END %.1f ms, view %.1f (JIT %.1f)%s%n",
                    wall / 1e6, all / 1e6, compiler / 1e6, indexed ? ", after the index" : "");
            System.out.flush();
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
