package dev.lighthouse.bridge.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.alert.Alert;
import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.TestClock;
import dev.lighthouse.bridge.sla.SlaMeasure;
import dev.lighthouse.bridge.sla.SlaThreshold;
import dev.lighthouse.bridge.sla.SlaTransition;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.call.LeaseFacts;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class RolloutTest {
    static final String REVIEW_EVERY_BASH = """
            metadata: {name: review-every-bash}
            rules:
              - id: review-every-bash
                decision: review
                match: {tool: Bash}
                reason: Every shell command needs a second look.
            """;

    static final String TEAM = """
            metadata: {name: team}
            rules:
              - id: no-npm-publish
                decision: deny
                match: {program: [npm], subcommand: [publish]}
                reason: Releases go through CI.
            """;

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(Instant.now()); // the store stamps events with the wall clock
    final ManualWatcher watcher = new ManualWatcher();
    final List<Alert> alerts = new CopyOnWriteArrayList<>();
    final RolloutSettings settings = new RolloutSettings(Duration.ofMinutes(10), 20, 50);
    EventStore store;
    Rollout rollout;

    @BeforeEach
    void open() {
        store = openStore();
        rollout = open(store);
    }

    @AfterEach
    void close() {
        rollout.close();
        store.close();
    }

    @Test
    void freshStore_configuredPolicyIsTheFirstKnownGoodActivation_andReopeningRebuildsIt() {
        assertThat(rollout.restored()).isFalse();
        assertThat(types()).containsExactly("policy.activated", "policy.known_good");
        String hash = rollout.activeVersion().hash();
        assertThat(hash).isEqualTo(Policies.defaultPolicy().version().hash());

        rollout.apply(layer("team.yaml", TEAM), Rollout.Target.active(), "alice", "block npm publish");
        String team = rollout.activeVersion().hash();
        rollout.close();
        store.close();

        store = openStore();
        rollout = open(store);
        assertThat(rollout.restored()).isTrue();
        assertThat(rollout.activeVersion().hash()).isEqualTo(team);
        assertThat(decide("npm publish")).isEqualTo(Verdict.DENY);
        assertThat(rollout.describeActive()).contains("team@", "alice", "block npm publish");
    }

    @Test
    void apply_invalidPolicy_isRefusedWithFileLineProblems_andNothingIsRecorded() {
        assertThat(rollout.apply(
                        layer("bad.yaml", "rules:\n  - id: x\n    decision: dney\n    match: {program: [ls]}\n"),
                        Rollout.Target.active(),
                        "alice",
                        "typo"))
                .isInstanceOfSatisfying(Refusal.InvalidPolicy.class, r -> {
                    assertThat(r.problems()).isNotEmpty();
                    assertThat(r.problems().getFirst().toString()).startsWith("bad.yaml:3:");
                });
        assertThat(types()).hasSize(2);
    }

    @Test
    void apply_canaryShareOutOfRange_orTheActiveVersionAgain_isRefused() {
        assertThat(rollout.apply(layer("team.yaml", TEAM), Rollout.Target.canary(100), "alice", "all of them"))
                .isEqualTo(new Refusal.CanaryShareOutOfRange(100));
        assertThat(rollout.apply(List.of(), Rollout.Target.active(), "alice", "the default again"))
                .isInstanceOf(Refusal.AlreadyActive.class);
        assertThat(rollout.promote("alice", "nothing to promote"))
                .isEqualTo(new Refusal.NoCandidate(Refusal.NoCandidate.Action.PROMOTE));
        assertThat(rollout.rollback(Optional.empty(), "alice", "nothing earlier"))
                .isEqualTo(new Refusal.NoKnownGood());
        assertThat(types()).hasSize(2);
    }

    @Test
    void rollback_withoutVersion_returnsToTheLastKnownGood_andNamedVersionsResolveByPrefix() {
        String first = rollout.activeVersion().hash();
        rollout.apply(layer("team.yaml", TEAM), Rollout.Target.active(), "alice", "block npm publish");
        String team = rollout.activeVersion().hash();

        PolicyStatus status = changed(rollout.rollback(Optional.empty(), "bob", "too strict"));
        assertThat(rollout.activeVersion().hash()).isEqualTo(first);
        assertThat(status.history().getFirst().event()).isEqualTo("policy.rolled_back");
        assertThat(status.history().getFirst().change())
                .isInstanceOfSatisfying(
                        PolicyEvent.RolledBack.class, r -> assertThat(r.by()).isEqualTo("bob"));

        rollout.rollback(Optional.of(team.substring(0, 12)), "bob", "after all");
        assertThat(rollout.activeVersion().hash()).isEqualTo(team);
        assertThat(rollout.rollback(Optional.of("abcdef123456"), "bob", "?"))
                .isEqualTo(new Refusal.UnknownVersion("abcdef123456"));
        assertThat(rollout.rollback(Optional.of("ab"), "bob", "?")).isEqualTo(new Refusal.AmbiguousVersion("ab"));
        assertThat(rollout.rollback(Optional.of(team), "bob", "?")).isInstanceOf(Refusal.AlreadyActive.class);
    }

    @Test
    void badPush_reviewShareRisesBeyondBound_rollsBackByItself_withEvidenceAndAlert() {
        String good = rollout.activeVersion().hash();
        decideMany(60, "ls -la");
        rollout.apply(layer("review-every-bash.yaml", REVIEW_EVERY_BASH), Rollout.Target.active(), "alice", "oops");
        String bad = rollout.activeVersion().hash();
        decideMany(49, "ls -la");
        clock.advance(Duration.ofSeconds(5));
        watcher.tick();
        assertThat(rollout.activeVersion().hash())
                .as("49 decisions are too few to judge")
                .isEqualTo(bad);

        decideMany(1, "ls -la");
        watcher.tick();

        assertThat(rollout.activeVersion().hash()).isEqualTo(good);
        Event rolledBack = lastOf(EventType.POLICY_ROLLED_BACK);
        JsonNode p = rolledBack.payloadJson();
        assertThat(p.path("automatic").asBoolean()).isTrue();
        assertThat(p.path("from").asString()).isEqualTo(bad);
        assertThat(p.path("to").asString()).isEqualTo(good);
        JsonNode evidence = p.path("evidence");
        assertThat(evidence.path("trigger").asString()).isEqualTo("decision_mix");
        assertThat(evidence.path("candidate").path("decisions").asLong()).isEqualTo(50);
        assertThat(evidence.path("candidate").path("reviewOrDenyShare").asDouble())
                .isEqualTo(100.0);
        assertThat(evidence.path("baseline").path("decisions").asLong()).isEqualTo(60);
        assertThat(evidence.path("baseline").path("reviewOrDenyShare").asDouble())
                .isEqualTo(0.0);
        assertThat(evidence.path("shiftPoints").asDouble()).isEqualTo(100.0);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.dedupKey()).isEqualTo("policy/rollback");
            assertThat(a.summary()).contains("review-every-bash@", "rolled back");
            assertThat(a.details()).containsEntry("from", bad).containsEntry("trigger", "decision_mix");
        });
        assertThat(decide("ls -la")).isEqualTo(Verdict.ALLOW);
    }

    /** Issue 19: after a restart the decision-mix baseline was empty until 50 new decisions of each version. */
    @Test
    void restartDuringAWatch_rebuildsBothMixesFromTheStoredDecisions_andStillRollsBack() {
        String good = rollout.activeVersion().hash();
        storeDecisions(60, good, "allow");
        rollout.apply(layer("review-every-bash.yaml", REVIEW_EVERY_BASH), Rollout.Target.active(), "alice", "oops");
        String bad = rollout.activeVersion().hash();
        storeDecisions(30, bad, "review");
        rollout.close();

        rollout = open(store);
        PolicyStatus.Watching watching = rollout.status().watch().orElseThrow();
        assertThat(watching.baselineDecisions()).isEqualTo(60);
        assertThat(watching.decisions()).isEqualTo(30);
        decideMany(20, "ls -la");
        watcher.tick();

        assertThat(rollout.activeVersion().hash()).isEqualTo(good);
        JsonNode evidence = lastOf(EventType.POLICY_ROLLED_BACK).payloadJson().path("evidence");
        assertThat(evidence.path("candidate").path("decisions").asLong()).isEqualTo(50);
        assertThat(evidence.path("baseline").path("decisions").asLong()).isEqualTo(60);
    }

    /** Decisions as the pipeline records them, made by an earlier run of the bridge. */
    private void storeDecisions(int n, String policy, String verdict) {
        for (int i = 0; i < n; i++) {
            store.append(new NewEvent(
                    EventType.DECISION_MADE,
                    "session/s1",
                    Optional.of("agent-1"),
                    "{\"decision\":\"%s\",\"policy\":\"%s\"}".formatted(verdict, policy)));
        }
    }

    @Test
    void shiftWithinBound_survivesTheWindow_andBecomesKnownGood() {
        decideMany(60, "ls -la");
        rollout.apply(layer("team.yaml", TEAM), Rollout.Target.active(), "alice", "block npm publish");
        String team = rollout.activeVersion().hash();
        decideMany(45, "ls -la");
        decideMany(5, "npm publish"); // 10 points up: within the 20-point bound
        watcher.tick();
        assertThat(rollout.activeVersion().hash()).isEqualTo(team);
        assertThat(rollout.status().active().knownGood()).isFalse();

        // The window opens at the activation's time in the store (the wall clock), seconds after this clock's start
        // on a busy machine: close it from there.
        Instant opened = lastOf(EventType.POLICY_ACTIVATED).time();
        clock.advance(Duration.between(
                clock.instant(), opened.plus(Duration.ofMinutes(10).plusSeconds(1))));
        watcher.tick();

        assertThat(rollout.status().active().knownGood()).isTrue();
        assertThat(lastOf(EventType.POLICY_KNOWN_GOOD)
                        .payloadJson()
                        .path("version")
                        .asString())
                .isEqualTo(team);
        assertThat(alerts).isEmpty();
    }

    @Test
    void slaViolationFlaggedForRollback_duringTheWindow_rollsBack() {
        String good = rollout.activeVersion().hash();
        rollout.apply(layer("team.yaml", TEAM), Rollout.Target.active(), "alice", "block npm publish");
        rollout.changed(SlaTransition.violated(SlaThreshold.defaultFor(SlaMeasure.MEAN_LATENCY), 80, clock.instant()));
        assertThat(rollout.activeVersion().hash())
                .as("mean latency is not flagged for rollback")
                .isNotEqualTo(good);
        rollout.changed(SlaTransition.violated(SlaThreshold.defaultFor(SlaMeasure.P99_LATENCY), 180, clock.instant()));

        assertThat(rollout.activeVersion().hash()).isEqualTo(good);
        JsonNode evidence = lastOf(EventType.POLICY_ROLLED_BACK).payloadJson().path("evidence");
        assertThat(evidence.path("trigger").asString()).isEqualTo("sla");
        assertThat(evidence.path("threshold").asString()).isEqualTo("p99_latency");
        assertThat(alerts).hasSize(1);
    }

    @Test
    void canary_decidesForAStableShareOfAgents_andPromoteMakesItActive() {
        rollout.apply(layer("team.yaml", TEAM), Rollout.Target.canary(30), "alice", "try on 30 %");
        String team = rollout.status().canary().orElseThrow().version();
        long onCanary = IntStream.range(0, 1000)
                .filter(i -> RolloutJudge.inCanary("agent-" + i, 30))
                .count();
        assertThat(onCanary).isBetween(250L, 350L);
        String inside = IntStream.range(0, 1000)
                .mapToObj(i -> "agent-" + i)
                .filter(a -> RolloutJudge.inCanary(a, 30))
                .findFirst()
                .orElseThrow();
        String outside = IntStream.range(0, 1000)
                .mapToObj(i -> "agent-" + i)
                .filter(a -> !RolloutJudge.inCanary(a, 30))
                .findFirst()
                .orElseThrow();
        assertThat(decide(inside, "npm publish")).isEqualTo(Verdict.DENY);
        assertThat(decide(outside, "npm publish")).isNotEqualTo(Verdict.DENY);

        rollout.promote("alice", "looks fine");
        assertThat(rollout.activeVersion().hash()).isEqualTo(team);
        assertThat(rollout.status().canary()).isEmpty();
        assertThat(decide(outside, "npm publish")).isEqualTo(Verdict.DENY);
    }

    @Test
    void canaryMisbehaving_isAbortedByItself_andTheActiveVersionStays() {
        String good = rollout.activeVersion().hash();
        decideMany(60, "ls -la");
        rollout.apply(layer("r.yaml", REVIEW_EVERY_BASH), Rollout.Target.canary(50), "alice", "try");
        for (int i = 0; i < 400; i++) {
            decide("agent-" + i, "ls -la");
        }
        watcher.tick();
        assertThat(rollout.status().canary()).isEmpty();
        assertThat(rollout.activeVersion().hash()).isEqualTo(good);
        assertThat(lastOf(EventType.POLICY_ROLLED_BACK)
                        .payloadJson()
                        .path("mode")
                        .asString())
                .isEqualTo("canary");
    }

    @Test
    void shadow_countsWouldBeDifferences_neverEnforces() {
        rollout.apply(layer("r.yaml", REVIEW_EVERY_BASH), Rollout.Target.shadow(), "alice", "what if");
        decideMany(30, "ls -la");
        assertThat(decide("ls -la")).as("the shadow never decides").isEqualTo(Verdict.ALLOW);

        ShadowReport report = rollout.shadowReport().orElseThrow();
        assertThat(report.compared()).isEqualTo(31);
        assertThat(report.pairs()).containsExactly(Map.entry("allow->review", 31L));
        assertThat(report.recent().getFirst().input()).isEqualTo("ls -la");

        rollout.abort("alice", "seen enough");
        assertThat(rollout.shadowReport()).isEmpty();
        assertThat(rollout.abort("alice", "again"))
                .isEqualTo(new Refusal.NoCandidate(Refusal.NoCandidate.Action.ABORT));
    }

    @Test
    void judge_callDecidedAgainWithLeases_countsOnceUnderTheLastDecision() {
        ToolCall call = new ToolCall(
                "agent-1",
                "s1",
                new ToolInput.Bash("echo x > src/x.txt"),
                Path.of("/srv/project"),
                Path.of("/srv/project"),
                Path.of("/home/dev"));
        LeaseFacts leased = new LeaseFacts(Map.of(
                "/srv/project/src/x.txt",
                List.of(new LeaseFacts.Holding(
                        "lease-1",
                        "agent-2",
                        false,
                        true,
                        "refactoring",
                        clock.instant().plusSeconds(60)))));
        String active = rollout.status().active().version();

        var decision = rollout.judge().decide(call, clock.instant(), first -> Optional.of(call.withLeases(leased)));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.ruleIds()).first().isEqualTo("lease-held");
        assertThat(((RolloutJudge) rollout.judge()).counts(active).total()).isEqualTo(1);
        assertThat(((RolloutJudge) rollout.judge()).counts(active).deny()).isEqualTo(1);
    }

    private Verdict decide(String command) {
        return decide("agent-1", command);
    }

    private Verdict decide(String agent, String command) {
        ToolCall call = new ToolCall(
                agent,
                "s1",
                new ToolInput.Bash(command),
                Path.of("/srv/project"),
                Path.of("/srv/project"),
                Path.of("/home/dev"));
        return rollout.judge().decide(call, clock.instant()).verdict();
    }

    private void decideMany(int n, String command) {
        for (int i = 0; i < n; i++) {
            decide(command);
        }
    }

    private static List<PolicySource.LayerText> layer(String file, String text) {
        return List.of(new PolicySource.LayerText(file, text));
    }

    private static PolicyStatus changed(Rollout.Outcome outcome) {
        assertThat(outcome).isInstanceOf(PolicyStatus.class);
        return (PolicyStatus) outcome;
    }

    private List<String> types() {
        return store.query(EventQuery.all().stream(Rollout.STREAM)).events().stream()
                .map(e -> e.type().name())
                .toList();
    }

    private Event lastOf(EventType type) {
        return store.query(EventQuery.all().stream(Rollout.STREAM).type(type))
                .events()
                .getLast();
    }

    @Test
    void versionRecordedWithoutSelfProtection_getsTheLayerAtTheNextStart_asARecordedActivation() {
        rollout.close();
        store.close();
        Path older = dir.resolve("older");
        Keyring keys = Keyring.loadOrCreate(older.resolve("events.keys"), Clock.systemUTC());
        try (EventStore events = EventStores.sqlite(
                older.resolve("events.db"), StoreOptions.of(keys, older.resolve("events.checkpoints")))) {
            PolicySource withoutLayer = PolicySource.onDefault(
                    List.of(new PolicySource.LayerText("team.yaml", TEAM)), Policies.SelfProtection.OFF);
            try (Rollout first =
                    Rollout.open(events, withoutLayer, settings, Alerts.NONE, clock, new ManualWatcher())) {
                assertThat(adminCommand(first)).doesNotContain("self-protection-admin-command");
            }

            try (Rollout upgraded = Rollout.open(
                    events,
                    PolicySource.of(Policies.defaultPolicy()),
                    settings,
                    Alerts.NONE,
                    clock,
                    new ManualWatcher())) {
                assertThat(upgraded.restored()).isTrue();
                assertThat(adminCommand(upgraded)).contains("self-protection-admin-command");
                assertThat(upgraded.activeVersion().name()).isEqualTo("team");
                assertThat(events.query(EventQuery.all().type(EventType.POLICY_ACTIVATED))
                                .events())
                        .hasSize(2)
                        .last()
                        .satisfies(
                                e -> assertThat(e.payloadJson().path("reason").asString())
                                        .contains("self-protection"));
            }
        }
        store = openStore();
        rollout = open(store);
    }

    private static List<String> adminCommand(Rollout r) {
        return r.judge()
                .decide(
                        ToolCall.of(
                                new ToolInput.Bash("lighthouse review approve r-1"),
                                Path.of("/home/dev/app"),
                                Path.of("/home/dev")),
                        Instant.now())
                .ruleIds();
    }

    private EventStore openStore() {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        return EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
    }

    private Rollout open(EventStore events) {
        Alerts recording = new Alerts() {
            @Override
            public void trigger(Alert alert) {
                alerts.add(alert);
            }

            @Override
            public void resolve(Alert alert) {}
        };
        return Rollout.open(events, PolicySource.of(Policies.defaultPolicy()), settings, recording, clock, watcher);
    }
}
