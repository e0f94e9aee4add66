package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.alert.AlertSink;
import dev.lighthouse.alert.PagerDutySink;
import dev.lighthouse.alert.SlackSink;
import dev.lighthouse.alert.WebhookSink;
import dev.lighthouse.bridge.sla.SlaMeasure;
import dev.lighthouse.bridge.sla.SlaThreshold;
import dev.lighthouse.cli.config.ConfigException;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerts.*}, {@code sla.*} and {@code integrity.*} from lighthouse.yaml and the environment. */
class AlertsWiringTest {
    @TempDir
    Path dir;

    Settings load(String yaml, Map<String, String> env) throws IOException {
        Path file = Files.writeString(dir.resolve("lighthouse.yaml"), "data-dir: " + dir + "\n" + yaml);
        return Settings.load(new Settings.Flags(Optional.of(file), Map.of()), env, dir);
    }

    @Test
    void noReceiversConfigured_noSinks() throws IOException {
        assertThat(AlertsWiring.sinks(load("", Map.of()), Map.of())).isEmpty();
    }

    @Test
    void allThreeReceivers_withThePagerDutyKeyFromTheEnvironment() throws IOException {
        Map<String, String> env = Map.of("PD_KEY", "R0UT1NG\n");
        Settings settings = load("""
                alerts:
                  webhook:
                    url: https://ops.example.com/lighthouse
                  slack:
                    url: https://hooks.example.com/services/T0/B0/x
                  pagerduty:
                    routing-key: env:PD_KEY
                    url: http://127.0.0.1:9999
                """, env);

        List<AlertSink> sinks = AlertsWiring.sinks(settings, env);

        assertThat(sinks)
                .containsExactly(
                        new WebhookSink(URI.create("https://ops.example.com/lighthouse")),
                        new SlackSink(URI.create("https://hooks.example.com/services/T0/B0/x")),
                        new PagerDutySink(URI.create("http://127.0.0.1:9999"), "R0UT1NG"));
    }

    @Test
    void thePagerDutyKey_fromAFileInTheDataDir() throws IOException {
        Files.writeString(dir.resolve("pagerduty.key"), "FR0MF1LE\n");
        Settings settings = load("alerts.pagerduty.routing-key: file:pagerduty.key\n", Map.of());

        assertThat(AlertsWiring.sinks(settings, Map.of()))
                .containsExactly(new PagerDutySink(URI.create("https://events.pagerduty.com"), "FR0MF1LE"));
    }

    @Test
    void aMissingPagerDutyKey_stopsStartWithTheKeyNamed_notTheSecret() throws IOException {
        Settings settings = load("alerts.pagerduty.routing-key: env:PD_KEY\n", Map.of());

        assertThatThrownBy(() -> AlertsWiring.sinks(settings, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessage("alerts.pagerduty.routing-key=env:PD_KEY: no key there (empty or not set)");
    }

    @Test
    void theKeyItselfInTheConfig_isRefused() {
        assertThatThrownBy(() -> load("alerts.pagerduty.routing-key: R0UT1NG\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alerts.pagerduty.routing-key")
                .hasMessageContaining("expected file:PATH or env:VARIABLE");
    }

    @Test
    void anSlaSetting_changesOnlyWhatItNames_andTheIntervalIsADuration() throws IOException {
        Settings settings = load("""
                sla:
                  p99-latency: limit=250,grace=60s
                integrity:
                  sweep-interval: 1h
                """, Map.of("LIGHTHOUSE_SLA_THROUGHPUT", "enabled=false"));

        SlaThreshold p99 = settings.get(ConfigKeys.SLA_P99_LATENCY);
        assertThat(p99.limit()).isEqualTo(250);
        assertThat(p99.grace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p99.severity())
                .isEqualTo(SlaThreshold.defaultFor(SlaMeasure.P99_LATENCY).severity());
        assertThat(settings.get(ConfigKeys.SLA_THROUGHPUT).enabled()).isFalse();
        assertThat(settings.get(ConfigKeys.SLA_CPU)).isEqualTo(SlaThreshold.defaultFor(SlaMeasure.CPU));
        assertThat(settings.get(ConfigKeys.INTEGRITY_SWEEP_INTERVAL)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aBadSlaSetting_namesTheKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> load("sla.cpu: severity=high\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sla.cpu")
                .hasMessageContaining("severity must be critical, major, minor or warning, not `high`");
    }
}
