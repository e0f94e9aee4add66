package dev.lighthouse.bridge.rollout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import dev.lighthouse.events.testing.TestSeed;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The rollback demo of docs/rollout.md, automated: a real bridge (loopback, SQLite store) under {@code business_hours}
 * load from the load generator; mid-run a version that sends every Bash call to review is applied; the bridge rolls
 * it back by itself, the alert reaches a webhook receiver (WireMock), and the events tell the story: the rollback's
 * evidence, and the recorded decisions whose allow share dips under the bad version and recovers after it. Everything
 * asserted is counted from events, never timed; the load's seed is printed ({@code -Dlighthouse.seed=} replays it).
 * The load report is kept in {@code target/rollback-demo/load.json}.
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
            long seed = TestSeed.of("RollbackDemoTest");
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
                    .seed(seed)
                    .build();
            CompletableFuture<LoadResult> load =
                    CompletableFuture.supplyAsync(() -> LoadRun.run(plan, CommandCorpus.builtIn(), p -> {}));

            await("150 events under the configured version", () -> store.head().seq() >= 150);
            rollout.apply(
                    List.of(new PolicySource.LayerText(
                            "review-every-bash.yaml",
                            Files.readString(Path.of("../docs/examples/review-every-bash.yaml")))),
                    Rollout.Target.active(),
                    "operator",
                    "the rollback demo's bad push");
            String bad = rollout.activeVersion().hash();
            await(
                    "the bridge to roll the bad version back",
                    () -> !rollout.activeVersion().hash().equals(bad));
            await(
                    "50 decisions after the rollback",
                    () -> decisions(all(store), good, Optional.of(bad)).total() >= 50);
            LoadResult result = load.get(60, TimeUnit.SECONDS);
            Path report = Path.of("target/rollback-demo/load.json");
            result.write(report);

            // The bridge reverted by itself.
            assertThat(rollout.activeVersion().hash()).isEqualTo(good);

            // The events tell the story: the bad activation, decisions made under it, the rollback with evidence.
            List<Event> events = all(store);
            Event activation = events.stream()
                    .filter(e -> e.type().equals(EventType.POLICY_ACTIVATED)
                            && e.payloadJson().path("version").asString().equals(bad))
                    .findFirst()
                    .orElseThrow();
            assertThat(activation.payloadJson().path("by").asString()).isEqualTo("operator");
            Event rolledBack = events.stream()
                    .filter(e -> e.type().equals(EventType.POLICY_ROLLED_BACK))
                    .findFirst()
                    .orElseThrow();
            assertThat(rolledBack.seq()).isGreaterThan(activation.seq());
            JsonNode p = rolledBack.payloadJson();
            assertThat(p.path("automatic").asBoolean()).isTrue();
            assertThat(p.path("from").asString()).isEqualTo(bad);
            assertThat(p.path("to").asString()).isEqualTo(good);

            // The evidence is the rule applied to the decision counts: enough decisions of both versions, and the
            // review+deny share up by more than the bound (20 points by default).
            Evidence.MixShift evidence = rolledBack
                    .payloadAs(PolicyEvent.RolledBack.class)
                    .evidence()
                    .map(Evidence.MixShift.class::cast)
                    .orElseThrow();
            RolloutSettings settings = RolloutSettings.defaults();
            assertThat(evidence.watchedSeconds()).isLessThan(evidence.windowSeconds());
            assertThat(evidence.candidate().version()).isEqualTo(bad);
            assertThat(evidence.baseline().version()).isEqualTo(good);
            assertThat(evidence.candidate().decisions()).isGreaterThanOrEqualTo(settings.minDecisions());
            assertThat(evidence.baseline().decisions()).isGreaterThanOrEqualTo(settings.minDecisions());
            assertThat(evidence.candidate().allow()
                            + evidence.candidate().review()
                            + evidence.candidate().deny())
                    .isEqualTo(evidence.candidate().decisions());
            assertThat(evidence.shiftPoints())
                    .isGreaterThan(settings.maxShiftPoints())
                    .isCloseTo(
                            evidence.candidate().reviewOrDenyShare()
                                    - evidence.baseline().reviewOrDenyShare(),
                            within(0.11));

            // The recorded decisions show the dip and the recovery, counted per version and side of the rollback: the
            // bad version answered every decision the evidence counted, and the configured version answered again
            // after it, with the allow share it had before the push.
            Counted before = decisions(events.subList(0, events.indexOf(activation)), good, Optional.empty());
            Counted underBad = decisions(events, bad, Optional.empty());
            Counted after = decisions(events, good, Optional.of(bad));
            System.out.printf(
                    "rollback demo (seed %d): allow share before %.2f of %d, under the bad version %.2f of %d,"
                            + " after the rollback %.2f of %d; evidence %s%n",
                    seed,
                    before.allowShare(),
                    before.total(),
                    underBad.allowShare(),
                    underBad.total(),
                    after.allowShare(),
                    after.total(),
                    evidence);
            assertThat(underBad.total())
                    .isGreaterThanOrEqualTo(evidence.candidate().decisions());
            assertThat(underBad.allowShare()).as("the dip").isLessThan(before.allowShare() - 0.2);
            assertThat(after.allowShare()).as("the recovery").isGreaterThan(underBad.allowShare() + 0.2);

            // The alert reached the receiver.
            await(
                    "the alert to reach the receiver",
                    () -> !receiver.findAll(postRequestedFor(urlEqualTo("/alerts")))
                            .isEmpty());
            receiver.verify(postRequestedFor(urlEqualTo("/alerts")).withRequestBody(containing("policy/rollback")));
            assertThat(result.errorRate()).isZero();
        } finally {
            bridge.stop();
            rollout.close();
            alerts.close();
            store.close();
            receiver.stop();
        }
    }

    /** Decisions of one version, counted from the recorded {@code decision.made} events. */
    record Counted(long allow, long total) {
        double allowShare() {
            return total == 0 ? 0 : (double) allow / total;
        }
    }

    /**
     * The decisions recorded under {@code version}; with {@code after}, only those after the rollback of that version
     * (the decisions that came back to {@code version}).
     */
    private static Counted decisions(List<Event> events, String version, Optional<String> after) {
        long allow = 0;
        long total = 0;
        boolean counting = after.isEmpty();
        for (Event e : events) {
            if (e.type().equals(EventType.POLICY_ROLLED_BACK)
                    && after.isPresent()
                    && e.payloadJson().path("from").asString().equals(after.get())) {
                counting = true;
            }
            if (counting
                    && e.type().equals(EventType.DECISION_MADE)
                    && e.payloadJson().path("policy").asString().equals(version)) {
                total++;
                if (e.payloadJson().path("decision").asString().equals("allow")) {
                    allow++;
                }
            }
        }
        return new Counted(allow, total);
    }

    /** Waits for the load to get somewhere: it runs in real time, at its own pace. */
    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30); // safety net
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for %s", what).isBefore(deadline);
            Thread.sleep(50);
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
