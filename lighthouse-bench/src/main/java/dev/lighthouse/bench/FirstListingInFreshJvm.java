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
 */
public final class FirstListingInFreshJvm {
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
            for (int i = 0; i < mounts; i++) { // before any mount: issuing one appends an event
                issued.add(tokens.add(
                                "fresh-%d-%d".formatted(ProcessHandle.current().pid(), i), Role.ADMIN, Instant.now())
                        .token());
            }
            Bridge bridge = Bridge.builder(
                            BridgeConfig.defaults().withListen("127.0.0.1", 0), rollout.judge(), store, tokens)
                    .rollout(rollout)
                    .start();
            try {
                System.out.println("listing ms, mounting JVM processor ms (JIT compiler's), bridge processor ms");
                for (String token : issued) {
                    System.out.println(oneMount(URI.create("http://127.0.0.1:" + bridge.port()), token));
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
