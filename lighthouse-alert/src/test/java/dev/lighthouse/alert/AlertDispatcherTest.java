package dev.lighthouse.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.testing.SqliteStore;
import dev.lighthouse.retry.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Deliveries to real HTTP receivers (WireMock on loopback), recorded in a real SQLite store. */
class AlertDispatcherTest {
    static final Backoff QUICK = new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(20));
    static final Alert ALERT = new Alert(
            "sla/p99_latency",
            Alert.Severity.ERROR,
            "SLA p99_latency violated: p99 decision latency 182.5 ms > 100 ms over 60 s",
            "lighthouse@bridge-1",
            details(),
            Instant.parse("2026-11-23T09:00:00Z"));

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    WireMockServer receiver;
    SqliteStore events;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    static Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("threshold", "p99_latency");
        d.put("value", 182.5);
        d.put("window_seconds", 60L);
        d.put("rollback", true);
        return d;
    }

    @BeforeEach
    void start() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        events = new SqliteStore(dir);
    }

    @AfterEach
    void stop() {
        receiver.stop();
        events.close();
    }

    URI url(String path) {
        return URI.create(receiver.baseUrl() + path);
    }

    AlertDispatcher dispatcher(Backoff backoff, AlertSink... sinks) {
        return new AlertDispatcher(List.of(sinks), events.store, backoff, registry);
    }

    @Test
    void webhook_receivesEveryFieldOfTheAlert() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(204)));
        try (AlertDispatcher alerts = dispatcher(QUICK, new WebhookSink(url("/hook")))) {
            alerts.trigger(ALERT);
            events.await(AlertDispatcher.DELIVERED, 1);
        }

        receiver.verify(postRequestedFor(urlEqualTo("/hook")).withRequestBody(equalToJson("""
                {"action": "trigger", "dedupKey": "sla/p99_latency", "severity": "error",
                 "summary": "SLA p99_latency violated: p99 decision latency 182.5 ms > 100 ms over 60 s",
                 "source": "lighthouse@bridge-1", "at": "2026-11-23T09:00:00Z",
                 "details": {"threshold": "p99_latency", "value": 182.5, "window_seconds": 60, "rollback": true}}
                """)));
    }

    @Test
    void slack_getsOneReadableLineAndTheDetailsAsFields() {
        receiver.stubFor(
                post("/services/T0/B0/x").willReturn(aResponse().withStatus(200).withBody("ok")));
        try (AlertDispatcher alerts = dispatcher(QUICK, new SlackSink(url("/services/T0/B0/x")))) {
            alerts.trigger(ALERT);
            alerts.resolve(ALERT);
            events.await(AlertDispatcher.DELIVERED, 2);
        }

        List<LoggedRequest> sent = receiver.findAll(postRequestedFor(urlEqualTo("/services/T0/B0/x")));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).getBodyAsString()).isEqualToIgnoringWhitespace("""
                {"text":"[TRIGGER error] SLA p99_latency violated: p99 decision latency 182.5 ms > 100 ms over 60 s\
                 (lighthouse@bridge-1)",
                 "attachments":[{"color":"#e8912d","fields":[
                  {"title":"dedup key","value":"sla/p99_latency","short":true},
                  {"title":"at","value":"2026-11-23T09:00:00Z","short":true},
                  {"title":"rollback","value":"true","short":true},
                  {"title":"threshold","value":"p99_latency","short":true},
                  {"title":"value","value":"182.5","short":true},
                  {"title":"window_seconds","value":"60","short":true}]}]}
                """);
        assertThat(json(sent.get(1)).get("text").asString())
                .isEqualTo("[RESOLVED] SLA p99_latency violated: p99 decision latency 182.5 ms > 100 ms over 60 s"
                        + " (lighthouse@bridge-1)");
        assertThat(json(sent.get(1)).at("/attachments/0/color").asString()).isEqualTo("#2eb67d");
    }

    @Test
    void pagerDuty_triggerThenResolve_shareOneDedupKey() {
        receiver.stubFor(
                post("/v2/enqueue").willReturn(aResponse().withStatus(202).withBody("{\"status\":\"success\"}")));
        try (AlertDispatcher alerts =
                dispatcher(QUICK, new PagerDutySink(URI.create(receiver.baseUrl()), "R0UT1NGKEY"))) {
            alerts.trigger(ALERT);
            alerts.resolve(ALERT);
            events.await(AlertDispatcher.DELIVERED, 2);
        }

        List<LoggedRequest> sent = receiver.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")));
        assertThat(sent).hasSize(2);
        assertThat(json(sent.get(0))).isEqualTo(JSON.readTree("""
                        {"routing_key": "R0UT1NGKEY", "event_action": "trigger", "dedup_key": "sla/p99_latency",
                         "payload": {"summary": "SLA p99_latency violated: p99 decision latency 182.5 ms > 100 ms over 60 s",
                                     "source": "lighthouse@bridge-1", "severity": "error",
                                     "timestamp": "2026-11-23T09:00:00Z",
                                     "custom_details": {"threshold": "p99_latency", "value": 182.5,
                                                        "window_seconds": 60, "rollback": true}}}
                        """));
        assertThat(json(sent.get(1))).isEqualTo(JSON.readTree("""
                        {"routing_key": "R0UT1NGKEY", "event_action": "resolve", "dedup_key": "sla/p99_latency"}
                        """));
        assertThat(new PagerDutySink(URI.create("https://events.example.com"), "R0UT1NGKEY").toString())
                .doesNotContain("R0UT1NGKEY");
    }

    @Test
    void a503_isRetried_andTheDeliveryRecordsTwoAttempts() {
        receiver.stubFor(post("/hook")
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        receiver.stubFor(post("/hook")
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));
        try (AlertDispatcher alerts = dispatcher(QUICK, new WebhookSink(url("/hook")))) {
            alerts.trigger(ALERT);
            Event delivered = events.await(AlertDispatcher.DELIVERED, 1).getFirst();

            JsonNode p = delivered.payloadJson();
            assertThat(p.get("sink").asString()).isEqualTo("webhook");
            assertThat(p.get("dedupKey").asString()).isEqualTo("sla/p99_latency");
            assertThat(p.get("attempts").asInt()).isEqualTo(2);
            assertThat(p.get("status").asInt()).isEqualTo(200);
        }
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(2);
        assertThat(events.events(AlertDispatcher.FAILED)).isEmpty();
    }

    @Test
    void aReceiverThatKeepsFailing_isGivenUpAfterTheAttempts_withAnAlertFailedEvent() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(500)));
        try (AlertDispatcher alerts = dispatcher(QUICK, new WebhookSink(url("/hook")))) {
            alerts.trigger(ALERT);
            Event failed = events.await(AlertDispatcher.FAILED, 1).getFirst();

            JsonNode p = failed.payloadJson();
            assertThat(p.get("attempts").asInt()).isEqualTo(3);
            assertThat(p.get("status").asInt()).isEqualTo(500);
            assertThat(p.get("outcome").asString()).isEqualTo("HTTP 500");
        }
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(3);
        assertThat(registry.get("lighthouse.alerts")
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aClientError_isNotRetried() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(400)));
        try (AlertDispatcher alerts = dispatcher(QUICK, new WebhookSink(url("/hook")))) {
            alerts.trigger(ALERT);
            assertThat(events.await(AlertDispatcher.FAILED, 1)
                            .getFirst()
                            .payloadJson()
                            .get("attempts")
                            .asInt())
                    .isEqualTo(1);
        }
    }

    @Test
    void aReceiverThatIsDown_isANetworkError_retriedThenRecorded() {
        URI closed = url("/hook");
        receiver.stop();
        try (AlertDispatcher alerts = dispatcher(QUICK, new WebhookSink(closed))) {
            alerts.trigger(ALERT);
            JsonNode p = events.await(AlertDispatcher.FAILED, 1).getFirst().payloadJson();

            assertThat(p.get("attempts").asInt()).isEqualTo(3);
            assertThat(p.get("status").asInt()).isZero();
            assertThat(p.get("outcome").asString()).startsWith("network error:");
        }
    }

    @Test
    void aSlowReceiver_blocksNeitherTheCallerNorTheOtherSinks() {
        receiver.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        receiver.stubFor(post("/fast").willReturn(aResponse().withStatus(200)));
        try (AlertDispatcher alerts = dispatcher(QUICK, new WebhookSink(url("/slow")), new SlackSink(url("/fast")))) {
            alerts.trigger(ALERT);
            // trigger returned while the slow receiver still holds the request: nothing can be recorded yet.
            assertThat(events.events(AlertDispatcher.DELIVERED)).isEmpty();

            Event first = events.await(AlertDispatcher.DELIVERED, 1).getFirst();
            assertThat(first.payloadJson().get("sink").asString()).isEqualTo("slack");

            List<Event> both = events.await(AlertDispatcher.DELIVERED, 2);
            assertThat(both.get(1).payloadJson().get("sink").asString()).isEqualTo("webhook");
        }
    }

    @Test
    void aFullQueue_dropsNewAlerts_andCountsThem_insteadOfBlockingTheCaller() {
        receiver.stubFor(post("/stuck").willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
        try (AlertDispatcher alerts = dispatcher(QUICK, new WebhookSink(url("/stuck")))) {
            for (int i = 0; i < AlertDispatcher.QUEUE + 10; i++) {
                alerts.trigger(ALERT);
            }

            // one alert may be in flight, the queue holds QUEUE: the rest are dropped, none waited for
            assertThat(registry.get("lighthouse.alerts")
                            .tag("outcome", "dropped")
                            .counter()
                            .count())
                    .isBetween(9.0, 10.0);
        }
    }

    @Test
    void backoff_doublesWithJitter_upToTheCap() {
        Backoff b = new Backoff(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1));
        for (int i = 0; i < 100; i++) {
            assertThat(b.pause(1).toMillis()).isBetween(50L, 100L);
            assertThat(b.pause(3).toMillis()).isBetween(200L, 400L);
            assertThat(b.pause(9).toMillis()).isBetween(500L, 1000L);
        }
    }

    static JsonNode json(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString());
    }
}
