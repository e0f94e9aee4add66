package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Subscription;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.Violation;
import dev.lighthouse.events.integrity.Signer;
import dev.lighthouse.events.integrity.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

class SqliteEventStoreTest extends EventStoreContract {
    Path db() {
        return dir.resolve("events.db");
    }

    @Override
    EventStore open(StoreOptions options) {
        return EventStores.sqlite(db(), options);
    }

    @Override
    void sql(String statement) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    @Override
    long count(String query) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    @Override
    void toSchemaBeforeAnswers() {
        try {
            SqliteIndex.build(db()); // indexed up to the head, before the names existed
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        sql("ALTER TABLE events DROP COLUMN answer");
        sql("DELETE FROM lighthouse_events_schema_history WHERE version = '4'");
        try {
            indexSql("DROP TABLE decisions"); // the index file as that version wrote it
            assertThat(indexQuery("SELECT seq FROM progress")).isPositive();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSecondWriterOnTheSameFile_continuesTheChain_andWakesSubscribersOfTheFirst() throws Exception {
        BlockingQueue<Event> seenByFirst = new LinkedBlockingQueue<>();
        try (EventStore second = open(options(keys));
                Subscription sub = store.subscribe(1, seenByFirst::add)) {
            store.append(decision("first", 1));
            second.append(decision("second", 2));
            store.append(decision("first", 3));
            second.append(decision("second", 4));

            assertThat(take(seenByFirst, 4)).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
        }
        assertThat(store.verify(1, Long.MAX_VALUE).violations()).isEmpty();
    }

    @Test
    void query_throughTheIndexAndPastIt_findsWhatAScanFinds_andThePlanSearchesTheIndex() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        List<Event> all = new ArrayList<>(appendDecisions(40));
        all.add(store.append(new NewEvent(EventType.POLICY_ACTIVATED, "policy", Optional.empty(), "{\"version\":2}")));
        indexNow();
        all.addAll(appendDecisions(7)); // not indexed yet: found by scanning past the index

        List<EventQuery> queries = List.of(
                EventQuery.all().stream("session/agent-1"),
                EventQuery.all().agent("agent-2").limit(5),
                EventQuery.all().agent("agent-2").limit(5).after(new Cursor(38)),
                EventQuery.all().type(EventType.POLICY_ACTIVATED),
                EventQuery.all()
                        .type(EventType.DECISION_MADE)
                        .agent("agent-0")
                        .limit(3)
                        .after(new Cursor(10)),
                EventQuery.all().since(start).limit(EventQuery.MAX_LIMIT),
                EventQuery.all().until(start),
                EventQuery.all()
                        .type(EventType.DECISION_MADE)
                        .since(start)
                        .until(start.plusSeconds(3600))
                        .limit(7)
                        .after(new Cursor(3)),
                EventQuery.all().stream("session/nobody"));
        for (EventQuery q : queries) {
            List<Event> expected = all.stream()
                    .filter(e -> e.seq() > q.after().afterSeq())
                    .filter(e -> q.type().map(e.type()::equals).orElse(true))
                    .filter(e -> q.stream().map(e.stream()::equals).orElse(true))
                    .filter(e ->
                            q.agent().map(a -> e.agent().equals(Optional.of(a))).orElse(true))
                    .filter(e -> q.since().map(t -> !e.time().isBefore(t)).orElse(true))
                    .filter(e -> q.until().map(e.time()::isBefore).orElse(true))
                    .limit(q.limit())
                    .toList();
            assertThat(store.query(q).events()).as(q.toString()).isEqualTo(expected);
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement()) {
            s.execute("ATTACH DATABASE '" + dir.resolve("events-index.db") + "' AS ix");
            for (EventQuery q : List.of(
                    EventQuery.all().stream("session/agent-1"),
                    EventQuery.all().agent("agent-1"),
                    EventQuery.all().type(EventType.DECISION_MADE),
                    EventQuery.all().since(start),
                    EventQuery.all().type(EventType.DECISION_MADE).since(start).until(start.plusSeconds(3600)))) {
                List<Object> args = new ArrayList<>();
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement ps =
                        c.prepareStatement("EXPLAIN QUERY PLAN " + SqliteIndex.indexedSql(q, 41, args))) {
                    for (int i = 0; i < args.size(); i++) {
                        ps.setObject(i + 1, args.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            plan.append(rs.getString("detail")).append('\n');
                        }
                    }
                }
                assertThat(plan.toString())
                        .as(q.toString())
                        .containsPattern(
                                q.since().isPresent() && q.until().isPresent()
                                        ? "SEARCH x USING PRIMARY KEY \\(time>\\? AND time<\\?\\)"
                                        : "SEARCH x USING PRIMARY KEY \\((stream|agent|type|time)[=>]")
                        .contains("SEARCH e USING INTEGER PRIMARY KEY (rowid=?)");
            }
        }
    }

    @Test
    void decisionNames_ofAWindow_areARangeOfTheIndexOnTimeThatHoldsThem_andNoEventRowIsRead() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        List<Event> all = appendNamedDecisions();
        indexNow();
        all.add(store.append(decision("agent-1", 1))); // past the index: read from the events' own columns
        EventQuery hour = EventQuery.all().since(start).until(start.plusSeconds(3600));
        assertThat(store.decisionNames(hour).names()).isEqualTo(expectedNames(all, hour));

        Map<EventQuery, String> plans = Map.of(
                hour,
                "SEARCH d USING COVERING INDEX decisions_by_time (time>? AND time<?)",
                hour.agent("agent-1"),
                "SEARCH d USING COVERING INDEX decisions_by_time (time>? AND time<?)",
                EventQuery.all(),
                "SEARCH d USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
                EventQuery.all().agent("agent-1"),
                "SEARCH x USING PRIMARY KEY (agent=? AND seq>? AND seq<?)",
                EventQuery.all().stream("session/s1"),
                "SEARCH x USING PRIMARY KEY (stream=? AND seq>? AND seq<?)");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement()) {
            s.execute("ATTACH DATABASE '" + dir.resolve("events-index.db") + "' AS ix");
            for (var q : plans.entrySet()) {
                List<Object> args = new ArrayList<>();
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement ps = c.prepareStatement(
                        "EXPLAIN QUERY PLAN " + SqliteIndex.indexedNamesSql(q.getKey(), 30, args, true))) {
                    for (int i = 0; i < args.size(); i++) {
                        ps.setObject(i + 1, args.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            plan.append(rs.getString("detail")).append('\n');
                        }
                    }
                }
                assertThat(plan.toString())
                        .as(q.getKey().toString())
                        .contains(q.getValue())
                        .doesNotContain("events");
            }
        }
    }

    @Test
    void decisionNames_ofAWindow_comeInSeqOrder_thoughTheIndexOnTimeHoldsABatchByAgent() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        // one batch shares one time, so the index on time holds it by agent: zeta's first, alpha's last
        List<Event> all = new ArrayList<>(store.append(List.of(
                decision("alpha", 1),
                decision("mid", 2),
                decision("zeta", 3),
                decision("alpha", 4),
                decision("mid", 5))));
        indexNow();
        EventQuery window = EventQuery.all().since(start).until(start.plusSeconds(3600));

        // the whole window in one page: read unsorted, sorted here
        assertThat(store.decisionNames(window).names()).isEqualTo(expectedNames(all, window));
        // exactly a page is the last page; one fewer has a cursor to the rest
        assertThat(store.decisionNames(window.limit(5)).next()).isEmpty();
        var four = store.decisionNames(window.limit(4));
        assertThat(four.names()).isEqualTo(expectedNames(all, window.limit(4)));
        assertThat(four.next()).contains(new Cursor(four.names().getLast().seq()));
        // more than a page: read sorted by SQLite, the first page by seq, then the rest after its cursor
        var first = store.decisionNames(window.limit(2));
        assertThat(first.names()).isEqualTo(expectedNames(all, window.limit(2)));
        assertThat(store.decisionNames(window.limit(4).after(first.next().orElseThrow()))
                        .names())
                .isEqualTo(expectedNames(all, window.limit(4).after(first.next().orElseThrow())));
        assertThat(expectedNames(all, window))
                .extracting(n -> n.agent().orElseThrow())
                .containsExactly("alpha", "mid", "zeta", "alpha", "mid");
    }

    @Test
    void indexOfAVersionWithoutNames_isFilledAgain_andADecisionWithoutAnAnswerIsNamedFromItsPayload() throws Exception {
        List<Event> all = appendNamedDecisions();
        indexNow();
        store.close();
        sql("UPDATE events SET answer = NULL WHERE seq = 4");
        indexSql("DROP TABLE decisions");
        store = open(options(keys));
        indexNow();

        assertThat(indexQuery("SELECT count(*) FROM decisions"))
                .isEqualTo(all.stream()
                        .filter(e -> e.type().equals(EventType.DECISION_MADE))
                        .count());
        assertThat(indexQuery("SELECT count(*) FROM decisions WHERE answer IS NULL"))
                .isOne();
        EventQuery q = EventQuery.all().limit(EventQuery.MAX_LIMIT);
        assertThat(store.decisionNames(q).names()).isEqualTo(expectedNames(all, q));
    }

    @Test
    void replacedEventsDatabase_isIndexedAfresh_withoutEntriesOfTheOldOne() throws Exception {
        appendDecisions(6);
        indexNow();
        store.close();
        for (String name : List.of("events.db", "events.db-wal", "events.db-shm")) {
            Files.deleteIfExists(dir.resolve(name));
        }
        store = open(options(keys));
        store.append(decision("agent-9", 1));
        indexNow();

        assertThat(store.query(EventQuery.all().agent("agent-1")).events()).isEmpty();
        assertThat(store.query(EventQuery.all().agent("agent-9")).events())
                .extracting(Event::seq)
                .containsExactly(1L);
    }

    @Test
    void storeCreatedBeforeFlyway_isBaselinedAtItsVersion_verifies_andTakesMoreEvents() throws Exception {
        store.close();
        for (String name : List.of("events.db", "events.db-wal", "events.db-shm")) {
            Files.deleteIfExists(dir.resolve(name));
        }
        String fixture;
        try (var in = getClass().getResourceAsStream("/db/sqlite-before-flyway.sql")) {
            fixture = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String statement : fixture.replaceAll("(?m)--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                sql(statement);
            }
        }
        store = open(options(keys));
        appendDecisions(4);
        store.close();
        sql("DROP TABLE lighthouse_events_schema_history"); // the file as the code before Flyway left it
        sql("ALTER TABLE events DROP COLUMN answer");

        store = open(options(keys));

        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
        store.append(decision("agent-9", 5));
        assertThat(store.head().seq()).isEqualTo(5);
        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT group_concat(version, ' ') FROM"
                        + " (SELECT version FROM lighthouse_events_schema_history ORDER BY installed_rank)")) {
            assertThat(rs.getString(1)).isEqualTo("2 3 4");
        }
    }

    @Test
    void storeOfSchemaVersion1_losesItsTableIndexes_andIsQueriedThroughTheIndexFile() throws Exception {
        appendDecisions(5);
        store.close();
        sql("DROP TABLE lighthouse_events_schema_history"); // as before Flyway kept the history
        sql("ALTER TABLE events DROP COLUMN answer");
        sql("CREATE INDEX events_stream ON events(stream, seq)");
        sql("PRAGMA user_version = 1");
        store = open(options(keys));

        assertThat(store.query(EventQuery.all().stream("session/agent-2")).events())
                .extracting(Event::seq)
                .containsExactly(2L, 5L);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master"
                        + " WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL")) {
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void dataDirectoryWithCharactersAUriEscapes_isIndexedAndQueried() throws Exception {
        Path odd = Files.createDirectories(dir.resolve("my data #1 ?x=100%"));
        Path file = odd.resolve("events.db");
        try (EventStore s = EventStores.sqlite(file, options(keys))) {
            s.append(decision("agent-1", 1));
            s.append(decision("agent-2", 2));
            SqliteIndex.build(file);
            s.append(decision("agent-1", 3));

            assertThat(s.query(EventQuery.all().agent("agent-1")).events())
                    .extracting(Event::seq)
                    .containsExactly(1L, 3L);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + odd.resolve("events-index.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq FROM progress")) {
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(2); // 3 if the builder thread got there first
        }
    }

    @Test
    void indexWrittenWithoutSyncsInAnEarlierBoot_isDeletedAndBuiltAgain_whileOneOfThisBootIsKept() throws Exception {
        appendDecisions(6);
        indexNow();
        store.close();
        indexSql("INSERT INTO by_agent (agent, seq) VALUES ('planted', 3)");
        store = open(options(keys));
        assertThat(indexQuery("SELECT count(*) FROM by_agent WHERE agent = 'planted'"))
                .as("same boot: the file is trusted as it is")
                .isEqualTo(1);
        store.close();

        indexSql("UPDATE boot SET id = 'a-boot-before-a-power-cut'");
        store = open(options(keys));
        assertThat(indexQuery("SELECT count(*) FROM by_agent WHERE agent = 'planted'"))
                .as("another boot: the file may be torn, so it was deleted")
                .isZero();
        assertThat(indexQuery("SELECT count(*) FROM boot WHERE id = 'a-boot-before-a-power-cut'"))
                .isZero();
        indexNow();
        assertThat(indexQuery("SELECT seq FROM progress")).isEqualTo(6);
        assertThat(store.query(EventQuery.all().agent("agent-1")).events())
                .extracting(Event::seq)
                .containsExactly(1L, 4L);
    }

    @Test
    void verify_anIndexRowThatNamesADecisionOtherwise_orNoneWhereTheIndexCoversIt_isANameMismatch() throws Exception {
        appendNamedDecisions();
        indexNow();
        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
        // what the listings read: the answer and agent of seq 3 (a deny of agent-1), seq 5's row, seq 2 a decision
        indexSql("UPDATE decisions SET answer = 'allow', agent = 'agent-2' WHERE seq = 3");
        indexSql("DELETE FROM decisions WHERE seq = 5");
        indexSql("INSERT INTO decisions (seq, time, agent, answer) SELECT 2, time, agent, 'allow' FROM decisions"
                + " WHERE seq = 1");

        VerifyReport report = store.verify(1, Long.MAX_VALUE);

        assertThat(report.violations())
                .extracting(Violation::kind, Violation::seq)
                .containsExactly(
                        tuple(Violation.Kind.NAME_MISMATCH, 2L),
                        tuple(Violation.Kind.NAME_MISMATCH, 3L),
                        tuple(Violation.Kind.NAME_MISMATCH, 5L));
        assertThat(report.violations())
                .extracting(Violation::detail)
                .containsExactly(
                        "the index file lists this review.requested event as a decision",
                        "the index file's decisions gives its agent as \"agent-2\"; the event's is \"agent-1\";"
                                + " the index file's decisions gives its answer as \"allow\"; the signed payload's is"
                                + " \"deny\"",
                        "the index file covers this seq but has no row for the decision: listings leave it out");
    }

    private void indexSql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events-index.db"));
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private long indexQuery(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events-index.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            return rs.getLong(1);
        }
    }

    @Test
    void signedBytesEncodedBySqlite_areExactlyWhatTheSignerEncodes_orNullForAFieldNotAsStored() throws Exception {
        List<Event> events = new ArrayList<>(appendDecisions(3));
        events.add(store.append(new NewEvent(EventType.POLICY_ACTIVATED, "policy", Optional.empty(), "{\"v\":1}")));
        events.add(store.append(new NewEvent(
                EventType.DECISION_MADE,
                "session/café-☕",
                Optional.of("agent-ü"),
                "{\"command\":\"echo 🚀 naïve\",\"nul\":\"\\u0000\"}")));
        // read back as one value with lengths: colons, digits and a NUL inside the fields must not shift them
        events.add(store.append(new NewEvent(EventType.DECISION_MADE, "12:34\u0000:5", Optional.of("7:"), "{}")));
        sql("UPDATE events SET time = substr(time, 1, 19) || 'Z' WHERE seq = 2"); // its microseconds dropped
        // one character moved from the id to the time: read together, the fixed-width columns keep their length
        sql("UPDATE events SET id = substr(id, 1, 35), time = substr(time, 1, 26) || '0Z' WHERE seq = 3");
        sql("UPDATE events SET hash = upper(hash) WHERE seq = 4"); // the same hash, not as the store writes it

        try (SqliteBackend backend = new SqliteBackend(db())) {
            List<Verifier.SignedRow> rows = backend.readSigned(1, 100);
            assertThat(rows).hasSize(events.size());
            for (int i = 0; i < rows.size(); i++) {
                Verifier.SignedRow row = rows.get(i);
                if (row.seq() >= 2 && row.seq() <= 4) {
                    assertThat(row.signed())
                            .as("seq %d: a column not in the stored form", row.seq())
                            .isNull();
                } else {
                    assertThat(row.signed()).as("seq " + row.seq()).isEqualTo(Signer.signedBytes(events.get(i)));
                    assertThat(row.hash()).isEqualTo(events.get(i).hash());
                    assertThat(row.prevHash()).isEqualTo(events.get(i).prevHash());
                }
            }
        }
        assertThat(store.verify(1, Long.MAX_VALUE).violations())
                .extracting(v -> v.seq() + " " + v.kind())
                // checked through their events, whose time and id now read differently; seq 4 reads as before
                .containsExactly("2 HMAC_MISMATCH", "3 HMAC_MISMATCH");
    }

    @Test
    void steadyAppends_startTheLogOver_insteadOfGrowingIt() throws Exception {
        String payload = "{\"filler\":\"" + "x".repeat(1_000) + "\"}";
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < EventStore.MAX_BATCH; i++) {
            batch.add(new NewEvent(EventType.DECISION_MADE, "session/s", Optional.of("agent-1"), payload));
        }
        int batches = 48; // about 50 MB: three times the restart size, below the backstop checkpoint's
        for (int i = 0; i < batches; i++) {
            store.append(batch);
        }

        long logBytes = Files.size(dir.resolve("events.db-wal"));
        assertThat(logBytes)
                .as("the log, after %d MB of events", batches * batch.size() * payload.length() / 1_000_000)
                .isLessThan(2L * SqliteBackend.RESTART_PAGES * 4096);
        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
    }

    @Test
    void batchCopiedInSeveralReads_isIndexedWhole_evenAcrossAGapInTheSeqs() throws Exception {
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < EventStore.MAX_BATCH; i++) {
            batch.add(new NewEvent(EventType.DECISION_MADE, "session/s" + (i % 7), Optional.of("a" + (i % 5)), "{}"));
        }
        int events = 0;
        while (events < SqliteIndex.BATCH + 1_000) {
            events += store.append(batch).size();
        }
        store.close();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(dir.resolve("events-index.db" + suffix));
        }
        sql("DELETE FROM events WHERE seq = 50"); // tampering: verify names it; the index must still be built

        indexNow();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events-index.db"));
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT seq FROM progress")) {
                assertThat(rs.getLong(1)).isEqualTo(events);
            }
            for (String table : List.of("by_type", "by_stream", "by_agent", "by_time")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT seq) FROM " + table)) {
                    assertThat(rs.getLong(1)).as(table).isEqualTo(events - 1);
                    assertThat(rs.getLong(2)).as(table).isEqualTo(events - 1);
                }
            }
        }
    }

    /** Indexes every stored event now, as the store's builder thread would within a moment. */
    private void indexNow() throws SQLException {
        SqliteIndex.build(db());
    }

    /** SQLite also remembers the last checkpoint it wrote, which a restore into a new store starts without. */
    @Override
    void emptyStore() {
        super.emptyStore();
        sql("DELETE FROM checkpoint_mark");
    }

    @Override
    String replaceInPayload(long seq) {
        return "UPDATE events SET payload = replace(payload, 'a', 'b') WHERE seq = " + seq;
    }

    @Test
    void verify_aCheckpointFileFromBeforeTheChain_stillVerifies_andNewLinesChainOntoIt() throws Exception {
        List<Event> events = appendDecisions(4);
        store.close();
        Path file = dir.resolve("events.checkpoints");
        dev.lighthouse.events.integrity.CheckpointFile old =
                dev.lighthouse.events.integrity.CheckpointFile.open(dir.resolve("old.checkpoints"));
        old.append(dev.lighthouse.events.integrity.LegacyCheckpoints.of(
                keys, 4, events.get(3).hash()));
        old.close();
        java.nio.file.Files.move(
                dir.resolve("old.checkpoints"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        store = open(options(keys));

        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
        appendDecisions(2);
        reopen();

        assertThat(java.nio.file.Files.readAllLines(file).getFirst()).doesNotContain("prev");
        assertThat(java.nio.file.Files.readAllLines(file).getLast()).contains("\"prev\"");
        assertThat(store.verify(1, Long.MAX_VALUE).violations()).isEmpty();
    }
}
