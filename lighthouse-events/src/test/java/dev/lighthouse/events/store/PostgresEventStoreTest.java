package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import java.sql.Connection;
import java.sql.DriverManager;
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
}
