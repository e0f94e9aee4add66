package dev.lighthouse.bridge.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lighthouse.bridge.TestClock;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.testing.SqliteStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The monitor driven second by second through its clock and {@link SlaMonitor#tick()}: measurements go in through
 * the same observer the bridge feeds, the probes are the test's own values.
 */
class SlaMonitorTest {
    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    static final long SLOW = Duration.ofMillis(150).toNanos();
    static final long FAST = Duration.ofMillis(1).toNanos();

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(T0);
    final RecordingAlerts alerts = new RecordingAlerts();
    final List<SlaTransition> heard = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SqliteStore events;
    volatile boolean ready = true;
    volatile double cpu = 0.1;
    volatile double memory = 0.2;

    @BeforeEach
    void open() {
        events = new SqliteStore(dir);
    }

    @AfterEach
    void close() {
        events.close();
    }

    SlaMonitor monitor(SlaThreshold... thresholds) {
        return new SlaMonitor(
                List.of(thresholds),
                clock,
                events.store,
                alerts,
                List.of(heard::add),
                new SlaMonitor.Probes(() -> ready, () -> cpu, () -> memory),
                registry,
                "lighthouse@test");
    }

    /** One second of traffic (or resource use) that breaks {@code measure}'s default limit, or keeps it. */
    void second(SlaMeasure measure, BridgeMetrics.CallObserver in, boolean bad) {
        cpu = measure == SlaMeasure.CPU && bad ? 0.95 : 0.1;
        memory = measure == SlaMeasure.MEMORY && bad ? 0.95 : 0.2;
        int calls = measure == SlaMeasure.THROUGHPUT ? (bad ? 1 : 20) : SlaWindows.MIN_CALLS;
        boolean slow = bad && measure.name().contains("LATENCY") || bad && measure == SlaMeasure.FAST_SHARE;
        for (int i = 0; i < calls; i++) {
            in.decided("agent s" + (i % 3), slow ? SLOW : FAST);
        }
        for (int i = 0; bad && i < calls / 10; i++) { // about 9 % of calls fail
            if (measure == SlaMeasure.AVAILABILITY) {
                in.rejected("store_unavailable");
            }
            if (measure == SlaMeasure.ERROR_RATE) {
                in.rejected("overloaded");
            }
        }
    }

    @Test
    void tooFewCalls_areNotMeasured_soAColdStartsSlowFirstCallsPageNobody() {
        try (SlaMonitor monitor =
                monitor(SlaThreshold.defaultFor(SlaMeasure.P99_LATENCY).with("grace=0s"))) {
            for (int i = 1; i < SlaWindows.MIN_CALLS; i++) {
                monitor.observer().decided("agent s", SLOW);
            }
            monitor.tick();
            assertThat(status(monitor).value()).isNaN();
            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.OK);

            monitor.observer().decided("agent s", SLOW);
            monitor.tick();
            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.VIOLATED);
        }
    }

    SlaMonitor.Status status(SlaMonitor monitor) {
        return monitor.statuses().getFirst();
    }

    @ParameterizedTest
    @EnumSource(SlaMeasure.class)
    void eachThreshold_isViolatedOnlyAfterItsGrace_andRecoversWhenTheWindowIsGood(SlaMeasure measure) {
        SlaThreshold threshold = SlaThreshold.defaultFor(measure);
        long grace = threshold.grace().toSeconds();
        try (SlaMonitor monitor = monitor(threshold)) {
            for (long s = 0; s < grace; s++) {
                second(measure, monitor.observer(), true);
                monitor.tick();
                assertThat(status(monitor).state())
                        .as("second %d of %d s grace", s, grace)
                        .isEqualTo(SlaMonitor.State.PENDING);
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(heard).isEmpty();

            second(measure, monitor.observer(), true);
            monitor.tick();

            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.VIOLATED);
            assertThat(status(monitor).since()).isEqualTo(T0.plusSeconds(grace));
            assertThat(heard).singleElement().satisfies(t -> {
                assertThat(t.id()).isEqualTo(measure.id());
                assertThat(t.violated()).isTrue();
                assertThat(t.severity()).isEqualTo(threshold.severity());
                assertThat(t.rollback()).isEqualTo(threshold.rollback());
                assertThat(measure.breaks(t.value(), t.limit())).isTrue();
            });
            assertThat(alerts.raised).containsExactly("trigger sla/" + measure.id());
            assertThat(registry.get("lighthouse.sla.violated")
                            .tag("threshold", measure.id())
                            .gauge()
                            .value())
                    .isEqualTo(1.0);

            long recoveredAfter = -1;
            long limit = threshold.window().toSeconds() + threshold.recovery().toSeconds() + 1;
            for (long s = 1; s <= limit && recoveredAfter < 0; s++) {
                clock.advance(Duration.ofSeconds(1));
                second(measure, monitor.observer(), false);
                monitor.tick();
                recoveredAfter = status(monitor).state() == SlaMonitor.State.OK ? s : -1;
            }

            assertThat(recoveredAfter)
                    .as("recovered within the window and the recovery grace")
                    .isPositive();
            assertThat(heard).hasSize(2);
            assertThat(heard.get(1).violated()).isFalse();
            assertThat(alerts.raised).containsExactly("trigger sla/" + measure.id(), "resolve sla/" + measure.id());
            assertThat(registry.get("lighthouse.sla.violated")
                            .tag("threshold", measure.id())
                            .gauge()
                            .value())
                    .isZero();
        }
        Event violated = events.await(SlaMonitor.VIOLATED, 1).getFirst();
        JsonNode p = violated.payloadJson();
        assertThat(violated.stream()).isEqualTo("sla/" + measure.id());
        assertThat(p.get("threshold").asString()).isEqualTo(measure.id());
        assertThat(p.get("limit").asDouble()).isEqualTo(threshold.limit());
        assertThat(p.get("windowSeconds").asLong()).isEqualTo(60);
        assertThat(measure.breaks(p.get("value").asDouble(), threshold.limit())).isTrue();
        assertThat(events.await(SlaMonitor.RECOVERED, 1)).hasSize(1);
    }

    /** Issue 19: a measure hovering at its limit used to resolve and page again every few seconds. */
    @Test
    void recovery_needsTheMeasureWithinTheLimitForTheRecoveryGrace_aRelapseKeepsItViolated() {
        try (SlaMonitor monitor =
                monitor(SlaThreshold.defaultFor(SlaMeasure.P99_LATENCY).with("window=1s,grace=0s,recovery=5s"))) {
            second(SlaMeasure.P99_LATENCY, monitor.observer(), true);
            monitor.tick();
            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.VIOLATED);

            for (int s = 0; s < 3; s++) { // good for 3 s, then bad again: still the same violation
                clock.advance(Duration.ofSeconds(1));
                second(SlaMeasure.P99_LATENCY, monitor.observer(), false);
                monitor.tick();
                assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.VIOLATED);
            }
            clock.advance(Duration.ofSeconds(1));
            second(SlaMeasure.P99_LATENCY, monitor.observer(), true);
            monitor.tick();

            int goodSeconds = 0;
            while (status(monitor).state() == SlaMonitor.State.VIOLATED && goodSeconds < 20) {
                clock.advance(Duration.ofSeconds(1));
                second(SlaMeasure.P99_LATENCY, monitor.observer(), false);
                monitor.tick();
                goodSeconds++;
            }
            assertThat(goodSeconds)
                    .as("good seconds until recovered (the first starts the 5 s)")
                    .isEqualTo(6);
            assertThat(alerts.raised).containsExactly("trigger sla/p99_latency", "resolve sla/p99_latency");
        }
        assertThat(SlaThreshold.defaultFor(SlaMeasure.P99_LATENCY).spec()).endsWith(",recovery=30s");
    }

    @Test
    void aBreachShorterThanTheGrace_isNeverAViolation() {
        try (SlaMonitor monitor =
                monitor(SlaThreshold.defaultFor(SlaMeasure.P99_LATENCY).with("window=1s,grace=10s"))) {
            for (int s = 0; s < 9; s++) {
                second(SlaMeasure.P99_LATENCY, monitor.observer(), true);
                monitor.tick();
                clock.advance(Duration.ofSeconds(1));
            }
            for (int s = 0; s < 30; s++) {
                second(SlaMeasure.P99_LATENCY, monitor.observer(), false);
                monitor.tick();
                clock.advance(Duration.ofSeconds(1));
            }

            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.OK);
        }
        assertThat(heard).isEmpty();
        assertThat(alerts.raised).isEmpty();
        assertThat(events.events(SlaMonitor.VIOLATED)).isEmpty();
    }

    @Test
    void throughput_withNoAgentsActive_isNotMeasured_soNeverViolated() {
        try (SlaMonitor monitor =
                monitor(SlaThreshold.defaultFor(SlaMeasure.THROUGHPUT).with("grace=0s,recovery=0s"))) {
            for (int s = 0; s < 120; s++) {
                monitor.tick();
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(status(monitor).value()).isNaN();
            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.OK);

            monitor.observer().decided("agent s", FAST); // one agent, one call: 1 req/s < 10
            monitor.tick();
            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.VIOLATED);

            clock.advance(Duration.ofSeconds(61)); // the agent went quiet for longer than the window
            monitor.tick();
            assertThat(status(monitor).value()).isNaN();
            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.OK);
        }
        assertThat(alerts.raised).containsExactly("trigger sla/throughput", "resolve sla/throughput");
    }

    /** Issue 19: "agents active" was any call in the last 10 s; now it is the sessions seen in the window. */
    @Test
    void throughput_isTakenWhileAgentsWereActive_andAgentsThatStopDoNotDiluteIt() {
        try (SlaMonitor monitor =
                monitor(SlaThreshold.defaultFor(SlaMeasure.THROUGHPUT).with("grace=0s,recovery=0s"))) {
            for (int s = 0; s < 10; s++) { // two sessions, 20 calls a second between them, for 10 s
                for (int i = 0; i < 20; i++) {
                    monitor.observer().decided("agent s" + (i % 2), FAST);
                }
                clock.advance(Duration.ofSeconds(1));
            }
            monitor.observer().decided("other t", FAST);
            clock.advance(Duration.ofSeconds(30)); // then everyone goes quiet, inside the 60 s window
            monitor.tick();

            // 201 calls over the 11 s in which agents were active, not over the whole minute (3.4 req/s).
            assertThat(status(monitor).value()).isCloseTo(201 / 11.0, within(0.01));
            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.OK);
            assertThat(status(monitor).activeSessions()).isEqualTo(3);

            clock.advance(Duration.ofSeconds(29)); // 69 s in: the calls of second 9 left the window, not second 10's
            monitor.tick();
            assertThat(status(monitor).activeSessions()).isEqualTo(1);
        }
    }

    @Test
    void availability_countsFailedReadinessProbes_evenWithoutTraffic() {
        try (SlaMonitor monitor =
                monitor(SlaThreshold.defaultFor(SlaMeasure.AVAILABILITY).with("grace=2s"))) {
            for (int s = 0; s < 10; s++) {
                monitor.tick();
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(status(monitor).value()).isEqualTo(100.0);

            ready = false;
            for (int s = 0; s < 3; s++) {
                monitor.tick();
                clock.advance(Duration.ofSeconds(1));
            }

            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.VIOLATED);
            assertThat(status(monitor).value()).isLessThan(99.9);
        }
    }

    @Test
    void clientErrors_countInNeitherAvailabilityNorErrorRate() {
        try (SlaMonitor monitor = monitor(
                SlaThreshold.defaultFor(SlaMeasure.AVAILABILITY), SlaThreshold.defaultFor(SlaMeasure.ERROR_RATE))) {
            for (int i = 0; i < SlaWindows.MIN_CALLS; i++) {
                monitor.observer().decided("agent s", FAST);
                monitor.observer().rejected("unauthenticated");
                monitor.observer().rejected("bad_input");
                monitor.observer().rejected("rate_limited");
            }
            monitor.tick();

            assertThat(monitor.statuses()).extracting(SlaMonitor.Status::value).containsExactly(100.0, 0.0);
        }
    }

    @Test
    void aDisabledThreshold_isMeasuredButNeverViolated() {
        try (SlaMonitor monitor =
                monitor(SlaThreshold.defaultFor(SlaMeasure.CPU).with("grace=0s,enabled=false"))) {
            cpu = 0.99;
            monitor.tick();

            assertThat(status(monitor).value()).isEqualTo(99.0);
            assertThat(status(monitor).state()).isEqualTo(SlaMonitor.State.OK);
        }
        assertThat(heard).isEmpty();
    }
}
