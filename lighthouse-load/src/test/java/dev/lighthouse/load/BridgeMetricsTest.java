package dev.lighthouse.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BridgeMetricsTest {
    private static final String MICROMETER = """
            # HELP process_cpu_usage The "recent cpu usage" for the Java Virtual Machine process
            # TYPE process_cpu_usage gauge
            process_cpu_usage 0.5
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 100.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 200.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 50.0
            jvm_gc_pause_seconds_count{action="end of minor GC",gc="G1 Young Generation"} 3
            jvm_gc_pause_seconds_count{action="end of major GC",gc="G1 Old Generation"} 1
            jvm_gc_pause_seconds_sum{action="end of minor GC",gc="G1 Young Generation"} 0.03
            http_server_requests_seconds_count{uri="/v1/hooks/claude-code"} 1234
            """;

    @Test
    void parse_sumsMicrometersJvmAndProcessSeries() {
        BridgeMetrics.Sample s = BridgeMetrics.parse(MICROMETER);

        assertThat(s.cpu()).hasValue(0.5);
        assertThat(s.heapBytes()).hasValue(300.0);
        assertThat(s.memoryBytes()).hasValue(350.0);
        assertThat(s.gcCount()).hasValue(4.0);
        assertThat(s.gcSeconds()).hasValue(0.03);
    }

    @Test
    void parse_leavesMissingSeriesEmpty_notZero() {
        BridgeMetrics.Sample s = BridgeMetrics.parse("# nothing JVM here\nhook_calls_total 12\nbroken line\n");

        assertThat(s.cpu()).isEmpty();
        assertThat(s.heapBytes()).isEmpty();
        assertThat(s.gcCount()).isEmpty();
    }

    @Test
    void summarise_meanAndPeakCpu_peakMemory_gcGrowthBetweenFirstAndLastScrape() {
        BridgeMetrics.Sample a = BridgeMetrics.parse("process_cpu_usage 0.2\njvm_gc_pause_seconds_count 10\n");
        BridgeMetrics.Sample b = BridgeMetrics.parse("process_cpu_usage 0.6\njvm_gc_pause_seconds_count 25\n");

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
