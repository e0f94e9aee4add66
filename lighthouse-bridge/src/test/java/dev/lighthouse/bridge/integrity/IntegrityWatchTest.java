package dev.lighthouse.bridge.integrity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lighthouse.alert.AlertDispatcher;
import dev.lighthouse.alert.WebhookSink;
import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.Http;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.testing.SqliteStore;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.retry.Backoff;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A running bridge on a real SQLite store whose rows are then changed behind its back with plain SQL. */
class IntegrityWatchTest {
    @TempDir
    Path dir;

    WireMockServer receiver;
    SqliteStore events;
    AlertDispatcher alerts;
    BridgeMetrics metrics;
    Bridge bridge;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post("/alerts").willReturn(aResponse().withStatus(200)));
        events = new SqliteStore(dir);
        metrics = new BridgeMetrics();
        alerts = new AlertDispatcher(
                List.of(new WebhookSink(URI.create(receiver.baseUrl() + "/alerts"))),
                events.store,
                Backoff.defaults(),
                metrics.registry());
        bridge = startBridge();
    }

    Bridge startBridge() {
        return Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        Judge.of(PolicyEngine.of(Policies.defaultPolicy())),
                        events.store,
                        AgentTokens.inDataDir(dir))
                .agentHome(Path.of("/home/agent"))
                .metrics(metrics)
                .alerts(alerts)
                .integrity(events.keys, Duration.ofHours(1))
                .start();
    }

    @AfterEach
    void stop() {
        bridge.stop();
        alerts.close();
        events.close();
        receiver.stop();
    }

    void decide(String command) {
        Http.post(bridge.baseUrl() + "/v1/hooks/claude-code", Http.claudeCodeBash(command));
    }

    void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + events.file);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void aTamperedRow_becomesOneEventOneMetricOneCriticalAlert_andTheBridgeKeepsRecording() throws Exception {
        for (String command : List.of("ls -la", "git status", "pwd")) {
            decide(command);
        }
        long seq = events.events(EventType.DECISION_MADE).get(1).seq();
        sql("UPDATE events SET payload = replace(payload, 'git status', 'git pushed') WHERE seq = " + seq);

        IntegrityWatch watch = bridge.integrity().orElseThrow();
        assertThat(watch.sweep().firstViolation().orElseThrow().seq()).isEqualTo(seq);
        watch.sweep(); // the same broken seq again: reported once

        Event reported = events.await(EventType.INTEGRITY_VIOLATION, 1).getFirst();
        JsonNode p = reported.payloadJson();
        assertThat(p.get("kind").asString()).isEqualTo("hmac_mismatch");
        assertThat(p.get("seq").asLong()).isEqualTo(seq);
        assertThat(p.get("foundBy").asString()).isEqualTo("sweep");

        events.await(AlertDispatcher.DELIVERED, 1);
        List<LoggedRequest> sent = receiver.findAll(postRequestedFor(urlEqualTo("/alerts")));
        assertThat(sent)
                .singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString())
                        .contains("\"dedupKey\":\"integrity/hmac_mismatch/" + seq + "\"")
                        .contains("\"severity\":\"critical\"")
                        .contains("\"action\":\"trigger\""));
        receiver.verify(1, postRequestedFor(urlEqualTo("/alerts")).withRequestBody(containing("integrity/")));

        String metrics = Http.get(bridge.baseUrl() + "/metrics");
        assertThat(metrics).contains("lighthouse_integrity_violations_total{kind=\"hmac_mismatch\"} 1.0");
        assertThat(metrics).contains("lighthouse_integrity_verified_seq " + (seq - 1) + ".0");

        decide("ls"); // the chain continues from its head: the bridge still records and answers
        assertThat(events.events(EventType.DECISION_MADE)).hasSize(4);
        assertThat(events.events(EventType.INTEGRITY_VIOLATION)).hasSize(1);
    }

    @Test
    void aViolationReportedBeforeARestart_isNotReportedAgain() throws Exception {
        decide("ls -la");
        decide("pwd");
        sql("UPDATE events SET payload = replace(payload, 'pwd', 'pwn') WHERE seq = 2");
        bridge.integrity().orElseThrow().sweep();
        events.await(EventType.INTEGRITY_VIOLATION, 1);
        events.await(AlertDispatcher.DELIVERED, 1);

        bridge.stop();
        bridge = startBridge();
        bridge.integrity().orElseThrow().sweep(); // returns once its violations are reported (here: skipped)

        assertThat(events.events(EventType.INTEGRITY_VIOLATION)).hasSize(1);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/alerts")))).hasSize(1);
    }

    @Test
    void anIntactChain_isSweptWithoutReports_andTheVerifiedSeqIsTheHead() {
        decide("ls -la");
        decide("pwd");

        assertThat(bridge.integrity().orElseThrow().sweep().ok()).isTrue();

        long head = events.store.head().seq();
        assertThat(Http.get(bridge.baseUrl() + "/metrics"))
                .contains("lighthouse_integrity_verified_seq " + head + ".0");
        assertThat(events.events(EventType.INTEGRITY_VIOLATION)).isEmpty();
    }
}
