package dev.lighthouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Heap a running bridge holds per open review: opens {@code N} reviews with distinct calls of a given size (a Claude
 * Code hook call {@code terraform apply -var x=…}, which the default policy sends to review) and compares the live heap
 * before and after, each read as the total of {@code jcmd PID GC.class_histogram} (which runs a full collection first,
 * so only reachable objects count). Prints the figure per review and the classes that grew most. Reports, asserts
 * nothing: the figure goes to docs/performance.md.
 *
 * <p>Run against a fresh bridge whose review caps let {@code N} reviews open (the defaults refuse past 50 per agent):
 *
 * <pre>
 * LIGHTHOUSE_REVIEW_OPEN=100000 LIGHTHOUSE_REVIEW_OPEN_PER_AGENT=100000 LIGHTHOUSE_JAVA_OPTS=-Xmx1g \
 *   ./lighthouse serve --listen 127.0.0.1:0 --data-dir /tmp/lh-heap &
 * java -cp lighthouse-bench/target/benchmarks.jar dev.lighthouse.bench.ReviewHeapMeasurement \
 *   http://127.0.0.1:PORT PID 2000 60000
 * </pre>
 *
 * Arguments: the bridge's URL, the bridge's process id (for {@code jcmd}), the number of reviews (2,000), the
 * characters of each call (60,000).
 */
public final class ReviewHeapMeasurement {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int THREADS = 8;
    private static final int WARM_UP_CALLS = 50;

    private ReviewHeapMeasurement() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ReviewHeapMeasurement URL PID [REVIEWS=2000] [CALL_CHARS=60000]");
            System.exit(2);
        }
        URI hook = URI.create(args[0] + "/v1/hooks/claude-code");
        long pid = Long.parseLong(args[1]);
        int reviews = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int chars = args.length > 3 ? Integer.parseInt(args[3]) : 60_000;
        Random random = new Random(26);
        HttpClient http = HttpClient.newHttpClient();

        // Warm-up: classes loaded, caches and pools filled, a first review opened, before the baseline.
        send(http, hook, WARM_UP_CALLS, chars, random, "warm-up");
        Map<String, long[]> before = histogram(pid);
        int asked = send(http, hook, reviews, chars, random, "measured");
        Map<String, long[]> after = histogram(pid);

        long grown = total(after) - total(before);
        System.out.printf(
                "%d calls of %d characters answered ask (a review opened) of %d sent%n", asked, chars, reviews);
        System.out.printf(
                "live heap %,d -> %,d bytes: %,d bytes per open review (%.1f KB; %.2f bytes per call character)%n",
                total(before),
                total(after),
                grown / reviews,
                grown / reviews / 1024.0,
                (double) grown / reviews / chars);
        System.out.println("classes that grew most (bytes per review):");
        List<Map.Entry<String, Long>> deltas = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long was = before.getOrDefault(e.getKey(), new long[2])[1];
            deltas.add(Map.entry(e.getKey(), e.getValue()[1] - was));
        }
        deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> d : deltas.subList(0, Math.min(12, deltas.size()))) {
            System.out.printf("  %,10d  %s%n", d.getValue() / reviews, d.getKey());
        }
    }

    /** Sends {@code count} distinct calls from {@link #THREADS} threads; returns how many were answered ask. */
    private static int send(HttpClient http, URI hook, int count, int chars, Random random, String phase)
            throws Exception {
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(call(phase + "-" + i, chars, random));
        }
        AtomicInteger asked = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> done = new ArrayList<>();
            for (String body : bodies) {
                done.add(pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(hook)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    String answer;
                    try {
                        answer = http.send(request, HttpResponse.BodyHandlers.ofString())
                                .body();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    if (answer.contains("\"permissionDecision\":\"ask\"")) {
                        asked.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return asked.get();
    }

    /** A Claude Code hook call of {@code terraform apply} with {@code chars} characters, distinct by its filler. */
    private static String call(String name, int chars, Random random) {
        StringBuilder filler = new StringBuilder(chars);
        filler.append("terraform apply -var ").append(name).append('=');
        while (filler.length() < chars) {
            filler.append((char) ('a' + random.nextInt(26)));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("session_id", "heap");
        body.put("transcript_path", "/tmp/heap/transcript.jsonl");
        body.put("cwd", "/tmp/heap");
        body.put("hook_event_name", "PreToolUse");
        body.put("tool_name", "Bash");
        body.putObject("tool_input").put("command", filler.toString());
        return body.toString();
    }

    /** Live bytes by class name, after the full collection {@code GC.class_histogram} runs first. */
    private static Map<String, long[]> histogram(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                .toString(),
                        Long.toString(pid),
                        "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.class_histogram failed: " + out);
        }
        Map<String, long[]> classes = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "  1:   12345   67890  java.lang.String (java.base@25)"
            if (f.length >= 4 && f[0].endsWith(":") && f[1].matches("\\d+") && f[2].matches("\\d+")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }

    private static long total(Map<String, long[]> histogram) {
        long sum = 0;
        for (long[] v : histogram.values()) {
            sum += v[1];
        }
        return sum;
    }
}
