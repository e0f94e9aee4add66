package dev.lighthouse.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bridge stand-in on loopback for tests: answers each hook dialect with a decision chosen from the command (deny
 * {@code rm -rf}, ask {@code sudo}, otherwise allow), tallies what it answered, and can be told to be slow, to stall
 * once, to fail with HTTP 500 or to report its process's resource use in its status.
 */
final class StubBridge implements AutoCloseable {
    static {
        // Without it the JDK server's small responses wait on Nagle's algorithm and delayed ACKs (about 40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpServer server;
    private final LongAdder received = new LongAdder();
    private final Map<Verdict, LongAdder> answered = new EnumMap<>(Verdict.class);
    private final LongAdder failed = new LongAdder();
    private final Map<String, List<String>> commandsBySession = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> answeredFingerprints = ConcurrentHashMap.newKeySet();
    private volatile Duration delay = Duration.ZERO;
    private volatile long stallAtRequest = -1;
    private volatile Duration stall = Duration.ZERO;
    private volatile long stallUntilNanos;
    private volatile int failEvery;
    private volatile boolean metrics;

    StubBridge() throws IOException {
        for (Verdict v : Verdict.values()) {
            answered.put(v, new LongAdder());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        for (Dialect d : Dialect.values()) {
            server.createContext(d.path(), ex -> hook(d, ex));
        }
        server.createContext("/v1/status", this::status);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    StubBridge slow(Duration d) {
        delay = d;
        return this;
    }

    /** The request with this sequence number (from 1) and every request arriving during the stall wait it out. */
    StubBridge stallAt(long request, Duration d) {
        stall = d;
        stallAtRequest = request;
        return this;
    }

    /** Every n-th request is answered with HTTP 500. */
    StubBridge failEvery(int n) {
        failEvery = n;
        return this;
    }

    StubBridge withMetrics() {
        metrics = true;
        return this;
    }

    /** What the claude-code calls it answered carried: {@link Acknowledgement#fingerprintOf} each. */
    Set<String> answeredFingerprints() {
        return Set.copyOf(answeredFingerprints);
    }

    long received() {
        return received.sum();
    }

    long answered(Verdict v) {
        return answered.get(v).sum();
    }

    long failed() {
        return failed.sum();
    }

    Map<String, List<String>> commandsBySession() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        commandsBySession.forEach((k, v) -> {
            synchronized (v) {
                copy.put(k, new ArrayList<>(v));
            }
        });
        return copy;
    }

    private void hook(Dialect dialect, HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            received.increment();
            long n = sequence.incrementAndGet();
            String session = body.path("session_id").asString();
            String command = body.path("tool_input").path("command").asString();
            List<String> list = commandsBySession.computeIfAbsent(session, k -> new ArrayList<>());
            synchronized (list) {
                list.add(command);
            }
            waitAsTold(n);
            if (failEvery > 0 && n % failEvery == 0) {
                failed.increment();
                ex.sendResponseHeaders(500, -1);
                return;
            }
            Verdict v = command.contains("rm -rf")
                    ? Verdict.DENY
                    : command.startsWith("sudo") ? Verdict.ASK : Verdict.ALLOW;
            if (dialect == Dialect.CODEX && v == Verdict.ASK) {
                v = Verdict.DENY; // Codex has no ask.
            }
            answered.get(v).increment();
            Acknowledgement.fingerprintOf(
                            session, body.path("tool_input").path("description").asString(""))
                    .ifPresent(answeredFingerprints::add);
            byte[] answer = answer(dialect, v).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
        }
    }

    private void waitAsTold(long n) {
        if (n == stallAtRequest) {
            stallUntilNanos = System.nanoTime() + stall.toNanos();
        }
        long until = Math.max(stallUntilNanos, System.nanoTime() + delay.toNanos());
        // Simulated server slowness: sleeping here is the behaviour under test, not a wait for a condition.
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String answer(Dialect d, Verdict v) {
        String word = v.cliName();
        return switch (d) {
            case CLAUDE_CODE ->
                "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"" + word
                        + "\",\"permissionDecisionReason\":\"stub\"}}";
            case CODEX ->
                v == Verdict.ALLOW
                        ? "{}"
                        : "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\","
                                + "\"permissionDecisionReason\":\"stub\"}}";
            case GEMINI -> "{\"decision\":\"" + word + "\",\"reason\":\"stub\"}";
        };
    }

    private void status(HttpExchange ex) throws IOException {
        try (ex) {
            if (!metrics) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long n = received.sum();
            String body = """
                    {"service": "lighthouse-bridge", "process": {"cpuLoad": 0.25, "heapUsedBytes": 31457280,
                     "memoryUsedBytes": 35651584, "gcCount": %d, "gcSeconds": 0.5}}
                    """.formatted(n / 100);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
