package dev.lighthouse.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The regression rule with fixed numbers: worse by more than the threshold and by more than the noise floor. */
class ComparisonTest {
    private static final LoadResult.Plan PLAN = new LoadResult.Plan(
            "http://127.0.0.1:8765",
            "claude-code",
            "business_hours",
            "closed",
            30,
            15,
            80,
            250,
            150,
            375,
            2000,
            300,
            0.02,
            0.8,
            1);

    private static LoadResult result(
            LoadResult.Plan plan,
            double p50,
            double p99,
            double throughput,
            double errorRate,
            double under100,
            OptionalDouble cpu) {
        LoadResult.Latency lat = new LoadResult.Latency(1000, p50, p50, p99, p99, p99, p99, p99 * 2);
        LoadResult.Bridge bridge = new LoadResult.Bridge(
                cpu.isPresent() ? 3 : 0,
                cpu,
                cpu,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty());
        return new LoadResult(
                LoadResult.SCHEMA_VERSION,
                plan,
                "2026-11-23T10:00:00Z",
                30,
                new LoadResult.Totals(1000, 1000, 0, Map.of(), 0, 0, 0, Map.of()),
                lat,
                lat,
                throughput,
                errorRate,
                under100,
                Map.of(),
                Map.of(),
                0,
                10,
                bridge,
                List.of(),
                Map.of(),
                java.util.Optional.empty(),
                0,
                List.of());
    }

    private static LoadResult base() {
        return result(PLAN, 10, 40, 100, 0, 0.999, OptionalDouble.of(0.30));
    }

    @Test
    void identicalRuns_noRegression() {
        Comparison c = Comparison.of(base(), base(), 0.10);

        assertThat(c.regressed()).isFalse();
        assertThat(c.changes()).extracting(Comparison.Change::measure).contains(Measure.BRIDGE_CPU_MEAN);
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void latencyWorseByMoreThanThreshold_regressed() {
        Comparison c = Comparison.of(base(), result(PLAN, 10, 48, 100, 0, 0.999, OptionalDouble.of(0.30)), 0.10);

        assertThat(c.regressions())
                .extracting(Comparison.Change::measure)
                .as("mean and p50 unchanged; max +16 ms is under its 25 ms noise floor")
                .containsExactlyInAnyOrder(Measure.LATENCY_P95, Measure.LATENCY_P99);
    }

    @Test
    void latencyWorseWithinThreshold_notRegressed() {
        assertThat(Comparison.of(base(), result(PLAN, 10.9, 43.9, 100, 0, 0.999, OptionalDouble.of(0.3)), 0.10)
                        .regressed())
                .isFalse();
    }

    @Test
    void tinyAbsoluteChange_isNoise_evenWhenRelativelyLarge() {
        LoadResult fast = result(PLAN, 0.2, 0.5, 100, 0, 1, OptionalDouble.empty());
        LoadResult bitSlower = result(PLAN, 0.4, 1.5, 100, 0, 1, OptionalDouble.empty());

        assertThat(Comparison.of(fast, bitSlower, 0.10).regressed()).isFalse();
    }

    @Test
    void throughputDrop_andErrorsFromZero_regressed() {
        LoadResult worse = result(PLAN, 10, 40, 80, 0.02, 0.999, OptionalDouble.of(0.30));

        assertThat(Comparison.of(base(), worse, 0.10).regressions())
                .extracting(Comparison.Change::measure)
                .containsExactlyInAnyOrder(Measure.THROUGHPUT, Measure.ERROR_RATE);
    }

    @Test
    void shareUnder100ms_isJudgedByTheShareOver() {
        // 99.9 % -> 99.0 %: ten times as many calls over 100 ms.
        LoadResult worse = result(PLAN, 10, 40, 100, 0, 0.990, OptionalDouble.of(0.30));

        Comparison c = Comparison.of(base(), worse, 0.10);
        assertThat(c.regressions()).extracting(Comparison.Change::measure).containsExactly(Measure.SHARE_UNDER_100MS);
    }

    @Test
    void improvements_neverRegress() {
        LoadResult better = result(PLAN, 5, 20, 150, 0, 1, OptionalDouble.of(0.10));

        Comparison c = Comparison.of(base(), better, 0.10);
        assertThat(c.regressed()).isFalse();
        assertThat(c.changes()).allSatisfy(ch -> assertThat(ch.worsening()).isLessThanOrEqualTo(0));
    }

    @Test
    void bridgeMetricsMissingOnOneSide_areSkipped() {
        LoadResult noMetrics = result(PLAN, 10, 40, 100, 0, 0.999, OptionalDouble.empty());

        assertThat(Comparison.of(base(), noMetrics, 0.10).changes())
                .extracting(Comparison.Change::measure)
                .doesNotContain(Measure.BRIDGE_CPU_MEAN);
    }

    @Test
    void bridgeCpuUp_regressed() {
        LoadResult hotter = result(PLAN, 10, 40, 100, 0, 0.999, OptionalDouble.of(0.45));

        assertThat(Comparison.of(base(), hotter, 0.10).regressions())
                .extracting(Comparison.Change::measure)
                .containsExactly(Measure.BRIDGE_CPU_MEAN);
    }

    @Test
    void differentPlans_areCompared_withAWarning() {
        LoadResult.Plan other = new LoadResult.Plan(
                "http://127.0.0.1:8765",
                "codex",
                "scale_test",
                "closed",
                30,
                15,
                500,
                1200,
                500,
                1000,
                2000,
                300,
                0.02,
                0.8,
                1);

        Comparison c = Comparison.of(base(), result(other, 10, 40, 100, 0, 0.999, OptionalDouble.of(0.3)), 0.10);
        assertThat(c.warnings()).anyMatch(w -> w.startsWith("dialect differs")).anyMatch(w -> w.startsWith("pattern"));
    }

    @Test
    void summary_namesWhatRegressed() {
        Comparison c = Comparison.of(base(), result(PLAN, 10, 80, 100, 0, 0.999, OptionalDouble.of(0.3)), 0.10);

        assertThat(Summary.render(c, "base.json")).contains("latency p99 ms", "REGRESSED", "REGRESSION: ");
    }
}
