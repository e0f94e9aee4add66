package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresEventStoreTest extends EventStoreContract {
    @RegisterExtension
    static final PostgresDatabase database = new PostgresDatabase();

    @Override
    EventStore open(StoreOptions options) {
        return EventStores.open(database.url(), dir, options);
    }

    @Override
    void sql(String statement) {
        try (Connection c = DriverManager.getConnection(database.url());
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    @Override
    String replaceInPayload(long seq) {
        return "UPDATE events SET payload = replace(payload::text, 'a', 'b')::json WHERE seq = " + seq;
    }

    @Override
    long count(String query) {
        try (Connection c = DriverManager.getConnection(database.url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    @Override
    void toSchemaBeforeAnswers() {
        sql("ALTER TABLE events DROP COLUMN answer"); // its indexes go with it
        sql("DROP FUNCTION lighthouse_lock_chain"); // and what came after it
        sql("DELETE FROM lighthouse_events_schema_history WHERE version IN ('5', '6')");
    }

    @Test
    void checkpointMarks_arePerReplicaFile_soOneReplicasCutFileFails_whileTheOthersVerifies() {
        java.nio.file.Path otherFile = dir.resolve("replica-b.checkpoints");
        StoreOptions other = new StoreOptions(keys, otherFile, java.time.Duration.ZERO, java.time.Clock.systemUTC());
        try (EventStore second = EventStores.open(database.url(), dir, other)) {
            appendDecisions(3); // the first replica's file: 1, 2, 3
            second.append(decision("b", 4)); // the second's: 4, 5
            second.append(decision("b", 5));
            store.append(decision("a", 6)); // the first's: 6
        }
        editCheckpoints(otherFile, line -> line.startsWith("{\"seq\":4,"));

        assertThat(store.verify(1, Long.MAX_VALUE).ok()).isTrue();
        try (EventStore second = EventStores.open(database.url(), dir, other)) {
            assertThat(second.verify(1, Long.MAX_VALUE).violations())
                    .extracting(dev.lighthouse.events.Violation::detail)
                    .anySatisfy(d -> assertThat(d).contains("ends at seq 4", "checkpoint of seq 5"));
            assertThat(second.lastCheckpoint()).isEqualTo(5);
        }
    }

    @Test
    void twoReplicasAppendingAtOnce_formOneGaplessChain_andEachSeesTheOthersEvents() throws Exception {
        BlockingQueue<Event> seenByFirst = new LinkedBlockingQueue<>();
        // the second replica names the database as users write it in store.url
        String url = database.url()
                .replace("jdbc:postgresql://", "postgres://postgres@")
                .replace("?user=postgres", "");
        try (EventStore second = EventStores.open(url, dir, options(keys));
                var sub = store.subscribe(1, seenByFirst::add);
                ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                EventStore replica = t % 2 == 0 ? store : second;
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        replica.append(decision("r" + thread, i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(take(seenByFirst, 320)).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
            assertThat(second.verify(1, Long.MAX_VALUE).violations()).isEmpty();
        }
        assertThat(store.head().seq()).isEqualTo(320);
        assertThat(store.verify(1, Long.MAX_VALUE).violations()).isEmpty();
    }

    @Test
    void follow_deliversOnlyTheOtherReplicasEvents_inSeqOrder() throws Exception {
        BlockingQueue<Event> followedByFirst = new LinkedBlockingQueue<>();
        try (EventStore second = EventStores.open(database.url(), dir, options(keys));
                var sub = store.follow(store.head().seq() + 1, followedByFirst::add)) {
            for (int i = 0; i < 10; i++) {
                (i % 2 == 0 ? store : second).append(decision(i % 2 == 0 ? "mine" : "theirs", i));
            }
            assertThat(take(followedByFirst, 5))
                    .allSatisfy(e -> assertThat(e.agent()).contains("theirs"))
                    .extracting(Event::seq)
                    .containsExactly(2L, 4L, 6L, 8L, 10L);
            store.append(decision("mine", 11));
            second.append(decision("theirs", 12));
            assertThat(take(followedByFirst, 1)).extracting(Event::seq).containsExactly(12L);
            assertThat(followedByFirst).isEmpty();
        }
    }

    @Test
    void follow_afterTheListeningConnectionIsCut_reconnectsAndCatchesUp() throws Exception {
        BlockingQueue<Event> followed = new LinkedBlockingQueue<>();
        try (EventStore second = EventStores.open(database.url(), dir, options(keys));
                var sub = store.follow(1, followed::add)) {
            second.append(decision("theirs", 1));
            assertThat(take(followed, 1)).extracting(Event::seq).containsExactly(1L);
            // every connection but this one, the listener's among them, as a restarted database would cut them
            sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
            for (int i = 2; i <= 4; i++) {
                appendRetrying(second, decision("theirs", i));
            }
            assertThat(take(followed, 3)).extracting(Event::seq).containsExactly(2L, 3L, 4L);
        }
    }

    @Test
    void append_thatWaitedForTheChainLock_continuesTheHeadItsHolderCommitted() throws Exception {
        try (Connection holder = DriverManager.getConnection(database.url());
                ExecutorService pool = Executors.newSingleThreadExecutor()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + PostgresBackend.CHAIN_LOCK + ")");
            }
            Future<List<Event>> appended = pool.submit(() -> store.append(List.of(decision("waiting", 1))));
            awaitAWriterWaitingForTheChainLock(appended);
            // what another replica's transaction would have stored while this one waited (its MAC is not checked here)
            try (Statement s = holder.createStatement()) {
                s.execute("INSERT INTO events (seq, id, time, type, stream, payload, key_id, prev_hash, hash) VALUES"
                        + " (1, gen_random_uuid(), now(), 'decision.made', 'session/other', '{}', 'k0',"
                        + " '\\x00', '\\x" + "ab".repeat(32) + "')");
            }
            holder.commit();

            Event continued = appended.get(60, TimeUnit.SECONDS).getFirst();
            assertThat(continued.seq()).isEqualTo(2);
            assertThat(continued.prevHash().bytes()).containsOnly((byte) 0xab).hasSize(32);
        }
    }

    /**
     * Until the append's request for the chain's advisory lock is queued behind the holder's. PostgreSQL announces
     * no lock wait, so {@code pg_locks} is asked again; an append that ended instead of waiting fails the test at once,
     * and a minute without the wait fails it too, rather than hanging the build.
     */
    private void awaitAWriterWaitingForTheChainLock(Future<?> append) throws Exception {
        String waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND ((classid::bigint << 32) | objid::bigint) = " + PostgresBackend.CHAIN_LOCK;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (count(waiting) == 0) {
            if (append.isDone()) {
                append.get(); // rethrows what ended it
                throw new AssertionError("the append finished without waiting for the chain lock its holder keeps");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no append was waiting for the chain lock after a minute");
            }
            Thread.sleep(10);
        }
    }

    /** The pool may hand out a connection the database cut: the append fails, unacknowledged, and is retried. */
    private static void appendRetrying(EventStore store, dev.lighthouse.events.NewEvent event) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.append(event);
                return;
            } catch (dev.lighthouse.events.EventStoreException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
