package dev.lighthouse.load;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A pool of simulated reviewers answering the bridge's reviews through its review API while a load run goes on: each
 * reviewer follows {@code GET /v1/reviews/stream} (server-sent events) and, for each {@code review.requested}, pauses
 * for the route's expert response time and posts {@code POST /v1/reviews/{id}/verdict}. A bridge without the stream
 * is polled instead ({@code GET /v1/reviews?status=pending} every poll interval). Following the stream answers only
 * reviews opened during the run; listing does not burden the bridge with every pending review ten times a second.
 *
 * <p>Review latency is measured from the review's {@code created} time (the bridge's clock) to the moment the
 * bridge accepted the verdict (this machine's clock): the same clock on loopback, so it includes the polling delay a
 * real reviewer has too. Each reviewer identity polls on its own HTTP client, apart from the agents' connections, so
 * agents held for a verdict cannot starve the reviewers of connections.
 */
final class SimulatedReviewers implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final long HIGHEST_US = TimeUnit.HOURS.toMicros(1);

    private final ReviewerSimulation sim;
    private final List<HookClient> clients = new ArrayList<>();
    private final List<Thread> pollers = new ArrayList<>();
    private final ExecutorService answers = Executors.newVirtualThreadPerTaskExecutor();
    private final SplittableRandom random;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();
    private final LongAdder approved = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder notCounted = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, String> firstErrors = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(HIGHEST_US, 3);
    /** Review latency by the second of the run its verdict was counted in, for the report's chart. */
    private final Map<Integer, Histogram> bySecond = new ConcurrentHashMap<>();

    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;

    private SimulatedReviewers(ReviewerSimulation sim, long seed) {
        this.sim = sim;
        this.random = new SplittableRandom(seed);
    }

    /** Starts one poller per reviewer identity. */
    static SimulatedReviewers start(LoadPlan plan, ReviewerSimulation sim) {
        SimulatedReviewers pool = new SimulatedReviewers(sim, plan.seed() ^ 0x5EED_5EEDL);
        List<Optional<String>> identities = sim.tokens().isEmpty()
                ? List.of(plan.token())
                : sim.tokens().stream().map(Optional::of).toList();
        for (Optional<String> token : identities) {
            HookClient client = new HookClient(plan.url(), plan.dialect(), token, plan.requestTimeout(), 64, "review");
            pool.clients.add(client);
            CountDownLatch connected = new CountDownLatch(1);
            pool.pollers.add(Thread.ofVirtual().name("load-reviewer").start(() -> pool.follow(client, connected)));
            try {
                // agents start only once the stream is open, so no review of the run is missed
                connected.await(plan.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return pool;
    }

    /** Follows the review stream; reconnects after {@code Last-Event-ID}; polls when the bridge has no stream. */
    private void follow(HookClient client, CountDownLatch connected) {
        Set<String> taken = ConcurrentHashMap.newKeySet();
        StreamEvent event = new StreamEvent();
        while (running) {
            int status;
            try {
                String after = event.lastId.isEmpty() ? "" : "?after=" + event.lastId;
                status = client.stream("v1/reviews/stream" + after, line -> {
                    connected.countDown();
                    if (event.line(line) && event.type.equals("review.requested")) {
                        JsonNode data = JSON.readTree(event.data.toString());
                        take(client, taken, data.path("review").asString(""), data);
                    }
                });
            } catch (IOException | JacksonException e) {
                connected.countDown(); // no stream now: the agents need not wait for it
                if (running) {
                    error("stream", e.toString());
                    LockSupport.parkNanos(sim.pollInterval().toNanos());
                }
                continue;
            }
            if (status == 404) {
                connected.countDown();
                poll(client, taken);
                return;
            }
            if (status != 200 && running) {
                error("stream", "GET /v1/reviews/stream answered HTTP " + status);
                LockSupport.parkNanos(sim.pollInterval().toNanos());
            }
        }
    }

    /** One server-sent event being read: {@code id:}, {@code event:} and {@code data:} lines up to a blank line. */
    private static final class StreamEvent {
        String lastId = "";
        String type = "";
        final StringBuilder data = new StringBuilder();
        private boolean complete;

        /** Takes one line; true when it completed an event. */
        boolean line(String line) {
            if (complete) {
                type = "";
                data.setLength(0);
                complete = false;
            }
            if (line.isEmpty()) {
                complete = !type.isEmpty() || !data.isEmpty();
                return complete;
            }
            if (line.startsWith("id:")) {
                lastId = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
            return false;
        }
    }

    private void take(HookClient client, Set<String> taken, String id, JsonNode review) {
        if (id.isEmpty() || !taken.add(id)) {
            return;
        }
        seen.add(id);
        String route = review.path("route").path("name").asString("");
        Instant created = created(review);
        boolean approve;
        synchronized (random) {
            approve = random.nextDouble() < sim.approvalShare();
        }
        try {
            answers.submit(() -> answer(client, id, route, created, approve));
        } catch (RejectedExecutionException e) {
            // the run is over: the pool is closing
        }
    }

    private void poll(HookClient client, Set<String> taken) {
        while (running) {
            try {
                HookClient.Raw raw = client.get("v1/reviews?status=pending&simulated=true&limit=1000");
                if (raw.status() != 200) {
                    error("list", "GET /v1/reviews answered HTTP " + raw.status());
                } else {
                    for (JsonNode review : JSON.readTree(raw.body()).path("reviews")) {
                        take(client, taken, review.path("id").asString(""), review);
                    }
                }
            } catch (IOException | JacksonException e) {
                error("list", e.toString());
            }
            LockSupport.parkNanos(sim.pollInterval().toNanos());
        }
    }

    private void answer(HookClient client, String id, String route, Instant created, boolean approve) {
        Duration think = ReviewerSimulation.responseTime(route);
        LockSupport.parkNanos(think.toNanos()); // the scenario's expert response time: a reviewer thinking
        byte[] body = JsonNodeFactory.instance
                .objectNode()
                .put("verdict", approve ? "approve" : "deny")
                .put("reason", "simulated reviewer (%s scenario, %d ms)".formatted(route, think.toMillis()))
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        try {
            HookClient.Raw raw =
                    client.post("v1/reviews/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/verdict", body);
            switch (raw.status()) {
                case 200 -> {
                    (approve ? approved : denied).increment();
                    byRoute.computeIfAbsent(route, k -> new LongAdder()).increment();
                    long micros = Duration.between(created, Instant.now()).toNanos() / 1000;
                    long value = Math.min(HIGHEST_US, Math.max(0, micros));
                    latency.recordValue(value);
                    int second = (int) ((System.nanoTime() - startNanos) / 1_000_000_000L);
                    Histogram h = bySecond.computeIfAbsent(second, k -> new Histogram(HIGHEST_US, 2));
                    synchronized (h) {
                        h.recordValue(value);
                    }
                }
                case 403, 409 -> notCounted.increment(); // not eligible, already voted, already resolved
                default ->
                    error(
                            "verdict",
                            "POST verdict answered HTTP %d: %s"
                                    .formatted(raw.status(), new String(raw.body(), StandardCharsets.UTF_8)));
            }
        } catch (IOException | IllegalArgumentException e) {
            error("verdict", e.toString());
        }
    }

    private static Instant created(JsonNode review) {
        try {
            return Instant.parse(review.path("created").asString(""));
        } catch (DateTimeParseException e) {
            return Instant.now(); // no creation time: count from when the reviewer saw it
        }
    }

    private void error(String where, String message) {
        errors.increment();
        firstErrors.putIfAbsent(where, message);
    }

    /** Stops polling, lets verdicts already being prepared go out, and closes the clients. */
    @Override
    public void close() {
        running = false;
        answers.close(); // verdicts being prepared still go out
        clients.forEach(HookClient::close); // ends the streams
        pollers.forEach(SimulatedReviewers::joinQuietly);
    }

    LoadResult.Reviews result() {
        Histogram h = latency.getIntervalHistogram();
        Map<String, Long> routes = new TreeMap<>();
        byRoute.forEach((k, v) -> routes.put(k.isEmpty() ? "(unnamed)" : k, v.sum()));
        return new LoadResult.Reviews(
                sim.approvalShare(),
                Math.max(1, sim.tokens().size()),
                seen.size(),
                approved.sum() + denied.sum(),
                approved.sum(),
                denied.sum(),
                notCounted.sum(),
                errors.sum(),
                routes,
                LiveStats.latency(h),
                new TreeMap<>(firstErrors),
                seconds());
    }

    private List<LoadResult.ReviewSecond> seconds() {
        List<LoadResult.ReviewSecond> out = new ArrayList<>();
        new TreeMap<>(bySecond).forEach((second, histogram) -> {
            synchronized (histogram) {
                LoadResult.Latency l = LiveStats.latency(histogram);
                out.add(new LoadResult.ReviewSecond(second, l.count(), l.p50Ms(), l.p99Ms(), l.maxMs()));
            }
        });
        return out;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
