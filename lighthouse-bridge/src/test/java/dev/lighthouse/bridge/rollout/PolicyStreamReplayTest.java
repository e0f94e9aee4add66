package dev.lighthouse.bridge.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.TestClock;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A policy stream as the hand-built payloads wrote it, before the events were records ({@code
 * policy-stream-v1.jsonl}, captured from that code: every event type, a canary, a shadow, a promote, an operator's
 * rollback and both automatic triggers). It must replay to the state it describes, and the records must write each
 * payload back byte for byte, or stores written before them would no longer replay or verify.
 */
class PolicyStreamReplayTest {
    static final String FIXTURE = "policy-stream-v1.jsonl";
    static final String BASE = "665988d6580962539928a255b49767218e74e761bae7388fafbb1e286f323835";
    static final String REVIEW_EVERY_BASH = "dca2ba609d10ffa422d3e54ee7c8519d7ffaa6fa6cc6cf3666f3cf022affa498";
    static final String TEAM = "57bb8eeb13727cdcf591f32defa82106195df6f42af33f0a9b1b98f6ab467824";
    static final String TEAM_REWORDED = "0ac2ab4ec14b1c59191d724e5b2c9b5e173144ac4df74da7630531ac2dd8caca";

    /** The configured policy of the run that wrote the fixture: no self-protection layer, so none is added. */
    static final PolicySource CONFIGURED = new PolicySource(List.of(new PolicySource.LayerText("base.yaml", """
            metadata: {name: base}
            rules:
              - id: allow-ls
                decision: allow
                match: {program: [ls]}
                reason: Listing is harmless.
            """)));

    record Line(String type, Optional<String> agent, String payload) {}

    static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    @TempDir
    Path dir;

    EventStore store;
    List<Line> lines;

    @BeforeEach
    void storeTheFixture() throws IOException {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        store = EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
        lines = fixture();
        for (Line line : lines) {
            store.append(new NewEvent(new EventType(line.type()), Rollout.STREAM, line.agent(), line.payload()));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aStreamWrittenByTheHandBuiltPayloads_replaysToTheStateItDescribes() {
        try (Rollout rollout = open()) {
            assertThat(rollout.restored()).isTrue();
            PolicyStatus status = rollout.status();
            assertThat(status.active()).satisfies(a -> {
                assertThat(a.version()).isEqualTo(TEAM_REWORDED);
                assertThat(a.name()).isEqualTo("team");
                assertThat(a.knownGood()).isTrue();
                assertThat(a.by()).isEqualTo("erin");
            });
            assertThat(rollout.activeVersion().hash()).isEqualTo(TEAM_REWORDED);
            assertThat(status.canary()).isEmpty();
            assertThat(status.shadow()).isEmpty();
            assertThat(status.watch()).isEmpty();
            assertThat(rollout.describeActive()).contains("team@0ac2ab4ec14b", "erin", "reworded");

            assertThat(status.history()).hasSize(lines.size());
            assertThat(status.history().reversed())
                    .extracting(PolicyStatus.Entry::event)
                    .containsExactlyElementsOf(lines.stream().map(Line::type).toList());
            List<PolicyEvent.RolledBack> automatic = status.history().stream()
                    .map(PolicyStatus.Entry::change)
                    .filter(c -> c instanceof PolicyEvent.RolledBack r && r.automatic())
                    .map(PolicyEvent.RolledBack.class::cast)
                    .toList();
            assertThat(automatic).hasSize(2);
            assertThat(automatic.getFirst().evidence().orElseThrow())
                    .isInstanceOfSatisfying(Evidence.SlaBreach.class, sla -> {
                        assertThat(sla.threshold()).isEqualTo("p99_latency");
                        assertThat(sla.value()).isEqualTo(180.5);
                    });
            assertThat(automatic.getLast().evidence().orElseThrow())
                    .isInstanceOfSatisfying(Evidence.MixShift.class, mix -> {
                        assertThat(mix.candidate().version()).isEqualTo(REVIEW_EVERY_BASH);
                        assertThat(mix.candidate().review()).isEqualTo(10);
                        assertThat(mix.baseline().allow()).isEqualTo(10);
                        assertThat(mix.shiftPoints()).isEqualTo(100.0);
                    });

            // The pointers replayed too: the last known-good version before the active one is the first, not TEAM.
            assertThat(rollout.rollback(Optional.empty(), "frank", "back to the start"))
                    .isInstanceOf(PolicyStatus.class);
            assertThat(rollout.activeVersion().hash()).isEqualTo(BASE);
            assertThat(rollout.rollback(Optional.of(TEAM.substring(0, 12)), "frank", "team"))
                    .isInstanceOf(PolicyStatus.class);
            assertThat(rollout.activeVersion().hash()).isEqualTo(TEAM);
        }
    }

    @Test
    void everyStoredPayload_readsAsItsRecord_andIsWrittenBackByteForByte() {
        List<Event> events =
                store.query(EventQuery.all().stream(Rollout.STREAM)).events();
        assertThat(events).hasSize(lines.size());
        for (Event e : events) {
            PolicyEvent change = e.payloadAs(Rollout.recordOf(e.type()).orElseThrow());
            assertThat(change.eventType()).isEqualTo(e.type());
            assertThat(NewEvent.of(Rollout.STREAM, change).payload())
                    .as("seq %d, %s", e.seq(), e.type())
                    .isEqualTo(e.payload());
        }
    }

    @Test
    void theHistory_showsEachStoredPayloadWithoutThePolicyText() {
        try (Rollout rollout = open()) {
            List<PolicyStatus.Entry> history = rollout.status().history().reversed();
            for (int i = 0; i < lines.size(); i++) {
                ObjectNode shown = JSON.valueToTree(history.get(i));
                assertThat(shown.remove(List.of("seq", "at", "event"))).isNotNull();
                ObjectNode stored = (ObjectNode) JSON.readTree(lines.get(i).payload());
                stored.remove("layers");
                // as text: the same properties, values and order as the stored (canonical) payload
                assertThat(JSON.writeValueAsString(shown))
                        .as("event %d", i + 1)
                        .isEqualTo(JSON.writeValueAsString(stored));
            }
        }
    }

    @Test
    void aStoreThatLaterAddsDecisions_andAWatchedActivation_rollsBackByTheStoredPointers() {
        try (Rollout rollout = open()) {
            assertThat(rollout.apply(
                            List.of(new PolicySource.LayerText("r.yaml", RolloutTest.REVIEW_EVERY_BASH)),
                            Rollout.Target.active(),
                            "gina",
                            "again"))
                    .isInstanceOf(PolicyStatus.class);
            assertThat(rollout.status().watch())
                    .hasValueSatisfying(w -> assertThat(w.baselineVersion()).isEqualTo(TEAM_REWORDED));
        }
    }

    private Rollout open() {
        return Rollout.open(
                store,
                CONFIGURED,
                new RolloutSettings(Duration.ofMinutes(10), 20, 5),
                Alerts.NONE,
                new TestClock(Instant.now()),
                new ManualWatcher());
    }

    private static List<Line> fixture() throws IOException {
        List<Line> lines = new ArrayList<>();
        try (InputStream in = PolicyStreamReplayTest.class.getResourceAsStream(FIXTURE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
                JsonNode node = JSON.readTree(line);
                lines.add(new Line(
                        node.path("type").asString(),
                        Optional.ofNullable(node.get("agent")).map(JsonNode::asString),
                        node.path("payload").asString()));
            }
        }
        return lines;
    }
}
