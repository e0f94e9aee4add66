package dev.lighthouse.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BridgeMetricsTest {
    /** What {@code GET /v1/status} answers, with its {@code process} object. */
    private static final String STATUS = """
            {"service": "lighthouse-bridge", "lastSeq": 12,
             "process": {"cpuLoad": 0.5, "heapUsedBytes": 300, "memoryUsedBytes": 350, "gcCount": 4, "gcSeconds": 0.03}}
            """;

    @Test
    void parse_readsTheProcessObjectOfTheStatus() {
        BridgeMetrics.Sample s = BridgeMetrics.parse(STATUS);

        assertThat(s.cpu()).hasValue(0.5);
        assertThat(s.heapBytes()).hasValue(300.0);
        assertThat(s.memoryBytes()).hasValue(350.0);
        assertThat(s.gcCount()).hasValue(4.0);
        assertThat(s.gcSeconds()).hasValue(0.03);
    }

    @Test
    void parse_leavesMissingFiguresEmpty_notZero() {
        BridgeMetrics.Sample older = BridgeMetrics.parse("{\"service\": \"lighthouse-bridge\"}");
        BridgeMetrics.Sample noCpu = BridgeMetrics.parse("{\"process\": {\"heapUsedBytes\": 10}}");
        BridgeMetrics.Sample broken = BridgeMetrics.parse("<html>not json");

        assertThat(older.cpu()).isEmpty();
        assertThat(older.heapBytes()).isEmpty();
        assertThat(noCpu.cpu()).isEmpty();
        assertThat(noCpu.heapBytes()).hasValue(10.0);
        assertThat(broken.gcCount()).isEmpty();
    }

    @Test
    void summarise_meanAndPeakCpu_peakMemory_gcGrowthBetweenFirstAndLastScrape() {
        BridgeMetrics.Sample a = BridgeMetrics.parse("{\"process\": {\"cpuLoad\": 0.2, \"gcCount\": 10}}");
        BridgeMetrics.Sample b = BridgeMetrics.parse("{\"process\": {\"cpuLoad\": 0.6, \"gcCount\": 25}}");

        LoadResult.Bridge s = BridgeMetrics.summarise(List.of(a, b));

        assertThat(s.scrapes()).isEqualTo(2);
        assertThat(s.cpuMean().getAsDouble()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.cpuMax()).hasValue(0.6);
        assertThat(s.gcCount()).hasValue(15.0);
        assertThat(s.memoryMaxBytes()).isEmpty();
    }

    @Test
    void summarise_noScrapes_nothingMeasured() {
        LoadResult.Bridge s = BridgeMetrics.summarise(List.of());

        assertThat(s.scrapes()).isZero();
        assertThat(s.cpuMean()).isEmpty();
    }
}
