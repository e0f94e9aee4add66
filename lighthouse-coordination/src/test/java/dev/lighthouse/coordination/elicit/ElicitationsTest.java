package dev.lighthouse.coordination.elicit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.coordination.MovableClock;
import dev.lighthouse.coordination.TestStore;
import dev.lighthouse.events.NewEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The elicitation state machine, its authorisation, schema checks, nonces and limits, on a real SQLite store. */
class ElicitationsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] KEY =
            "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final JsonNode SCHEMA = JSON.readTree("""
            {"type":"object","required":["approve"],
             "properties":{"approve":{"type":"boolean"},"note":{"type":"string","maxLength":20}}}""");

    @TempDir
    Path dir;

    TestStore db;
    MovableClock clock;
    Elicitations elicitations;

    @BeforeEach
    void open() {
        db = new TestStore(dir);
        clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        elicitations = start();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Elicitations start() {
        Elicitations e = new Elicitations(
                db.store(),
                clock,
                new ElicitationSigner(KEY),
                Set.of("alice", "bob", "carol")::contains,
                ElicitationLimits.defaults());
        e.recover();
        return e;
    }

    private Elicitation ask(String from, String to) {
        return (Elicitation)
                elicitations.ask(from, new Elicitations.Ask(to, "May I drop table users?", SCHEMA, Optional.empty()));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void ask_thenAnswerFittingTheSchema_isAcceptedAndTheAskerReadsIt() {
        Elicitation asked = ask("alice", "bob");

        Elicitations.Outcome answered =
                elicitations.answer("bob", asked.id(), json("{\"approve\":false}"), "nonce-0001");

        assertThat(asked.status()).isEqualTo(ElicitationStatus.PENDING);
        assertThat(asked.deadline()).isEqualTo(asked.created().plusSeconds(30));
        assertThat(answered).isInstanceOfSatisfying(Elicitation.class, e -> {
            assertThat(e.status()).isEqualTo(ElicitationStatus.ACCEPTED);
            assertThat(e.answer()).contains(json("{\"approve\":false}"));
        });
        assertThat(elicitations.get(asked.id()).orElseThrow().answer()).contains(json("{\"approve\":false}"));
    }

    @Test
    void answer_byAnotherAgentThanTheAsked_isRefusedAndNothingStored() {
        Elicitation asked = ask("alice", "bob");
        int before = db.events().size();

        assertThat(elicitations.answer("carol", asked.id(), json("{\"approve\":true}"), "nonce-0001"))
                .isInstanceOf(ElicitationRefusal.NotTheAskedAgent.class);
        assertThat(elicitations.answer("alice", asked.id(), json("{\"approve\":true}"), "nonce-0002"))
                .isInstanceOf(ElicitationRefusal.NotTheAskedAgent.class);
        assertThat(elicitations.decline("carol", asked.id(), Optional.empty(), "nonce-0003"))
                .isInstanceOf(ElicitationRefusal.NotTheAskedAgent.class);
        assertThat(db.events()).hasSize(before);
    }

    @Test
    void cancel_onlyByTheAsker() {
        Elicitation asked = ask("alice", "bob");

        assertThat(elicitations.cancel("bob", asked.id())).isInstanceOf(ElicitationRefusal.NotTheAsker.class);
        assertThat(elicitations.cancel("alice", asked.id()))
                .isInstanceOfSatisfying(
                        Elicitation.class, e -> assertThat(e.status()).isEqualTo(ElicitationStatus.CANCELLED));
        assertThat(elicitations.answer("bob", asked.id(), json("{\"approve\":true}"), "nonce-0001"))
                .isEqualTo(new ElicitationRefusal.NotPending(asked.id(), ElicitationStatus.CANCELLED));
    }

    @Test
    void decline_endsTheElicitationWithItsReason() {
        Elicitation asked = ask("alice", "bob");

        assertThat(elicitations.decline("bob", asked.id(), Optional.of("not my area"), "nonce-0001"))
                .isInstanceOfSatisfying(Elicitation.class, e -> {
                    assertThat(e.status()).isEqualTo(ElicitationStatus.DECLINED);
                    assertThat(e.declineReason()).contains("not my area");
                });
    }

    @Test
    void answer_breakingTheSchema_namesTheFieldAndReason_andStoresNothing() {
        Elicitation asked = ask("alice", "bob");
        int before = db.events().size();

        Elicitations.Outcome missing = elicitations.answer("bob", asked.id(), json("{\"note\":\"hi\"}"), "nonce-0001");
        Elicitations.Outcome mistyped =
                elicitations.answer("bob", asked.id(), json("{\"approve\":\"yes\"}"), "nonce-0002");
        Elicitations.Outcome tooLong = elicitations.answer(
                "bob", asked.id(), json("{\"approve\":true,\"note\":\"far longer than twenty\"}"), "nonce-0003");

        assertThat(missing).isInstanceOfSatisfying(ElicitationRefusal.SchemaViolation.class, v -> {
            assertThat(v.violations())
                    .extracting(ElicitationRefusal.Violation::field)
                    .containsExactly("/approve");
            assertThat(v.violations().getFirst().reason()).contains("approve");
        });
        assertThat(mistyped).isInstanceOfSatisfying(ElicitationRefusal.SchemaViolation.class, v -> {
            assertThat(v.violations())
                    .extracting(ElicitationRefusal.Violation::field)
                    .containsExactly("/approve");
            assertThat(v.violations().getFirst().reason()).contains("boolean");
        });
        assertThat(tooLong)
                .isInstanceOfSatisfying(
                        ElicitationRefusal.SchemaViolation.class,
                        v -> assertThat(v.violations())
                                .extracting(ElicitationRefusal.Violation::field)
                                .containsExactly("/note"));
        assertThat(db.events()).hasSize(before);
        assertThat(elicitations.get(asked.id()).orElseThrow().status()).isEqualTo(ElicitationStatus.PENDING);
    }

    @Test
    void answer_withANonceUsedBefore_isRefused() {
        Elicitation first = ask("alice", "bob");
        Elicitation second = ask("carol", "bob");
        elicitations.answer("bob", first.id(), json("{\"approve\":true}"), "nonce-0001");

        assertThat(elicitations.answer("bob", second.id(), json("{\"approve\":true}"), "nonce-0001"))
                .isEqualTo(new ElicitationRefusal.NonceReused("nonce-0001"));
        assertThat(elicitations.decline("bob", second.id(), Optional.empty(), "nonce-0001"))
                .isEqualTo(new ElicitationRefusal.NonceReused("nonce-0001"));
        assertThat(elicitations.answer("bob", second.id(), json("{\"approve\":true}"), "nonce-0002"))
                .isInstanceOf(Elicitation.class);
    }

    @Test
    void answer_withoutAUsableNonce_isRefused() {
        Elicitation asked = ask("alice", "bob");

        assertThat(elicitations.answer("bob", asked.id(), json("{\"approve\":true}"), "short"))
                .isInstanceOfSatisfying(
                        ElicitationRefusal.InvalidArgument.class,
                        r -> assertThat(r.field()).isEqualTo("nonce"));
    }

    @Test
    void pending_expiresExactlyAtItsDeadline_thirtySecondsByDefault() {
        Elicitation asked = ask("alice", "bob");

        clock.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(elicitations.expireDue()).isZero();
        assertThat(elicitations.get(asked.id()).orElseThrow().status()).isEqualTo(ElicitationStatus.PENDING);

        clock.advance(Duration.ofMillis(1));
        assertThat(elicitations.expireDue()).isEqualTo(1);
        assertThat(elicitations.get(asked.id()).orElseThrow().status()).isEqualTo(ElicitationStatus.EXPIRED);
        assertThat(elicitations.answer("bob", asked.id(), json("{\"approve\":true}"), "nonce-0001"))
                .isEqualTo(new ElicitationRefusal.NotPending(asked.id(), ElicitationStatus.EXPIRED));
    }

    @Test
    void answerAfterTheDeadline_isRefusedEvenBeforeAnySweep() {
        Elicitation asked = (Elicitation) elicitations.ask(
                "alice", new Elicitations.Ask("bob", "quick?", SCHEMA, Optional.of(Duration.ofSeconds(5))));

        clock.advance(Duration.ofSeconds(5));

        assertThat(elicitations.answer("bob", asked.id(), json("{\"approve\":true}"), "nonce-0001"))
                .isEqualTo(new ElicitationRefusal.NotPending(asked.id(), ElicitationStatus.EXPIRED));
    }

    @Test
    void ask_unknownAgentOrBadArguments_isRefusedAndNothingStored() {
        int before = db.events().size();

        assertThat(elicitations.ask("alice", new Elicitations.Ask("mallory", "q", SCHEMA, Optional.empty())))
                .isEqualTo(new ElicitationRefusal.UnknownAgent("mallory"));
        assertThat(elicitations.ask("alice", new Elicitations.Ask("bob", " ", SCHEMA, Optional.empty())))
                .isInstanceOfSatisfying(
                        ElicitationRefusal.InvalidArgument.class,
                        r -> assertThat(r.field()).isEqualTo("question"));
        assertThat(elicitations.ask("alice", new Elicitations.Ask("bob", "q", json("{\"type\":12}"), Optional.empty())))
                .isInstanceOfSatisfying(
                        ElicitationRefusal.InvalidArgument.class,
                        r -> assertThat(r.field()).isEqualTo("schema"));
        assertThat(elicitations.ask(
                        "alice", new Elicitations.Ask("bob", "q", SCHEMA, Optional.of(Duration.ofHours(2)))))
                .isInstanceOfSatisfying(
                        ElicitationRefusal.InvalidArgument.class,
                        r -> assertThat(r.field()).isEqualTo("timeout_seconds"));
        assertThat(db.events()).hasSize(before);
    }

    @Test
    void schema_withARemoteRef_loadsNothingAndIsRefused() {
        JsonNode remote = json("{\"$ref\":\"http://127.0.0.1:9/schema.json\"}");

        assertThat(elicitations.ask("alice", new Elicitations.Ask("bob", "q", remote, Optional.empty())))
                .isInstanceOfSatisfying(
                        ElicitationRefusal.InvalidArgument.class,
                        r -> assertThat(r.field()).isEqualTo("schema"));
    }

    @Test
    void schema_withABacktrackingPattern_isCheckedInLinearTime() {
        JsonNode evil =
                json("{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}}}");
        Elicitation asked =
                (Elicitation) elicitations.ask("alice", new Elicitations.Ask("bob", "q", evil, Optional.empty()));

        Elicitations.Outcome answered =
                elicitations.answer("bob", asked.id(), json("{\"s\":\"" + "a".repeat(5_000) + "!\"}"), "nonce-0001");

        assertThat(answered).isInstanceOf(ElicitationRefusal.SchemaViolation.class);
    }

    @Test
    void ask_largerThanAnEvent_isRefusedAsTooLarge() {
        String big = "x".repeat(NewEvent.MAX_BYTES);
        JsonNode schema = json("{\"type\":\"object\",\"description\":\"" + big + "\"}");
        int before = db.events().size();

        assertThat(elicitations.ask("alice", new Elicitations.Ask("bob", "q", schema, Optional.empty())))
                .isInstanceOf(ElicitationRefusal.TooLarge.class);
        assertThat(db.events()).hasSize(before);
    }

    @Test
    void requests_areLimitedToBurstThreeThenTenAMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(ask("alice", "bob")).isNotNull();
        }
        Elicitations.Outcome fourth =
                elicitations.ask("alice", new Elicitations.Ask("bob", "q", SCHEMA, Optional.empty()));
        assertThat(fourth).isInstanceOfSatisfying(ElicitationRefusal.RateLimited.class, r -> {
            assertThat(r.kind()).isEqualTo(ElicitationRefusal.RateLimited.Kind.REQUESTS);
            assertThat(r.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(6));
        });
        assertThat(elicitations.ask("carol", new Elicitations.Ask("bob", "q", SCHEMA, Optional.empty())))
                .as("another agent has its own allowance")
                .isInstanceOf(Elicitation.class);

        clock.advance(Duration.ofSeconds(6));
        assertThat(elicitations.ask("alice", new Elicitations.Ask("bob", "q", SCHEMA, Optional.empty())))
                .isInstanceOf(Elicitation.class);
        assertThat(elicitations.ask("alice", new Elicitations.Ask("bob", "q", SCHEMA, Optional.empty())))
                .isInstanceOf(ElicitationRefusal.RateLimited.class);
    }

    @Test
    void responses_areLimitedToBurstThreeThenTwentyAMinute() {
        String[] ids = new String[5];
        for (int i = 0; i < 5; i++) {
            ids[i] = ask(i < 3 ? "alice" : "carol", "bob").id();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(elicitations.answer("bob", ids[i], json("{\"approve\":true}"), "nonce-000" + i))
                    .isInstanceOf(Elicitation.class);
        }

        assertThat(elicitations.answer("bob", ids[3], json("{\"approve\":true}"), "nonce-0003"))
                .isInstanceOfSatisfying(
                        ElicitationRefusal.RateLimited.class,
                        r -> assertThat(r.kind()).isEqualTo(ElicitationRefusal.RateLimited.Kind.RESPONSES));
        clock.advance(Duration.ofSeconds(3));
        assertThat(elicitations.answer("bob", ids[3], json("{\"approve\":true}"), "nonce-0003"))
                .as("the refused nonce was not spent")
                .isInstanceOf(Elicitation.class);
    }

    @Test
    void notices_areGivenOncePerPendingElicitation() {
        Elicitation asked = ask("alice", "bob");

        assertThat(elicitations.unnoticed("alice")).isEmpty();
        assertThat(elicitations.unnoticed("bob")).extracting(Elicitation::id).containsExactly(asked.id());
        assertThat(elicitations.unnoticed("bob")).as("not told yet").hasSize(1);

        elicitations.noticed(elicitations.unnoticed("bob"));

        assertThat(elicitations.unnoticed("bob")).isEmpty();
    }

    @Test
    void restart_rebuildsStatesAnswersAndUsedNonces() {
        Elicitation answered = ask("alice", "bob");
        Elicitation pending = ask("alice", "bob");
        Elicitation cancelled = ask("alice", "carol");
        elicitations.answer("bob", answered.id(), json("{\"approve\":true,\"note\":\"fine\"}"), "nonce-0001");
        elicitations.cancel("alice", cancelled.id());

        db.restart();
        elicitations = start();

        assertThat(elicitations.get(answered.id()).orElseThrow().answer())
                .contains(json("{\"approve\":true,\"note\":\"fine\"}"));
        assertThat(elicitations.get(pending.id()).orElseThrow().status()).isEqualTo(ElicitationStatus.PENDING);
        assertThat(elicitations.get(cancelled.id()).orElseThrow().status()).isEqualTo(ElicitationStatus.CANCELLED);
        assertThat(elicitations.answer("bob", pending.id(), json("{\"approve\":true}"), "nonce-0001"))
                .isEqualTo(new ElicitationRefusal.NonceReused("nonce-0001"));

        clock.advance(Duration.ofSeconds(31));
        db.restart();
        elicitations = start();
        assertThat(elicitations.get(pending.id()).orElseThrow().status())
                .as("a deadline that passed while the bridge was down expires at start")
                .isEqualTo(ElicitationStatus.EXPIRED);
    }

    @Test
    void restart_ignoresARequestWhoseSignatureDoesNotVerify() {
        Instant now = clock.instant();
        db.store()
                .append(NewEvent.byAgent(
                        "elicitation/el_forged",
                        "alice",
                        new ElicitationEvent.Requested(
                                "el_forged", "alice", "bob", "q", SCHEMA, now, now.plusSeconds(30), "00".repeat(32))));
        Elicitation genuine = ask("alice", "bob");

        elicitations = start();

        assertThat(elicitations.get("el_forged")).isEmpty();
        assertThat(elicitations.get(genuine.id())).isPresent();
    }

    @Test
    void signer_refusesAShortKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ElicitationSigner(new byte[16]))
                .hasMessageContaining("at least 32");
    }
}
