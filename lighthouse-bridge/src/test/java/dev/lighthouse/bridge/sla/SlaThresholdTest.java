package dev.lighthouse.bridge.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SlaThresholdTest {
    @Test
    void defaults_areTheEightThresholdsOfTheOriginalDesign() {
        assertThat(SlaThreshold.defaults())
                .extracting(SlaThreshold::spec)
                .containsExactly(
                        "limit=99,window=60s,grace=60s,severity=major,rollback=true,enabled=true,recovery=30s",
                        "limit=100,window=60s,grace=30s,severity=major,rollback=true,enabled=true,recovery=30s",
                        "limit=50,window=60s,grace=120s,severity=minor,rollback=false,enabled=true,recovery=30s",
                        "limit=99.9,window=60s,grace=10s,severity=critical,rollback=true,enabled=true,recovery=30s",
                        "limit=1,window=60s,grace=60s,severity=major,rollback=true,enabled=true,recovery=30s",
                        "limit=10,window=60s,grace=300s,severity=minor,rollback=false,enabled=true,recovery=30s",
                        "limit=85,window=60s,grace=180s,severity=warning,rollback=false,enabled=true,recovery=30s",
                        "limit=90,window=60s,grace=60s,severity=major,rollback=true,enabled=true,recovery=30s");
    }

    @ParameterizedTest
    @EnumSource(SlaMeasure.class)
    void spec_readsBackToTheSameThreshold(SlaMeasure measure) {
        SlaThreshold t = SlaThreshold.defaultFor(measure);

        assertThat(t.with(t.spec())).isEqualTo(t);
    }

    @Test
    void with_changesOnlyTheSettingsGiven() {
        SlaThreshold t = SlaThreshold.defaultFor(SlaMeasure.P99_LATENCY).with("limit=250, grace=2m,rollback=no");

        assertThat(t.limit()).isEqualTo(250);
        assertThat(t.grace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(t.rollback()).isFalse();
        assertThat(t.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(t.severity()).isEqualTo(SlaSeverity.MAJOR);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            limit=fast       | limit must be a number, not `fast`
            window=1h        | window must be 1s to 15m, got 3600s
            severity=high    | severity must be critical, major, minor or warning, not `high`
            rollback=maybe   | expected true or false, not `maybe`
            limt=5           | unknown setting `limt`; expected limit, window, grace, severity, rollback, enabled or recovery
            grace            | expected KEY=VALUE pairs such as limit=200,grace=30s, got `grace`
            """)
    void with_badSettings_sayWhatIsWrongAndWhatWasExpected(String spec, String message) {
        assertThatThrownBy(() -> SlaThreshold.defaultFor(SlaMeasure.CPU).with(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
