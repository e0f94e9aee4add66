package dev.lighthouse.bridge.rollout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lighthouse.alert.AlertDispatcher;
import dev.lighthouse.alert.WebhookSink;
import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.load.CommandCorpus;
import dev.lighthouse.load.Dialect;
import dev.lighthouse.load.LoadPlan;
import dev.lighthouse.load.LoadResult;
import dev.lighthouse.load.LoadRun;
import dev.lighthouse.load.WorkloadPattern;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.retry.Backoff;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The rollback demo of docs/rollout.md, automated: a real bridge (loopback, SQLite store) under {@code business_hours}
 * load from the load generator; mid-run a version that sends every Bash call to review is applied; the bridge rolls
 * it back by itself, the alert reaches a webhook receiver (WireMock), the events tell the story and the load report
 * shows the allow share dip and recover. The report is kept in {@code target/rollback-demo/load.json}.
 */
class RollbackDemoTest {
    @TempDir
    Path dir;

    @Test
    void badPolicyPushUnderLoad_isRolledBackByTheBridge_alertedAndVisibleInEventsAndReport() throws Exception {
        WireMockServer receiver = new WireMockServer(wireMockConfig().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/alerts")).willReturn(aResponse().withStatus(202)));
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        EventStore store =
                EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
        BridgeMetrics metrics = new BridgeMetrics();
        AlertDispatcher alerts = new AlertDispatcher(
                List.of(new WebhookSink(URI.create(receiver.baseUrl() + "/alerts"))),
                store,
                Backoff.defaults(),
                metrics.registry());
        Rollout rollout = Rollout.open(
                store,
                PolicySource.of(Policies.defaultPolicy()),
                RolloutSettings.defaults(),
                alerts,
                Clock.systemUTC());
        Bridge bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        rollout.judge(),
                        store,
                        AgentTokens.inDataDir(dir))
                .rollout(rollout)
                .metrics(metrics)
                .alerts(alerts)
                .agentHome(Path.of("/home/agent"))
                .start();
        try {
            String good = rollout.activeVersion().hash();
            // Codex's dialect: a held review answers within 6 s, so the open-model load keeps arriving meanwhile.
            LoadPlan plan = LoadPlan.defaults().toBuilder()
                    .url(URI.create(bridge.baseUrl()))
                    // load marks its calls simulated, which only the owner may do (as `lighthouse load` does)
                    .token(Files.readString(dir.resolve("owner.token")).strip())
                    .dialect(Dialect.CODEX)
                    .pattern(WorkloadPattern.BUSINESS_HOURS)
                    .model(LoadPlan.Model.OPEN)
                    .rate(40)
                    .ramp(Duration.ZERO)
                    .duration(Duration.ofSeconds(24))
                    .networkErrors(0, 0, Duration.ZERO)
                    .seed(8)
                    .build();
            CompletableFuture<LoadResult> load =
                    CompletableFuture.supplyAsync(() -> LoadRun.run(plan, CommandCorpus.builtIn(), p -> {}));

            awaitDecisions(store, 150);
            Instant applied = Instant.now();
            rollout.apply(
                    List.of(new PolicySource.LayerText(
                            "review-every-bash.yaml",
                            Files.readString(Path.of("../docs/examples/review-every-bash.yaml")))),
                    Rollout.Mode.ACTIVE,
                    0,
                    "operator",
                    "the rollback demo's bad push");
            String bad = rollout.activeVersion().hash();
            Instant deadline = Instant.now().plusSeconds(20); // safety net; the watch checks once a second
            while (rollout.activeVersion().hash().equals(bad) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            Duration toRollback = Duration.between(applied, Instant.now());
            LoadResult result = load.get(60, TimeUnit.SECONDS);
            Path report = Path.of("target/rollback-demo/load.json");
            result.write(report);

            // The bridge reverted by itself, well within the 10-minute watch window.
            assertThat(rollout.activeVersion().hash()).isEqualTo(good);
            assertThat(toRollback).isLessThan(Duration.ofSeconds(20));

            // The events tell the story: the bad activation, decisions made under it, the rollback with evidence.
            List<Event> events = all(store);
            Event activation = events.stream()
                    .filter(e -> e.type().equals(EventType.POLICY_ACTIVATED)
                            && e.payloadJson().path("version").asString().equals(bad))
                    .findFirst()
                    .orElseThrow();
            assertThat(activation.payloadJson().path("by").asString()).isEqualTo("operator");
            long underBad = events.stream()
                    .filter(e -> e.type().equals(EventType.DECISION_MADE)
                            && e.payloadJson().path("policy").asString().equals(bad))
                    .count();
            assertThat(underBad).isGreaterThanOrEqualTo(50);
            Event rolledBack = events.stream()
                    .filter(e -> e.type().equals(EventType.POLICY_ROLLED_BACK))
                    .findFirst()
                    .orElseThrow();
            assertThat(rolledBack.seq()).isGreaterThan(activation.seq());
            JsonNode p = rolledBack.payloadJson();
            assertThat(p.path("automatic").asBoolean()).isTrue();
            assertThat(p.path("from").asString()).isEqualTo(bad);
            assertThat(p.path("to").asString()).isEqualTo(good);
            JsonNode evidence = p.path("evidence");
            assertThat(evidence.path("trigger").asString()).isEqualTo("decision_mix");
            assertThat(evidence.path("candidate").path("decisions").asLong()).isGreaterThanOrEqualTo(50);
            assertThat(evidence.path("shiftPoints").asDouble()).isGreaterThan(20);
            assertThat(evidence.path("candidate").path("reviewOrDenyShare").asDouble())
                    .isGreaterThan(
                            evidence.path("baseline").path("reviewOrDenyShare").asDouble() + 20);

            // The alert reached the receiver.
            Instant alertDeadline = Instant.now().plusSeconds(15); // safety net: delivery is asynchronous
            while (receiver.findAll(postRequestedFor(urlEqualTo("/alerts"))).isEmpty()
                    && Instant.now().isBefore(alertDeadline)) {
                Thread.sleep(50);
            }
            receiver.verify(postRequestedFor(urlEqualTo("/alerts")).withRequestBody(containing("policy/rollback")));

            // The load report shows the dip in the allow share and the recovery. Seconds with few answers (the
            // machine is shared) and the drain after the run (held reviews answering late) say nothing about it.
            List<LoadResult.Interval> seconds = result.intervals().stream()
                    .filter(i ->
                            i.requests() >= 10 && i.second() <= plan.duration().toSeconds())
                    .toList();
            List<Double> allowShare =
                    seconds.stream().map(RollbackDemoTest::allowShare).toList();
            // Interval n covers [n-1, n) seconds after the start: "before" is every full second before the push.
            long pushSecond =
                    Duration.between(Instant.parse(result.startedAt()), applied).toSeconds();
            double before = average(seconds.stream()
                    .filter(i -> i.second() <= pushSecond)
                    .map(RollbackDemoTest::allowShare)
                    .toList());
            double dip =
                    allowShare.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double after = average(allowShare.subList(allowShare.size() - 3, allowShare.size()));
            System.out.printf(
                    "rollback demo: rolled back %d ms after the apply; allow share before %.2f, dip %.2f, after %.2f;"
                            + " per second %s%n",
                    toRollback.toMillis(), before, dip, after, allowShare);
            assertThat(before).as("allow share per second %s", allowShare).isGreaterThan(0.6);
            assertThat(dip).as("allow share per second %s", allowShare).isLessThan(before - 0.25);
            assertThat(after).as("allow share per second %s", allowShare).isGreaterThan(0.6);
            assertThat(result.errorRate()).isZero();
        } finally {
            bridge.stop();
            rollout.close();
            alerts.close();
            store.close();
            receiver.stop();
        }
    }

    private static double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static double allowShare(LoadResult.Interval interval) {
        Map<String, Long> d = interval.decisions();
        long total = d.values().stream().mapToLong(Long::longValue).sum();
        return total == 0 ? 0 : (double) d.getOrDefault("allow", 0L) / total;
    }

    private static void awaitDecisions(EventStore store, long count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20); // safety net
        while (store.head().seq() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
    }

    private static List<Event> all(EventStore store) {
        List<Event> events = new ArrayList<>();
        EventQuery query = EventQuery.all().limit(EventQuery.MAX_LIMIT);
        Page page = store.query(query);
        events.addAll(page.events());
        while (page.next().isPresent()) {
            page = store.query(query.after(page.next().get()));
            events.addAll(page.events());
        }
        return events;
    }
}
