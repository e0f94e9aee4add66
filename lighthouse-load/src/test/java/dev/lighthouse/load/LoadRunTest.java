package dev.lighthouse.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs of a few seconds against {@link StubBridge} on loopback; they assert counts and mixes, never speed. */
class LoadRunTest {
    private static final CommandCorpus CORPUS = CommandCorpus.builtIn();

    private static LoadPlan.Builder quick(StubBridge stub) {
        return LoadPlan.builder()
                .url(stub.url())
                .pattern(WorkloadPattern.INCIDENT_RESPONSE)
                .agents(10)
                .duration(Duration.ofMillis(1500))
                .ramp(Duration.ZERO)
                .thinkTime(Duration.ofMillis(20))
                .networkErrors(0, 0, Duration.ZERO)
                .seed(42);
    }

    private static LoadResult run(LoadPlan plan) {
        List<LoadRun.Progress> ticks = new ArrayList<>();
        LoadResult r = LoadRun.run(plan, CORPUS, ticks::add);
        assertThat(ticks)
                .as("one progress report per second")
                .hasSize(r.intervals().size() - 1);
        return r;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void closedModel_countsEveryAnswerWithTheDecisionTheStubGave(Dialect dialect) throws IOException {
        try (StubBridge stub = new StubBridge()) {
            LoadResult r = run(quick(stub).dialect(dialect).build());

            assertThat(r.totals().sent()).isPositive().isEqualTo(stub.received());
            assertThat(r.totals().answered()).isEqualTo(r.totals().sent());
            assertThat(r.totals().errors()).isZero();
            for (Verdict v : Verdict.values()) {
                assertThat(r.decisions().get(v.cliName())).as(v.cliName()).isEqualTo(stub.answered(v));
            }
            assertThat(r.escalations()).isEqualTo(stub.answered(Verdict.ASK));
            // incident_response is half risky: the stub denies some of those (rm -rf) in every dialect.
            assertThat(r.decisions().get("deny")).isPositive();
            assertThat(r.decisionsByClass().get("safe").get("deny")).isZero();
            assertThat(r.latency().count()).isEqualTo(r.totals().answered());
            long perSecond = r.intervals().stream()
                    .mapToLong(LoadResult.Interval::requests)
                    .sum();
            assertThat(perSecond).isEqualTo(r.totals().answered());
        }
    }

    @Test
    void severalUrls_spreadTheAgents_andAgentsOfAStoppedBridgeMoveToTheOther() throws IOException {
        try (StubBridge a = new StubBridge();
                StubBridge b = new StubBridge()) {
            List<Acknowledgement> acks = java.util.Collections.synchronizedList(new ArrayList<>());
            LoadPlan plan = quick(a).urls(List.of(a.url(), b.url()))
                    .duration(Duration.ofMillis(2500))
                    .requestTimeout(Duration.ofSeconds(5)) // a call in flight as b stops may get no answer
                    .build();

            LoadResult r = LoadRun.run(
                    plan,
                    CORPUS,
                    p -> {
                        if (p.second() == 1) {
                            b.close(); // its agents' next calls are refused: they go to a at once
                        }
                    },
                    acks::add);

            assertThat(r.targets())
                    .extracting(LoadResult.Target::url)
                    .containsExactly(a.url().toString(), b.url().toString());
            assertThat(r.targets()).extracting(LoadResult.Target::agents).containsExactly(5L, 5L);
            LoadResult.Target atB = r.targets().get(1);
            assertThat(atB.answered())
                    .isPositive()
                    .isLessThanOrEqualTo(b.answeredFingerprints().size());
            assertThat(atB.errors())
                    .as("each of b's agents fails there once at most, then moves")
                    .isLessThanOrEqualTo(5);
            assertThat(atB.failoversAway()).isBetween(1L, 5L + atB.errors());
            assertThat(r.failovers()).isGreaterThanOrEqualTo(atB.failoversAway());
            assertThat(r.targets().getFirst().answered())
                    .isGreaterThan(atB.answered())
                    .isLessThanOrEqualTo(a.answeredFingerprints().size());
            // every acknowledgement names a call the bridge it names answered, and there is one per answer
            assertThat(acks).hasSize((int) r.totals().answered());
            for (Acknowledgement ack : acks) {
                StubBridge answeredBy = ack.url().equals(a.url().toString()) ? a : b;
                assertThat(answeredBy.answeredFingerprints()).contains(ack.fingerprint());
            }
            assertThat(acks.stream().map(Acknowledgement::fingerprint).distinct())
                    .hasSize(acks.size());
            String summary = Summary.render(r);
            assertThat(summary)
                    .contains("failovers", a.url().toString(), b.url().toString());
        }
    }

    @Test
    void openModel_sendsTheSeededArrivalsAtTheRate() throws IOException {
        try (StubBridge stub = new StubBridge()) {
            LoadPlan plan = quick(stub)
                    .model(LoadPlan.Model.OPEN)
                    .pattern(WorkloadPattern.BUSINESS_HOURS)
                    .rate(160)
                    .burstMultiplier(1)
                    .duration(Duration.ofSeconds(2))
                    .build();
            LoadResult r = run(plan);

            assertThat(r.totals().errors())
                    .as(r.totals().firstErrors().toString())
                    .isZero();
            assertThat(r.totals().sent()).isEqualTo(stub.received()).isBetween(600L, 1000L);
            assertThat(r.totals().answered()).isEqualTo(r.totals().sent());
            assertThat(r.plan().model()).isEqualTo("open");
        }
    }

    @Test
    void networkErrorInjection_failsOnTheClient_retriesSome_losesTheRest() throws IOException {
        try (StubBridge stub = new StubBridge()) {
            LoadPlan plan =
                    quick(stub).networkErrors(0.3, 0.5, Duration.ofSeconds(1)).build();
            LoadResult r = run(plan);

            LoadResult.Totals t = r.totals();
            assertThat(t.injected()).isPositive().isEqualTo(t.retried() + t.lost());
            assertThat(t.retried()).isPositive();
            assertThat(t.lost()).isPositive();
            assertThat(t.errors()).as("injected failures are not server errors").isZero();
            assertThat(t.sent()).isEqualTo(stub.received()).isEqualTo(t.answered());
            assertThat(r.intervals().stream()
                            .mapToLong(LoadResult.Interval::injected)
                            .sum())
                    .isEqualTo(t.injected());
            // The agent's own retry pause moves its schedule; it is not the bridge's delay.
            assertThat(r.latency().p99Ms()).isLessThan(500);
        }
    }

    @Test
    void serverErrors_areCountedByKind_andInTheErrorRate() throws IOException {
        try (StubBridge stub = new StubBridge().failEvery(4)) {
            LoadResult r = run(quick(stub).build());

            assertThat(r.totals().errorKinds().get("http_status")).isPositive().isEqualTo(stub.failed());
            assertThat(r.totals().answered() + r.totals().errors()).isEqualTo(stub.received());
            assertThat(r.errorRate()).isEqualTo((double) stub.failed() / stub.received());
            assertThat(r.totals().firstErrors()).containsEntry("http_status", "HTTP 500");
        }
    }

    @Test
    void unreachableBridge_everyAttemptIsATransportError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LoadPlan plan = LoadPlan.builder()
                .url(URI.create("http://127.0.0.1:" + port))
                .agents(3)
                .duration(Duration.ofMillis(500))
                .ramp(Duration.ZERO)
                .thinkTime(Duration.ofMillis(50))
                .networkErrors(0, 0, Duration.ZERO)
                .seed(1)
                .build();
        LoadResult r = LoadRun.run(plan, CORPUS, p -> {});

        assertThat(r.totals().answered()).isZero();
        assertThat(r.totals().errors())
                .isPositive()
                .isEqualTo(r.totals().errorKinds().get("transport"));
        assertThat(r.errorRate()).isEqualTo(1.0);
        assertThat(r.bridge().scrapes()).isZero();
    }

    @Test
    void stalledBridge_showsInCorrectedPercentiles_notInUncorrectedOnes() throws IOException {
        Duration stall = Duration.ofMillis(600);
        try (StubBridge stub = new StubBridge().stallAt(150, stall)) {
            LoadPlan plan = quick(stub)
                    .agents(8)
                    .thinkTime(Duration.ofMillis(10))
                    .duration(Duration.ofSeconds(3))
                    .burstMultiplier(1)
                    .build();
            LoadResult r = run(plan);

            // Eight requests waited out the stall; the agents meant to send dozens more meanwhile.
            assertThat(r.latency().p99Ms()).isGreaterThan(stall.toMillis() / 2.0);
            assertThat(r.uncorrectedLatency().p99Ms()).isLessThan(r.latency().p99Ms() / 2);
            assertThat(r.uncorrectedLatency().maxMs()).isGreaterThan(stall.toMillis() / 2.0);
        }
    }

    @Test
    void sameSeed_sameCallsInEverySession() throws IOException {
        Map<String, List<String>> first;
        Map<String, List<String>> second;
        try (StubBridge stub = new StubBridge()) {
            run(quick(stub).duration(Duration.ofMillis(800)).build());
            first = stub.commandsBySession();
        }
        try (StubBridge stub = new StubBridge()) {
            run(quick(stub).duration(Duration.ofMillis(800)).build());
            second = stub.commandsBySession();
        }
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((session, commands) -> {
            List<String> other = second.get(session);
            int n = Math.min(3, Math.min(commands.size(), other.size()));
            assertThat(other.subList(0, n)).as(session).isEqualTo(commands.subList(0, n));
        });
    }

    @Test
    void bridgeMetrics_areReadFromItsStatus() throws IOException {
        try (StubBridge stub = new StubBridge().withMetrics()) {
            LoadResult r = run(quick(stub).build());

            assertThat(r.bridge().scrapes()).isGreaterThanOrEqualTo(2);
            assertThat(r.bridge().cpuMean()).hasValue(0.25);
            assertThat(r.bridge().heapMaxBytes()).hasValue(3 * 1024 * 1024 * 10.0);
            assertThat(r.bridge().gcSeconds()).hasValue(0.0);
        }
    }

    @Test
    void baseline_flagsADeliberatelySlowedBridge_andNotAnIdenticalOne(@TempDir Path dir) throws IOException {
        LoadResult fast;
        LoadResult slow;
        LoadResult again;
        try (StubBridge stub = new StubBridge()) {
            fast = run(quick(stub).build());
        }
        try (StubBridge stub = new StubBridge().slow(Duration.ofMillis(60))) {
            slow = run(quick(stub).build());
        }
        try (StubBridge stub = new StubBridge()) {
            again = run(quick(stub).build());
        }
        fast.write(dir.resolve("baseline.json"));
        LoadResult baseline = LoadResult.read(dir.resolve("baseline.json"));

        Comparison slower = Comparison.of(baseline, slow, 0.10);
        assertThat(slower.regressed()).isTrue();
        assertThat(slower.regressions()).extracting(Comparison.Change::measure).contains(Measure.LATENCY_P50);
        // A shared 2-core machine is noisy: an identical stub must keep its central measures within twice the
        // baseline beyond their noise floors (a 60 ms slower bridge is far outside). The tails of a 1.5 s run rest on
        // a handful of samples, and one scheduling stall moved p99 from 4 to 10 ms on CI; the mean carries those
        // stalls too (it doubled on a loaded machine while p50 held), so both are left to ComparisonTest, which
        // checks the threshold logic exactly.
        assertThat(Comparison.of(baseline, again, 1.0).regressions())
                .extracting(Comparison.Change::measure)
                .doesNotContain(Measure.LATENCY_P50, Measure.THROUGHPUT, Measure.ERROR_RATE);
    }

    @Test
    void report_writesJsonAndHtml(@TempDir Path dir) throws IOException {
        try (StubBridge stub = new StubBridge()) {
            LoadResult r = run(quick(stub).build());
            Comparison c = Comparison.of(r, r, 0.1);
            Path html = HtmlReport.write(dir, r, Optional.of(c));

            assertThat(LoadResult.read(dir.resolve(HtmlReport.JSON_FILE))).isEqualTo(r);
            String page = Files.readString(html);
            assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg", "p99", "No regression", "escalations");
            assertThat(page).doesNotContain("http://cdn", "https://cdn", "<script");
        }
    }

    /** Issue 19: reviews and regions were text only in the report; now each has a chart like the latency one. */
    @Test
    void report_chartsReviewLatencyOverTime_andEachRegionsP99(@TempDir Path dir) throws IOException {
        LoadResult r;
        try (StubBridge stub = new StubBridge()) {
            r = run(quick(stub).build());
        }
        LoadResult.Latency regionLatency = new LoadResult.Latency(10, 3, 2, 4, 5, 7.5, 8, 9);
        LoadResult.Reviews reviews = new LoadResult.Reviews(
                0.8,
                1,
                3,
                3,
                2,
                1,
                0,
                0,
                Map.of("production_deployment", 3L),
                new LoadResult.Latency(3, 120, 110, 150, 160, 170, 170, 170),
                Map.of(),
                List.of(
                        new LoadResult.ReviewSecond(0, 2, 110, 150, 150),
                        new LoadResult.ReviewSecond(1, 1, 170, 170, 170)));
        LoadResult withBoth = new LoadResult(
                r.schemaVersion(),
                r.plan(),
                r.startedAt(),
                r.elapsedSeconds(),
                r.totals(),
                r.latency(),
                r.uncorrectedLatency(),
                r.throughput(),
                r.errorRate(),
                r.shareUnder100ms(),
                r.decisions(),
                r.decisionsByClass(),
                r.escalations(),
                r.peakInFlight(),
                r.bridge(),
                r.intervals(),
                Map.of(
                        "eu", new LoadResult.RegionResult(0.5, 2, 10, 0, 0, regionLatency),
                        "asia", new LoadResult.RegionResult(0.5, 2, 10, 0, 40, regionLatency)),
                Optional.of(reviews),
                r.failovers(),
                r.targets());

        String page = HtmlReport.render(withBoth, Optional.empty());

        String reviewsSection = page.substring(page.indexOf("<h2>Reviews</h2>"), page.indexOf("<h2>Regions</h2>"));
        assertThat(reviewsSection).contains("<svg", "Review latency (ms", "<polyline", "Verdicts counted per second");
        String regionsSection = page.substring(page.indexOf("<h2>Regions</h2>"), page.indexOf("<h2>Errors</h2>"));
        assertThat(regionsSection).contains("<svg", ">eu<", ">asia<", "asia p99: 7.50 ms");
        withBoth.write(dir.resolve("result.json"));
        assertThat(LoadResult.read(dir.resolve("result.json"))
                        .reviews()
                        .orElseThrow()
                        .seconds())
                .hasSize(2);
    }
}
