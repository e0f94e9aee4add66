package dev.lighthouse.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A browser following the live table while real Claude Code hook calls arrive at 500 a second for 20 s: measured in
 * the page and printed (not asserted: timings on a shared machine are reports, not tests). Run on purpose:
 *
 * <pre>./mvnw -B -pl lighthouse-console-e2e -am verify -Dtest=LiveTablePerformanceTest -Dlighthouse.console.perf=true
 * -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>In the page: the interval between animation frames ({@code requestAnimationFrame} timestamps), long tasks (a
 * {@code PerformanceObserver} of type {@code longtask}: main-thread work over 50 ms), the delay of a
 * {@code setTimeout(0)} probe every 50 ms (how long an input event would wait for the main thread), and, for every
 * call, the wall-clock time its row entered the table ({@code MutationObserver}), against the time its hook answer
 * reached the caller; long animation frames and the scripts that ran in them. Beside the page: the CPU time of the
 * browser's processes by type (from {@code /proc}, which a loaded machine stretches far less than wall time) and the
 * renderer's main-thread CPU and its split into script, style and layout ({@link Renderer}). What it asserts is only
 * that every call's row appeared.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LiveTablePerformanceTest {
    private static final int RATE = 500;
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration MEASURED = Duration.ofSeconds(20);
    /** Decisions the live page keeps for its filters (console.js). */
    private static final int KEPT = 5_000;
    /** Calls looked up with the text filter after the run. */
    private static final int SAMPLES = 20;

    private static final Pattern PROCESS_TYPE = Pattern.compile("--type=([\\w-]+)");

    /** Installed in the live page: frame intervals, long tasks, timer delays and each row's arrival. */
    private static final String PROBES = """
            const p = window.lighthousePerf = {frames: [], longtasks: [], delays: [], rows: {}, loaf: {}, loafStyle: 0, loafCount: 0};
            let last = performance.now();
            const frame = t => { p.frames.push(t - last); last = t; requestAnimationFrame(frame); };
            requestAnimationFrame(frame);
            new PerformanceObserver(list => list.getEntries().forEach(e => p.longtasks.push(e.duration)))
                .observe({type: 'longtask'});
            // Long animation frames: which script took the time (its source and function), and how much went to style
            // and layout after the scripts, summed over the run.
            new PerformanceObserver(list => list.getEntries().forEach(f => {
              p.loafCount++;
              p.loafStyle += f.styleAndLayoutStart ? f.startTime + f.duration - f.styleAndLayoutStart : 0;
              for (const s of f.scripts) {
                const key = s.invoker + ' ' + (s.sourceFunctionName || '') + ' @' + String(s.sourceURL).split('/').pop();
                const t = p.loaf[key] || (p.loaf[key] = {n: 0, ms: 0, layout: 0});
                t.n++; t.ms += s.duration; t.layout += s.forcedStyleAndLayoutDuration;
              }
            })).observe({type: 'long-animation-frame'});
            setInterval(() => { const t = performance.now(); setTimeout(() => p.delays.push(performance.now() - t), 0); }, 50);
            new MutationObserver(changes => {
              const now = performance.timeOrigin + performance.now();
              for (const c of changes) for (const n of c.addedNodes) {
                const call = n.querySelector && n.querySelector('td.call');
                if (call && !(call.textContent in p.rows)) p.rows[call.textContent] = now;
              }
            }).observe(document.querySelector('#decisions tbody'), {childList: true});
            """;

    @TempDir
    Path dataDir;

    @TempDir
    Path profile;

    @Test
    void liveTable_at500DecisionsASecond_staysResponsive() throws Exception {
        Assumptions.assumeTrue(
                Boolean.getBoolean("lighthouse.console.perf"),
                "console performance measurement skipped: run with -Dlighthouse.console.perf=true");
        try (ConsoleBridge b = new ConsoleBridge(dataDir, builder -> builder)) {
            WebDriver browser = Chromium.start(profile);
            try {
                browser.get(b.url("/console/login"));
                browser.findElement(By.name("token")).sendKeys(b.owner());
                browser.findElement(By.id("login")).click();
                new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(20))
                        .until(d ->
                                d.findElement(By.id("stream-state")).getText().equals("live"));
                JavascriptExecutor page = (JavascriptExecutor) browser;
                page.executeScript(PROBES);
                Renderer.enable(browser);
                String loadBefore = loadAverage();

                int warmUp = (int) (RATE * WARM_UP.toMillis() / 1000);
                int calls = warmUp + (int) (RATE * MEASURED.toMillis() / 1000);
                long[] answeredMicros = new long[calls];
                long[] latencyNanos = new long[calls];
                AtomicInteger failed = new AtomicInteger();
                Semaphore inFlight = new Semaphore(256);
                long start = System.nanoTime();
                long measuredFrom = 0;
                Map<String, Double> browserCpuFrom = Map.of();
                Map<String, Double> metricsFrom = Map.of();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < calls; i++) {
                        if (i == warmUp) {
                            page.executeScript("const p = window.lighthousePerf; p.frames = []; p.longtasks = [];"
                                    + " p.delays = []; p.loaf = {}; p.loafStyle = 0; p.loafCount = 0;");
                            metricsFrom = Renderer.metrics(browser);
                            measuredFrom = System.nanoTime();
                            browserCpuFrom = browserCpuSeconds(profile);
                        }
                        long due = start + i * 1_000_000_000L / RATE;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait); // open loop: the calls' schedule, not a stand-in for work
                        }
                        inFlight.acquire();
                        int k = i;
                        pool.submit(() -> {
                            try {
                                long t0 = System.nanoTime();
                                b.claudeCode("perf-" + (k % 20), command(k));
                                latencyNanos[k] = System.nanoTime() - t0;
                                answeredMicros[k] = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                            } catch (RuntimeException e) {
                                failed.incrementAndGet();
                            } finally {
                                inFlight.release();
                            }
                        });
                    }
                }
                double seconds = (System.nanoTime() - measuredFrom) / 1e9;
                Map<String, Double> browserCpuTo = browserCpuSeconds(profile);
                double browserCpu = total(browserCpuTo) - total(browserCpuFrom);
                Map<String, Double> metricsTo = Renderer.metrics(browser);
                long newest = newestDecision(b.store);
                new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(50))
                        .until(d -> newest == ((Number) page.executeScript(NEWEST_ROW)).longValue());
                @SuppressWarnings("unchecked")
                Map<String, Object> measured = (Map<String, Object>)
                        page.executeScript(
                                "const p = window.lighthousePerf; return {frames: p.frames, longtasks: p.longtasks,"
                                        + " delays: p.delays, rows: p.rows, loaf: p.loaf, loafStyle: p.loafStyle, loafCount: p.loafCount};");
                String loadAfter = loadAverage();

                @SuppressWarnings("unchecked")
                Map<String, Object> rows = (Map<String, Object>) measured.get("rows");
                List<Double> appear = new ArrayList<>();
                int notDrawn = 0;
                for (int i = warmUp; i < calls; i++) {
                    Object at = rows.get(command(i));
                    if (at == null || answeredMicros[i] == 0) {
                        notDrawn++;
                    } else {
                        appear.add(((Number) at).doubleValue() - answeredMicros[i] / 1000.0);
                    }
                }
                List<Integer> notFound = notFoundByTheFilter(page, calls);
                double[] frames = numbers(measured.get("frames"));
                double[] longtasks = numbers(measured.get("longtasks"));
                double[] delays = numbers(measured.get("delays"));
                double[] rowDelays =
                        appear.stream().mapToDouble(Double::doubleValue).toArray();
                double[] hook = Arrays.stream(latencyNanos, warmUp, calls)
                        .filter(n -> n > 0)
                        .mapToDouble(n -> n / 1e6)
                        .toArray();
                System.out.printf(
                        "live table at %d decisions/s for %.1f s (%d calls, %.0f/s achieved, %d failed);"
                                + " load average before %s, after %s%n",
                        RATE, seconds, calls - warmUp, (calls - warmUp) / seconds, failed.get(), loadBefore, loadAfter);
                System.out.printf(
                        "  browser CPU (every Chromium process of this profile): %.1f s in %.1f s, %.2f cores;"
                                + " %.2f ms per decision%n",
                        browserCpu, seconds, browserCpu / seconds, browserCpu * 1000 / (calls - warmUp));
                for (var type : browserCpuTo.entrySet()) {
                    double spent = type.getValue() - browserCpuFrom.getOrDefault(type.getKey(), 0.0);
                    System.out.printf(
                            "    %-10s %5.1f s, %.2f ms per decision%n",
                            type.getKey(), spent, spent * 1000 / (calls - warmUp));
                }
                System.out.printf(
                        "  frame interval ms: n=%d p50 %.1f p99 %.1f max %.1f; frames over 50 ms: %d%n",
                        frames.length, pct(frames, 50), pct(frames, 99), pct(frames, 100), over(frames, 50));
                System.out.printf(
                        "  long tasks: %d, total %.0f ms, longest %.0f ms%n",
                        longtasks.length, Arrays.stream(longtasks).sum(), pct(longtasks, 100));
                System.out.printf(
                        "  setTimeout(0) probe delay ms: n=%d p50 %.1f p99 %.1f max %.1f%n",
                        delays.length, pct(delays, 50), pct(delays, 99), pct(delays, 100));
                System.out.printf(
                        "  hook answered -> row in the table, ms: n=%d p50 %.1f p90 %.1f p99 %.1f max %.1f;"
                                + " rows never drawn (arrived and were overtaken between two draws): %d;"
                                + " calls the text filter did not find, of %d sampled: %d%n",
                        rowDelays.length,
                        pct(rowDelays, 50),
                        pct(rowDelays, 90),
                        pct(rowDelays, 99),
                        pct(rowDelays, 100),
                        notDrawn,
                        SAMPLES,
                        notFound.size());
                System.out.printf(
                        "  hook latency ms: p50 %.2f p99 %.2f max %.2f%n",
                        pct(hook, 50), pct(hook, 99), pct(hook, 100));
                Renderer.print(metricsFrom, metricsTo, calls - warmUp);
                System.out.printf(
                        "  long animation frames: %s, style and layout after their scripts %.0f ms; their scripts:%n",
                        measured.get("loafCount"), ((Number) measured.get("loafStyle")).doubleValue());
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Number>> loaf = (Map<String, Map<String, Number>>) measured.get("loaf");
                loaf.entrySet().stream()
                        .sorted((a, c) -> Double.compare(
                                c.getValue().get("ms").doubleValue(),
                                a.getValue().get("ms").doubleValue()))
                        .limit(8)
                        .forEach(e -> System.out.printf(
                                "    %6.0f ms in %5d runs (forced style and layout %.0f ms): %s%n",
                                e.getValue().get("ms").doubleValue(),
                                e.getValue().get("n").intValue(),
                                e.getValue().get("layout").doubleValue(),
                                e.getKey()));
                assertThat(failed.get()).isZero();
                assertThat(notFound).as("calls the page holds no row for").isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    /** The seq of the table's top row, or 0. */
    private static final String NEWEST_ROW =
            "const tr = document.querySelector('#decisions tbody tr'); return tr ? Number(tr.dataset.seq) : 0;";

    /** The seq of the newest decision in {@code store}. */
    private static long newestDecision(EventStore store) {
        long head = store.head().seq();
        List<Event> tail = store.query(EventQuery.all()
                        .type(EventType.DECISION_MADE)
                        .after(new Cursor(Math.max(0, head - 1_000)))
                        .limit(1_000))
                .events();
        return tail.getLast().seq();
    }

    /**
     * Of {@link #SAMPLES} calls spread over the newest half of {@link #KEPT} (what the page keeps for its filters),
     * those the text filter does not find: a call the table never drew must still be in the page.
     */
    private static List<Integer> notFoundByTheFilter(JavascriptExecutor page, int calls) {
        List<Integer> notFound = new ArrayList<>();
        int from = Math.max(0, calls - KEPT / 2); // calls in flight at once finish out of order: not near the edge
        for (int k = 0; k < SAMPLES; k++) {
            int i = from + (int) ((long) (calls - 1 - from) * k / (SAMPLES - 1));
            Object found = page.executeScript("""
                    const f = document.getElementById('f-text');
                    f.value = arguments[0];
                    f.dispatchEvent(new Event('input'));
                    const cells = document.querySelectorAll('#decisions tbody td.call');
                    return cells.length === 1 && cells[0].textContent === arguments[1];""", "src/perf-" + i + "\"", command(i));
            if (!Boolean.TRUE.equals(found)) {
                notFound.add(i);
            }
        }
        page.executeScript(
                "const f = document.getElementById('f-text'); f.value = ''; f.dispatchEvent(new Event('input'));");
        return notFound;
    }

    private static String command(int i) {
        return "ls -la src/perf-" + i;
    }

    private static double[] numbers(Object list) {
        return ((List<?>) list)
                .stream().mapToDouble(n -> ((Number) n).doubleValue()).sorted().toArray();
    }

    /** The {@code p}th percentile of sorted values (nearest rank); 100 is the largest. */
    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    private static long over(double[] values, double limit) {
        return Arrays.stream(values).filter(v -> v > limit).count();
    }

    /**
     * CPU time (user and system) of the Chromium started with {@code profile} and every process under it (renderer,
     * GPU, network), in seconds by the process's {@code --type} ({@code browser} for the main process): what the page
     * costs, which a loaded machine stretches in wall time but not in CPU time.
     */
    private static Map<String, Double> browserCpuSeconds(Path profile) {
        record Proc(long pid, long parent, long ticks, boolean ours, String type) {}
        List<Proc> all = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    Matcher type = PROCESS_TYPE.matcher(cmdline);
                    all.add(new Proc(
                            Long.parseLong(proc.getFileName().toString()),
                            Long.parseLong(fields[1]),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12]), // utime, stime
                            cmdline.contains("--user-data-dir=" + profile),
                            type.find() ? type.group(1) : "browser"));
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        Set<Long> counted = new HashSet<>();
        all.stream().filter(Proc::ours).forEach(p -> counted.add(p.pid()));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Proc p : all) {
                if (counted.contains(p.parent()) && counted.add(p.pid())) {
                    grew = true;
                }
            }
        }
        Map<String, Double> seconds = new TreeMap<>();
        for (Proc p : all) {
            if (counted.contains(p.pid())) {
                seconds.merge(p.type(), p.ticks() / 100.0, Double::sum); // USER_HZ
            }
        }
        return seconds;
    }

    private static double total(Map<String, Double> seconds) {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
