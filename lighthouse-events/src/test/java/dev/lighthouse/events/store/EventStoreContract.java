package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.DecisionMade;
import dev.lighthouse.events.DecisionName;
import dev.lighthouse.events.DecisionNames;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.Head;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Page;
import dev.lighthouse.events.Subscription;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.Violation;
import dev.lighthouse.events.integrity.Keyring;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link EventStore} promises. A subclass per store opens it and tampers with its rows by SQL.
 */
abstract class EventStoreContract {
    @TempDir
    Path dir;

    Keyring keys;
    EventStore store;

    /** Opens the store under test on the same database each call (a restart). */
    abstract EventStore open(StoreOptions options);

    /** Runs SQL directly on the store's database, as an attacker with database access would. */
    abstract void sql(String statement);

    /** SQL replacing every {@code a} of the payload at {@code seq} by {@code b}. */
    abstract String replaceInPayload(long seq);

    /** The single number a query of the store's database gives. */
    abstract long count(String query);

    /**
     * Turns the closed store's database into what the schema before the decisions' answer column made of the same
     * events: the column, its indexes and its migration's history gone.
     */
    abstract void toSchemaBeforeAnswers();

    /** Empties the store as a new database would be: its events and whatever it remembers of their checkpoints. */
    void emptyStore() {
        sql("DELETE FROM events");
    }

    @BeforeEach
    void openStore() {
        keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        store = open(options(keys));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    StoreOptions options(Keyring keyring) {
        return new StoreOptions(keyring, dir.resolve("events.checkpoints"), Duration.ZERO, Clock.systemUTC());
    }

    EventStore reopen() {
        store.close();
        store = open(options(keys));
        return store;
    }

    static NewEvent decision(String agent, int n) {
        return new NewEvent(
                EventType.DECISION_MADE,
                "session/" + agent,
                Optional.of(agent),
                "{\"n\":%d,\"verdict\":\"allow\",\"tool\":\"bash\"}".formatted(n));
    }

    List<Event> appendDecisions(int count) {
        List<Event> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(store.append(decision("agent-" + (i % 3), i)));
        }
        return out;
    }

    @Test
    void append_assignsGaplessSeqsFromOne_andLinksEachEventToThePrevious() {
        List<Event> events = appendDecisions(5);

        assertThat(events).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events.getFirst().prevHash()).isEqualTo(Hash.ZERO);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).prevHash()).isEqualTo(events.get(i - 1).hash());
            assertThat(events.get(i).id()).isGreaterThan(events.get(i - 1).id());
        }
        assertThat(events)
                .allSatisfy(e -> assertThat(e.keyId()).isEqualTo(keys.active().id()));
        assertThat(store.head()).isEqualTo(events.getLast().asHead());
        assertThat(store.read(1, 100)).isEqualTo(events);
    }

    @Test
    void append_batch_isStoredTogether_inOrder() {
        store.append(decision("a", 0));
        List<Event> batch = store.append(List.of(decision("a", 1), decision("b", 2), decision("c", 3)));

        assertThat(batch).extracting(Event::seq).containsExactly(2L, 3L, 4L);
        assertThat(batch).extracting(e -> e.agent().orElseThrow()).containsExactly("a", "b", "c");
        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
    }

    @Test
    void append_batchOverTheLimit_isRejected_andNothingIsWritten() {
        appendDecisions(2);
        List<NewEvent> tooMany = IntStream.range(0, EventStore.MAX_BATCH + 1)
                .mapToObj(i -> decision("a", i))
                .toList();

        assertThatThrownBy(() -> store.append(tooMany))
                .isInstanceOf(EventRejectedException.class)
                .hasMessage("a batch holds at most 1,000 events, got 1,001; split it");
        assertThatThrownBy(() -> store.append(List.of())).isInstanceOf(EventRejectedException.class);
        assertThat(store.head().seq()).isEqualTo(2);
    }

    @Test
    void append_batchOfExactlyTheLimit_isStored() {
        List<NewEvent> full = IntStream.range(0, EventStore.MAX_BATCH)
                .mapToObj(i -> decision("a", i))
                .toList();

        assertThat(store.append(full)).hasSize(EventStore.MAX_BATCH);
        assertThat(store.head().seq()).isEqualTo(EventStore.MAX_BATCH);
    }

    @Test
    void read_fromASeq_returnsThatSeqOnward_uptoTheLimit() {
        appendDecisions(10);

        assertThat(store.read(4, 3)).extracting(Event::seq).containsExactly(4L, 5L, 6L);
        assertThat(store.read(11, 3)).isEmpty();
    }

    @Test
    void query_filtersByTypeStreamAgentAndTime_andPagesWithACursor() {
        Instant before = Instant.now().minusSeconds(1);
        appendDecisions(9); // agents agent-1, agent-2, agent-0, ...
        store.append(new NewEvent(EventType.POLICY_ACTIVATED, "policy", Optional.empty(), "{\"version\":2}"));

        Page first = store.query(EventQuery.all().agent("agent-1").limit(2));
        assertThat(first.events()).extracting(Event::seq).containsExactly(1L, 4L);
        Page second = store.query(
                EventQuery.all().agent("agent-1").limit(2).after(first.next().orElseThrow()));
        assertThat(second.events()).extracting(Event::seq).containsExactly(7L);
        assertThat(second.next()).isEmpty();

        assertThat(store.query(EventQuery.all().type(EventType.POLICY_ACTIVATED))
                        .events())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.agent()).isEmpty();
                    assertThat(e.payloadJson().get("version").asInt()).isEqualTo(2);
                });
        assertThat(store.query(EventQuery.all().stream("session/agent-2")).events())
                .extracting(Event::seq)
                .containsExactly(2L, 5L, 8L);
        assertThat(store.query(EventQuery.all()
                                .since(before)
                                .until(Instant.now().plusSeconds(60)))
                        .events())
                .hasSize(10);
        assertThat(store.query(EventQuery.all().until(before)).events()).isEmpty();
    }

    /** Decisions of three agents in two sessions with each kind of answer a payload may carry, and other events. */
    List<Event> appendNamedDecisions() {
        String[] payloads = {
            "{\"answer\":\"unmatched\",\"decision\":\"allow\",\"input\":{\"command\":\"ls\"}}",
            "{\"answer\":\"deny\",\"decision\":\"deny\",\"tool\":\"Bash\"}",
            "{\"cached\":false,\"decision\":\"review\"}", // recorded before answers
            "{\"tool\":\"Bash\"}", // names none: unknown
            "{\"answer\":\"allow\",\"input\":{\"content\":\"%s\"}}".formatted("x".repeat(5000))
        };
        List<Event> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            Optional<String> agent = i % 7 == 6 ? Optional.empty() : Optional.of("agent-" + (i % 3));
            all.add(store.append(new NewEvent(
                    EventType.DECISION_MADE, "session/s" + (i % 2), agent, payloads[i % payloads.length])));
            if (i % 5 == 0) {
                all.add(store.append(new NewEvent(
                        EventType.REVIEW_REQUESTED, "session/s" + (i % 2), agent, "{\"answer\":\"allow\"}")));
            }
        }
        return all;
    }

    /** What {@link EventStore#decisionNames} must give for {@code q}: the decisions' names read off their payloads. */
    static List<DecisionName> expectedNames(List<Event> all, EventQuery q) {
        return all.stream()
                .filter(e -> e.type().equals(EventType.DECISION_MADE))
                .filter(e -> e.seq() > q.after().afterSeq())
                .filter(e -> q.stream().map(e.stream()::equals).orElse(true))
                .filter(e ->
                        q.agent().map(a -> e.agent().equals(Optional.of(a))).orElse(true))
                .filter(e -> q.since().map(t -> !e.time().isBefore(t)).orElse(true))
                .filter(e -> q.until().map(e.time()::isBefore).orElse(true))
                .limit(q.limit())
                .map(e -> new DecisionName(e.seq(), e.time(), e.agent(), DecisionMade.answerOf(e.payload())))
                .toList();
    }

    static List<EventQuery> nameQueries(Instant start) {
        return List.of(
                EventQuery.all().limit(EventQuery.MAX_LIMIT),
                EventQuery.all().limit(4).after(new Cursor(6)),
                EventQuery.all().type(EventType.DECISION_MADE).agent("agent-1"),
                EventQuery.all().agent("agent-2").limit(2).after(new Cursor(9)),
                EventQuery.all().stream("session/s1").limit(3),
                EventQuery.all().stream("session/s0").agent("agent-0"),
                EventQuery.all().since(start).until(start.plusSeconds(3600)),
                // exactly a page, through the time index and in seq order: no cursor to an empty page
                EventQuery.all().since(start).until(start.plusSeconds(3600)).limit(23),
                EventQuery.all().limit(23),
                EventQuery.all().since(start).until(start.plusSeconds(3600)).limit(22),
                EventQuery.all().limit(22),
                EventQuery.all().since(start).until(start.plusSeconds(3600)).agent("agent-0"),
                EventQuery.all()
                        .since(start)
                        .until(start.plusSeconds(3600))
                        .limit(5)
                        .after(new Cursor(11)),
                EventQuery.all().since(start),
                EventQuery.all().until(start),
                EventQuery.all().agent("nobody"));
    }

    @Test
    void decisionNames_areTheDecisionsSeqTimeAgentAndAnswer_filteredAndPagedAsTheirQuery() {
        Instant start = Instant.now().minusSeconds(1);
        List<Event> all = appendNamedDecisions();

        for (EventQuery q : nameQueries(start)) {
            DecisionNames page = store.decisionNames(q);
            List<DecisionName> expected = expectedNames(all, q);
            boolean more = expectedNames(all, q.limit(EventQuery.MAX_LIMIT)).size() > q.limit();
            assertThat(page.names()).as(q.toString()).isEqualTo(expected);
            assertThat(page.next())
                    .as(q.toString())
                    .isEqualTo(more ? Optional.of(new Cursor(expected.getLast().seq())) : Optional.empty());
        }
        assertThat(store.decisionNames(EventQuery.all().limit(4)).names())
                .extracting(DecisionName::answer)
                .containsExactly("unmatched", "deny", "review", "unknown");
        assertThatThrownBy(() -> store.decisionNames(EventQuery.all().type(EventType.REVIEW_REQUESTED)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("review.requested");
    }

    @Test
    void decisionNames_readTheAnswerColumn_filledOnAppend_andNamesADecisionWithoutOneFromItsPayload() {
        List<Event> all = appendNamedDecisions();

        assertThat(count("SELECT count(*) FROM events WHERE type = 'decision.made' AND answer IS NULL"))
                .isZero();
        assertThat(count("SELECT count(*) FROM events WHERE type <> 'decision.made' AND answer IS NOT NULL"))
                .isZero();
        // a decision appended by a replica of a version before the column has none: named from its payload
        sql("UPDATE events SET answer = NULL WHERE seq = 3");
        reopen();

        List<DecisionName> names =
                store.decisionNames(EventQuery.all().limit(3)).names();
        assertThat(names).extracting(DecisionName::seq).containsExactly(1L, 3L, 4L);
        assertThat(names).extracting(DecisionName::answer).containsExactly("unmatched", "deny", "review");
        assertThat(names).isEqualTo(expectedNames(all, EventQuery.all().limit(3)));
        assertThat(store.verify(1, Long.MAX_VALUE).ok())
                .as("an empty answer column: the decision is named from its payload")
                .isTrue();
    }

    @Test
    void verify_anAnswerColumnThatIsNotItsPayloads_isANameMismatch_atThatSeq() {
        appendNamedDecisions();
        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
        sql("UPDATE events SET answer = 'allow' WHERE seq = 3"); // a deny would be listed as allowed
        sql("UPDATE events SET answer = 'allow' WHERE seq = 2"); // a review.requested has no answer

        VerifyReport report = store.verify(1, Long.MAX_VALUE);

        assertThat(report.violations())
                .extracting(Violation::kind, Violation::seq)
                .containsExactly(tuple(Violation.Kind.NAME_MISMATCH, 2L), tuple(Violation.Kind.NAME_MISMATCH, 3L));
        assertThat(report.violations().get(0).detail()).contains("review.requested", "only decisions have one");
        assertThat(report.violations().get(1).detail())
                .isEqualTo("the answer column says \"allow\"; the signed payload's answer is \"deny\"");
    }

    @Test
    void storeOfTheSchemaBeforeAnswers_isMigrated_verifies_andListsNamesFromTheBackfilledColumn() {
        Instant start = Instant.now().minusSeconds(1);
        List<Event> all = appendNamedDecisions();
        store.close();
        toSchemaBeforeAnswers();
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(all.size());

        store = open(options(keys));

        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
        assertThat(count("SELECT count(*) FROM events WHERE type = 'decision.made' AND answer IS NULL"))
                .as("backfilled")
                .isZero();
        for (EventQuery q : nameQueries(start)) {
            assertThat(store.decisionNames(q).names()).as(q.toString()).isEqualTo(expectedNames(all, q));
        }
        all.add(store.append(decision("agent-1", 99)));
        assertThat(store.decisionNames(EventQuery.all().after(new Cursor(all.size() - 1)))
                        .names())
                .extracting(DecisionName::answer)
                .containsExactly("unknown");
        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
    }

    @Test
    void subscribe_deliversStoredEventsThenEachNewOne_inOrder() throws Exception {
        appendDecisions(3);
        BlockingQueue<Event> received = new LinkedBlockingQueue<>();

        try (Subscription sub = store.subscribe(2, received::add)) {
            assertThat(take(received, 2)).extracting(Event::seq).containsExactly(2L, 3L);
            store.append(decision("late", 4));
            List<Event> live = take(received, 1);
            assertThat(live).extracting(Event::seq).containsExactly(4L);
            assertThat(sub.isOpen()).isTrue();
        }
        store.append(decision("after-close", 5));
        assertThat(store.read(5, 1)).hasSize(1);
    }

    @Test
    void subscribe_listenerThatThrows_endsOnlyItsSubscription() throws Exception {
        BlockingQueue<Event> received = new LinkedBlockingQueue<>();
        CountDownLatch failed = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Subscription failing = store.subscribe(1, e -> {
            calls.incrementAndGet();
            failed.countDown();
            throw new IllegalStateException("listener bug");
        });
        try (Subscription healthy = store.subscribe(1, received::add)) {
            store.append(decision("a", 1));
            assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
            store.append(decision("a", 2));
            store.append(decision("a", 3));

            assertThat(take(received, 3)).extracting(Event::seq).containsExactly(1L, 2L, 3L);
            assertThat(calls).hasValue(1);
            assertThat(healthy.isOpen()).isTrue();
        }
        failing.close();
    }

    @Test
    void concurrentAppends_from256Threads_areGapless_andTheChainVerifies() throws Exception {
        int threads = 256;
        int each = 8;
        Set<Long> acknowledged = Collections.synchronizedSet(new HashSet<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        acknowledged.add(store.append(decision("t" + thread, i)).seq());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }

        long total = (long) threads * each;
        assertThat(acknowledged).hasSize((int) total);
        assertThat(store.head().seq()).isEqualTo(total);
        VerifyReport report = store.verify(1, Long.MAX_VALUE);
        assertThat(report.violations()).isEmpty();
        assertThat(report.eventsChecked()).isEqualTo(total);
    }

    @Test
    void reopening_continuesTheChain() {
        appendDecisions(3);
        reopen();
        Event fourth = store.append(decision("a", 4));

        assertThat(fourth.seq()).isEqualTo(4);
        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
    }

    @Test
    void verify_untouchedStore_isOk_andChecksTheCheckpoints() {
        appendDecisions(8);
        reopen(); // close writes a checkpoint

        VerifyReport report = store.verify(1, Long.MAX_VALUE);
        assertThat(report.violations()).isEmpty();
        assertThat(report.toSeq()).isEqualTo(8);
        assertThat(report.checkpointsChecked()).isPositive();
    }

    @Test
    void verify_aChangedPayload_isAnHmacMismatch_atThatSeq() {
        appendDecisions(8);
        sql(replaceInPayload(5));

        assertThat(store.verify(1, Long.MAX_VALUE).firstViolation())
                .get()
                .extracting(Violation::kind, Violation::seq)
                .containsExactly(Violation.Kind.HMAC_MISMATCH, 5L);
    }

    @Test
    void verify_aDeletedRow_isASequenceGap_atThatSeq() {
        appendDecisions(8);
        sql("DELETE FROM events WHERE seq = 5");

        VerifyReport report = store.verify(1, Long.MAX_VALUE);
        assertThat(report.firstViolation())
                .get()
                .extracting(Violation::kind, Violation::seq)
                .containsExactly(Violation.Kind.SEQUENCE_GAP, 5L);
        assertThat(report.intactUpTo()).isEqualTo(4);
    }

    @Test
    void verify_twoSwappedRows_areReordering() {
        appendDecisions(8);
        sql("UPDATE events SET seq = -1 WHERE seq = 5");
        sql("UPDATE events SET seq = 5 WHERE seq = 6");
        sql("UPDATE events SET seq = 6 WHERE seq = -1");

        VerifyReport report = store.verify(1, Long.MAX_VALUE);
        assertThat(report.firstViolation()).get().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Violation.Kind.REORDERED);
            assertThat(v.seq()).isEqualTo(5);
            assertThat(v.detail()).contains("signed as seq 6");
        });
        assertThat(report.violations())
                .extracting(Violation::kind, Violation::seq)
                .contains(org.assertj.core.groups.Tuple.tuple(Violation.Kind.REORDERED, 6L));
    }

    @Test
    void verify_aTruncatedTail_isDetectedThroughTheCheckpoints() {
        appendDecisions(10);
        reopen(); // the checkpoint says seq 10
        sql("DELETE FROM events WHERE seq > 7");

        VerifyReport report = store.verify(1, Long.MAX_VALUE);
        assertThat(report.firstViolation()).get().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Violation.Kind.TAIL_TRUNCATED);
            assertThat(v.seq()).isEqualTo(8);
            assertThat(v.detail()).contains("reached seq 10", "ends at seq 7");
        });
    }

    /** Keeps only the checkpoint lines {@code keep} accepts, as an attacker editing the file would. */
    void editCheckpoints(java.util.function.Predicate<String> keep) {
        editCheckpoints(dir.resolve("events.checkpoints"), keep);
    }

    /** Keeps only the lines of the checkpoint file {@code file} that {@code keep} accepts. */
    void editCheckpoints(Path file, java.util.function.Predicate<String> keep) {
        try {
            java.nio.file.Files.write(
                    file,
                    java.nio.file.Files.readAllLines(file).stream().filter(keep).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void verify_rowsDeletedAndTheirCheckpointLinesRemoved_isCaughtByTheStoresOwnMark() {
        appendDecisions(10);
        reopen(); // the last checkpoint says seq 10, and so does the store's mark
        sql("DELETE FROM events WHERE seq > 7");
        editCheckpoints(line -> java.util.List.of(1, 2, 3, 4, 5, 6, 7).stream()
                .anyMatch(seq -> line.startsWith("{\"seq\":" + seq + ",")));

        VerifyReport report = store.verify(1, Long.MAX_VALUE);

        assertThat(report.firstViolation()).get().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Violation.Kind.CHECKPOINTS_MISSING);
            assertThat(v.detail()).contains("ends at seq 7", "checkpoint of seq 10");
        });
    }

    @Test
    void lastCheckpoint_afterRowsAndTheirCheckpointLinesWereRemoved_isTheStoresMark_aboveItsHead() {
        appendDecisions(10);
        reopen();
        sql("DELETE FROM events WHERE seq > 7");
        editCheckpoints(line -> java.util.List.of(1, 2, 3, 4, 5, 6, 7).stream()
                .anyMatch(seq -> line.startsWith("{\"seq\":" + seq + ",")));

        assertThat(store.head().seq()).isEqualTo(7);
        assertThat(store.lastCheckpoint()).isEqualTo(10);
    }

    @Test
    void lastCheckpoint_ofAnIntactStore_isItsHead() {
        assertThat(store.lastCheckpoint()).isZero();
        appendDecisions(4);
        reopen();

        assertThat(store.lastCheckpoint()).isEqualTo(4).isEqualTo(store.head().seq());
    }

    @Test
    void verify_aCheckpointLineCutFromTheMiddle_breaksTheirChain() {
        appendDecisions(6); // a checkpoint per commit: the interval is zero
        reopen();
        editCheckpoints(line -> !line.startsWith("{\"seq\":3,"));

        VerifyReport report = store.verify(1, Long.MAX_VALUE);

        assertThat(report.violations()).extracting(Violation::kind).containsExactly(Violation.Kind.CHECKPOINTS_MISSING);
        assertThat(report.violations().getFirst().detail()).contains("no longer in the file");
    }

    @Test
    void verify_aMissingOrEmptyCheckpointFile_fails() throws Exception {
        appendDecisions(3);
        store.close();
        java.nio.file.Files.write(dir.resolve("events.checkpoints"), new byte[0]);
        store = open(options(keys));

        assertThat(store.verify(1, Long.MAX_VALUE).firstViolation())
                .get()
                .extracting(Violation::kind)
                .isEqualTo(Violation.Kind.CHECKPOINTS_MISSING);

        store.close();
        java.nio.file.Files.delete(dir.resolve("events.checkpoints"));
        store = open(options(keys));
        assertThat(store.verify(1, Long.MAX_VALUE).firstViolation())
                .get()
                .satisfies(v -> assertThat(v.detail()).contains("missing or empty", "holds 3 events"));
    }

    @Test
    void verify_aRange_checksOnlyThatRange_andLinksToTheEventBefore() {
        appendDecisions(10);
        sql(replaceInPayload(2));

        assertThat(store.verify(4, 8).violations()).isEmpty();
        assertThat(store.verify(4, 8).eventsChecked()).isEqualTo(5);
        assertThat(store.verify(1, 3).ok()).isFalse();
    }

    @Test
    void verify_eventsOfAnotherKey_areUnknownKey() {
        appendDecisions(3);
        store.close();
        Keyring other = Keyring.loadOrCreate(dir.resolve("other.keys"), Clock.systemUTC());
        store = open(options(other));

        assertThat(store.verify(1, Long.MAX_VALUE).firstViolation())
                .get()
                .extracting(Violation::kind)
                .isEqualTo(Violation.Kind.UNKNOWN_KEY);
    }

    @Test
    void rotation_signsNewEventsWithTheNewKey_andOldEventsStillVerify() {
        appendDecisions(3);
        store.close();
        keys = Keyring.rotate(dir.resolve("events.keys"), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)));
        store = open(options(keys));
        Event after = store.append(decision("a", 4));

        assertThat(after.keyId()).isEqualTo(keys.active().id());
        assertThat(store.read(1, 1).getFirst().keyId()).isNotEqualTo(after.keyId());
        assertThat(store.verify(1, Long.MAX_VALUE).violations()).isEmpty();
    }

    @Test
    void restore_ofExportedEvents_keepsThemExactly_andRejectsAnyThatDoNotContinueTheChain() {
        List<Event> original = appendDecisions(6);
        emptyStore();
        store.close();
        store = open(new StoreOptions(keys, dir.resolve("restored.checkpoints"), Duration.ZERO, Clock.systemUTC()));

        assertThat(store.restore(original.subList(0, 3))).isEqualTo(original.subList(0, 3));
        assertThatThrownBy(() -> store.restore(original.subList(4, 6)))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("has seq 5; the store continues at seq 4");
        assertThat(store.restore(original.subList(3, 6))).isEqualTo(original.subList(3, 6));
        assertThat(store.read(1, 10)).isEqualTo(original);
        assertThat(store.verify(1, Long.MAX_VALUE).violations()).isEmpty();
    }

    @Test
    void eventTimes_comeFromTheClock_inUtcMicroseconds() {
        Instant fixed = Instant.parse("2026-11-23T09:00:00.123456789Z");
        store.close();
        store = open(new StoreOptions(
                keys, dir.resolve("events.checkpoints"), Duration.ZERO, Clock.fixed(fixed, ZoneOffset.UTC)));

        Event e = store.append(decision("a", 1));
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-23T09:00:00.123456Z"));
        assertThat(store.read(1, 1).getFirst()).isEqualTo(e);
        assertThat(store.head()).isEqualTo(new Head(1, e.hash()));
    }

    static List<Event> take(BlockingQueue<Event> queue, int count) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Event e = queue.poll(30, TimeUnit.SECONDS);
            assertThat(e).as("event %d of %d within 30 s", i + 1, count).isNotNull();
            out.add(e);
        }
        return out;
    }
}
