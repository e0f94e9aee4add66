package dev.lighthouse.fuse;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.cryptomator.jfuse.api.Fuse;
import org.cryptomator.jfuse.api.FuseBuilder;
import org.cryptomator.jfuse.api.FuseMountFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A mounted filesystem view of one bridge: {@link #start} mounts it at a directory (clearing a mount a killed process
 * left there), {@link #close} unmounts it. The view reads through the bridge's HTTP API as the identity of the token
 * it is given, so it shows exactly what that identity may see, and a vote written into a {@code verdict} is that
 * identity's vote.
 *
 * <p>Needs Linux with {@code /dev/fuse} and libfuse3 ({@code fusermount3}); {@link #unavailable} says what is missing.
 */
public final class Mount implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Mount.class);
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** Bytes of decision files the view keeps in memory. */
    static final long DECISION_CACHE_BYTES = 64L << 20;

    /**
     * How long the view must have answered no file operation before the mount starts its own work (streams, passes):
     * longer than the pauses between the operations of one command ({@code ls} looks up, opens, then reads a directory).
     */
    static final Duration START_WHEN_IDLE = Duration.ofMillis(50);

    /** Longest the mount's own work waits for a quiet moment: a view in constant use starts following anyway. */
    static final Duration START_AT_LATEST = Duration.ofSeconds(1);

    /**
     * Longest {@link #start} waits for the decision stream before it returns (see {@link #awaitReady}): a bridge that
     * is away or refuses the stream does not hold the mount up.
     */
    static final Duration READY_AT_MOST = Duration.ofSeconds(2);

    /** What to mount: the bridge's base URL, a bearer token (none: the tokenless loopback user), the directory. */
    public record Options(URI bridge, Optional<String> token, Path dir) {
        public Options {
            dir = dir.toAbsolutePath().normalize();
        }
    }

    private final Path dir;
    private final Fuse fuse;
    private final StreamsFolder streams;
    private final Activity activity;
    private final Thread indexing;
    private final CountDownLatch unmounted = new CountDownLatch(1);

    private Mount(Path dir, Fuse fuse, StreamsFolder streams, Activity activity, Thread indexing) {
        this.dir = dir;
        this.fuse = fuse;
        this.streams = streams;
        this.activity = activity;
        this.indexing = indexing;
    }

    /** Why this machine cannot mount, if it cannot: no {@code /dev/fuse}, or no libfuse3. */
    public static Optional<String> unavailable() {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return Optional.of("/dev/fuse is missing (FUSE needs Linux with the fuse module, or a container run with"
                    + " --device /dev/fuse)");
        }
        if (List.of("/usr/bin/fusermount3", "/bin/fusermount3").stream().noneMatch(p -> Files.exists(Path.of(p)))
                || libfuse3().isEmpty()) {
            return Optional.of("libfuse3 is missing; install it (Debian and Ubuntu: apt-get install fuse3)");
        }
        return Optional.empty();
    }

    /** Where libfuse3 is: the runtime package installs only {@code libfuse3.so.3}, which the JDK does not look for. */
    static Optional<Path> libfuse3() {
        for (String dir : List.of(
                "/usr/lib/x86_64-linux-gnu",
                "/lib/x86_64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu",
                "/lib/aarch64-linux-gnu",
                "/usr/lib64",
                "/usr/lib",
                "/lib64",
                "/lib")) {
            for (String name : List.of("libfuse3.so.3", "libfuse3.so")) {
                Path lib = Path.of(dir, name);
                if (Files.exists(lib)) {
                    return Optional.of(lib);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Mounts the view and returns once it answers and is ready for a first command (see {@link #awaitReady}).
     *
     * @throws MountException the directory is not usable (missing, not empty, mounted by a live view) or FUSE failed
     */
    public static Mount start(Options options) {
        unavailable().ifPresent(why -> {
            throw new MountException("cannot mount at " + options.dir() + ": " + why);
        });
        Path dir = options.dir();
        clearStale(dir);
        if (!Files.isDirectory(dir)) {
            throw new MountException(
                    "cannot mount at %s: not a directory; create it first (mkdir -p %s)".formatted(dir, dir));
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new MountException(
                        "cannot mount at %s: the directory is not empty; mount on an empty one".formatted(dir));
            }
        } catch (IOException e) {
            throw new MountException("cannot mount at %s: %s".formatted(dir, e.getMessage()));
        }
        Instant now = Instant.now();
        BridgeHttp bridge = new BridgeHttp(options.bridge(), options.token());
        Decisions decisions = new Decisions(bridge, DECISION_CACHE_BYTES);
        ReviewsFolder reviews = new ReviewsFolder(bridge);
        PolicyFolder policy = new PolicyFolder(bridge);
        Activity activity = new Activity(bridge, decisions);
        Leases leases = new Leases(bridge);
        StreamsFolder streams = new StreamsFolder(bridge, decisions, activity, reviews, policy, leases, now);
        Supplier<JsonNode> about = () -> BridgeHttp.JSON.valueToTree(new About(
                ProcessHandle.current().pid(),
                dir.toString(),
                options.bridge().toString(),
                options.token().isPresent() ? "given" : "none (the loopback user)",
                now.toString(),
                decisions.indexState()));
        DebugFolder debug = new DebugFolder(bridge, about);
        Map<String, Supplier<Node>> top = new LinkedHashMap<>();
        top.put("agents", () -> new Node.Dir(new AgentsFolder(activity, leases), now));
        top.put("current", () -> new Node.Dir(FileTree.current(activity), now));
        top.put("debug", () -> new Node.Dir(debug, now));
        top.put("decisions", () -> new Node.Dir(new DecisionsFolder(decisions), now));
        top.put("history", () -> new Node.Dir(FileTree.history(activity), now));
        top.put("leases", () -> new Node.Dir(leases, now));
        top.put("policy", () -> new Node.Dir(policy, now));
        top.put("reviews", () -> new Node.Dir(reviews, now));
        top.put("streams", () -> new Node.Dir(streams, now));
        int uid = owner(dir, "unix:uid");
        int gid = owner(dir, "unix:gid");
        FuseBuilder builder = Fuse.builder();
        libfuse3().ifPresent(lib -> builder.setLibraryPath(lib.toString()));
        Foreground foreground = new Foreground();
        LighthouseFs fs = new LighthouseFs(builder.errno(), Folder.of(top), reviews, now, uid, gid, foreground);
        Fuse fuse = builder.build(fs);
        if (!ReadOnlyLinks.bind(fuse, builder.errno().erofs())) {
            LOG.warn("this jfuse keeps its operations elsewhere: ln and mkfifo in the view fail with EPERM and ENOSYS");
        }
        // attr_timeout=0: the kernel asks for a file's size whenever it reads, and an open file's size is the length of
        // the content it was opened with (LighthouseFs.getattr), so changing files (debug/, streams/) read whole.
        // auto_cache: a file whose size and mtime are what they were keeps its pages in the kernel between opens, so a
        // decision file (never changes) is read from the page cache after the first read; every file whose content
        // can change gets a new mtime or size when it does. no_rofd_flush: closing a file opened read-only costs no
        // round trip (only a verdict, opened for writing, acts on flush).
        try {
            fuse.mount(
                    "lighthouse",
                    dir,
                    "-o",
                    "fsname=lighthouse,subtype=lighthouse,attr_timeout=0,entry_timeout=1,negative_timeout=0,"
                            + "auto_cache,no_rofd_flush");
        } catch (FuseMountFailedException | RuntimeException e) {
            streams.close();
            throw new MountException("cannot mount at %s: %s".formatted(dir, e.getMessage()));
        }
        LOG.info("mounted the bridge at {} on {}", options.bridge(), dir);
        // at once: an event between mounting and a later connection would never reach the stream files, reviews/
        // or current/ (the passes read the store once)
        streams.connect();
        // beside the wait for the bridge: a first listing's code, compiled before the user's first ls
        // (Decisions.warmUp)
        Thread warmUp = Thread.ofPlatform().name("lighthouse-warm-up").start(() -> Decisions.warmUp(10_000, 3));
        awaitReady(streams, decisions);
        joinWarmUp(warmUp);
        foreground.handedOver();
        Thread indexing = Thread.ofVirtual()
                .name("lighthouse-index")
                .start(() -> start(foreground, streams, decisions, activity));
        return new Mount(dir, fuse, streams, activity, indexing);
    }

    /**
     * What a mount does before it returns, so that the first command run in it (a script's {@code ls} right after
     * {@code lighthouse mount}) finds it done instead of doing it beside its own request: the decision stream
     * connected (the other four connect meanwhile), and both ends of {@code decisions/} known, the oldest decision and
     * the newest, which the first lookup of any day or hour asks for. Neither is a copy that can go stale: the stream
     * keeps the newest current from then on. In a new JVM this is also where the HTTP client, the JSON reader of a
     * page of names and the streams' code run for the first time. A bridge that is away or refuses either costs the
     * mount at most {@link #READY_AT_MOST} and a log line; the first look then asks again, as it would have.
     */
    private static void awaitReady(StreamsFolder streams, Decisions decisions) {
        try {
            if (!streams.awaitDecisions(READY_AT_MOST)) {
                LOG.warn("the decision stream did not connect within {}; mounted without it", READY_AT_MOST);
                return;
            }
            decisions.latest(); // asks for the oldest's page too, which says where to look back from
        } catch (BridgeException e) {
            LOG.warn("the oldest and newest decisions are read on the first look: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinWarmUp(Thread warmUp) {
        try {
            warmUp.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The mount's own work, once the view has been idle for {@link #START_WHEN_IDLE} (a command run right after
     * mounting is answered first, without the start-up beside it on the bridge's processors), at the latest after
     * {@link #START_AT_LATEST}, and once the decision stream (connected at mounting) is connected (so that no
     * decision falls between a pass's last page and the stream's first event): the passes over the store: the
     * names, which serve every listing from memory, then the whole records, which make {@code agents/},
     * {@code history/} and {@code current/}.
     */
    private static void start(Foreground foreground, StreamsFolder streams, Decisions decisions, Activity activity) {
        try {
            foreground.awaitQuiet(START_WHEN_IDLE, START_AT_LATEST);
            if (!streams.awaitDecisions(BridgeHttp.TIMEOUT)) {
                LOG.warn("the decision stream did not connect in time; the decisions are indexed on the first look");
                return;
            }
            long started = System.nanoTime();
            decisions.indexNames();
            LOG.info(
                    "listing {} decisions from memory after {} ms",
                    decisions.indexState().names(),
                    (System.nanoTime() - started) / 1_000_000);
            activity.build();
        } catch (BridgeException e) {
            LOG.warn(
                    "indexing the decisions stopped ({}); the next look at agents/, history/ or current/ resumes it",
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the view has indexed the store within {@code wait}: from then on every listing is served from memory
     * (see docs/fuse.md, Performance).
     */
    public boolean awaitIndexed(Duration wait) throws InterruptedException {
        return activity.awaitBuilt(wait);
    }

    private static int owner(Path dir, String attribute) {
        try {
            return (Integer) Files.getAttribute(dir, attribute, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    public Path dir() {
        return dir;
    }

    /** Blocks until the view is unmounted ({@link #close}, e.g. from a shutdown hook on Ctrl-C). */
    public void awaitUnmounted() throws InterruptedException {
        unmounted.await();
    }

    /** Unmounts; the streams' connections to the bridge end. Idempotent. */
    @Override
    public void close() {
        if (unmounted.getCount() == 0) {
            return;
        }
        streams.close();
        indexing.interrupt();
        try {
            fuse.close();
        } catch (TimeoutException e) {
            LOG.warn("{}: the FUSE loop did not end in time; unmounting lazily", dir);
            lazyUnmount(dir);
        } finally {
            unmounted.countDown();
            LOG.info("unmounted {}", dir);
        }
    }

    /** Whether something is mounted at {@code dir} now (a line of {@code /proc/self/mountinfo}). */
    public static boolean isMounted(Path dir) {
        String target = dir.toAbsolutePath().normalize().toString().replace(" ", "\\040");
        try {
            for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].equals(target)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Clears a mount at {@code dir} whose process is gone (its directory answers "Transport endpoint is not
     * connected"). A live mount is left alone and reported.
     *
     * @return whether a stale mount was cleared
     * @throws MountException a live view is mounted there
     */
    public static boolean clearStale(Path dir) {
        if (!isMounted(dir)) {
            return false;
        }
        try {
            Files.readAttributes(dir, "basic:isDirectory");
        } catch (FileSystemException e) {
            if (String.valueOf(e.getReason()).contains("not connected")
                    || String.valueOf(e.getMessage()).contains("not connected")) {
                LOG.warn(
                        "{}: a mount left by a process that is gone (Transport endpoint is not connected); clearing it",
                        dir);
                lazyUnmount(dir);
                return true;
            }
            throw new MountException("cannot mount at %s: %s".formatted(dir, e.getMessage()));
        } catch (IOException e) {
            throw new MountException("cannot mount at %s: %s".formatted(dir, e.getMessage()));
        }
        throw new MountException("cannot mount at %s: something is mounted there already; `lighthouse umount %s` first"
                .formatted(dir, dir));
    }

    /**
     * Unmounts whatever view is mounted at {@code dir}: asks its process to stop (it unmounts cleanly), and unmounts
     * the directory itself when that process is gone or does not stop in time.
     *
     * @return what was done, for the user
     */
    public static String unmount(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        if (!isMounted(target)) {
            throw new MountException("nothing is mounted at " + target);
        }
        Optional<Long> pid = Optional.empty();
        try {
            var about = BridgeHttp.JSON.readTree(Files.readString(target.resolve("debug/mount.json")));
            pid = Optional.of(about.path("pid").asLong());
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: no mount.json ({}); unmounting directly", target, e.getMessage());
        }
        Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isPresent()
                && process.get().pid() != ProcessHandle.current().pid()) {
            process.get().destroy();
            try {
                process.get().onExit().get(15, TimeUnit.SECONDS);
                if (!isMounted(target)) {
                    return "unmounted %s (stopped the view's process %d)"
                            .formatted(target, process.get().pid());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn(
                        "{}: process {} did not stop in time: {}",
                        target,
                        process.get().pid(),
                        e.toString());
            }
        }
        if (run(List.of("fusermount3", "-u", target.toString())) == 0 || !isMounted(target)) {
            return "unmounted " + target;
        }
        lazyUnmount(target);
        if (isMounted(target)) {
            throw new MountException("could not unmount %s; try `fusermount3 -uz %s`".formatted(target, target));
        }
        return "unmounted %s (lazily: files still open there keep working until closed)".formatted(target);
    }

    private static void lazyUnmount(Path dir) {
        if (run(List.of("fusermount3", "-u", "-z", dir.toString())) != 0) {
            run(List.of("umount", "-l", dir.toString()));
        }
    }

    private static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            if (p.exitValue() != 0) {
                LOG.debug("{}: exit {}: {}", String.join(" ", command), p.exitValue(), out);
            }
            return p.exitValue();
        } catch (IOException e) {
            LOG.debug("{}: {}", String.join(" ", command), e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What {@code debug/mount.json} says of this mount. */
    private record About(
            long pid, String dir, String bridge, String token, String mounted, Decisions.IndexState index) {}
}
