package dev.lighthouse.events.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} into a temporary directory and {@code postgres} on a free
 * loopback port, from the Debian package's {@code /usr/lib/postgresql/<version>/bin}. initdb and postgres refuse to
 * run as root, so as root (CI) both run as user {@code postgres} through {@code setpriv}, which execs in place so
 * stopping the process stops the server. fsync is off: these tests check the store's contract, not PostgreSQL's
 * durability. One server per test run ({@link #shared}); each test takes a fresh database.
 */
public final class PostgresServer implements AutoCloseable {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresServer.class);
    private static final String OS_USER = "postgres";

    private final Path dir;
    private volatile Process process;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The run's server, started on first use and stopped when the test run ends. */
    public static PostgresServer shared(ExtensionContext context) {
        return context.getRoot()
                .getStore(NS)
                .computeIfAbsent(PostgresServer.class, k -> start(false), PostgresServer.class);
    }

    /** Whether a PostgreSQL installation is present to start. */
    public static boolean installed() {
        return binDir().isPresent();
    }

    /** Starts a server; {@code durable} keeps fsync on (for benchmarks). */
    public static PostgresServer start(boolean durable) {
        Path bin = binDir().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); .ci/run installs it:"
                        + " apt-get install postgresql"));
        try {
            Path dir = Files.createTempDirectory("lighthouse-pg");
            Path data = dir.resolve("data");
            boolean root = isRoot();
            if (root) {
                run(List.of("chown", OS_USER + ":" + OS_USER, dir.toString()));
            }
            run(asUser(
                    root,
                    bin.resolve("initdb").toString(),
                    "-D",
                    data.toString(),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "--no-instructions"));
            int port = freePort();
            return new PostgresServer(dir, launch(bin, root, dir, data, port, durable), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code postgres} on {@code data} and {@code port}; returns once it accepts connections. */
    private static Process launch(Path bin, boolean root, Path dir, Path data, int port, boolean durable)
            throws IOException, InterruptedException {
        List<String> cmd = asUser(
                root,
                bin.resolve("postgres").toString(),
                "-D",
                data.toString(),
                "-p",
                Integer.toString(port),
                "-k",
                dir.toString(),
                "-h",
                "127.0.0.1",
                "-c",
                "fsync=" + (durable ? "on" : "off"),
                "-c",
                "max_connections=200");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // if the test JVM is stopped before the run ends, do not leave a server behind
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        CountDownLatch ready = new CountDownLatch(1);
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread.ofPlatform().daemon().name("postgres-log").start(() -> drain(p, ready, log));
        if (!ready.await(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("postgres did not become ready within 60 s:\n" + String.join("\n", log));
        }
        return p;
    }

    /** Stops the server at once (fast shutdown: sessions are cut), keeping its data for {@link #startAgain}. */
    public void stopNow() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Starts the stopped server again on the same port and data. */
    public void startAgain() {
        try {
            process = launch(binDir().orElseThrow(), isRoot(), dir, dir.resolve("data"), port, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new, empty database; returns its JDBC URL (user postgres, no password). */
    public String newDatabase() {
        String name = "t" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:%d/%s?user=postgres".formatted(port, database);
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: smart shutdown
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static void drain(Process p, CountDownLatch ready, List<String> log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (ready.getCount() > 0) {
                    log.add(line);
                }
                if (line.contains("ready to accept connections")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the server is gone: nothing more to read
        }
    }

    private static java.util.Optional<Path> binDir() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(
                            b -> Integer.parseInt(b.getParent().getFileName().toString())));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        id.waitFor();
        return uid.equals("0");
    }

    private static List<String> asUser(boolean root, String... command) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
