package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.Subscription;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

    @Override
    String replaceInPayload(long seq) {
        return "UPDATE events SET payload = replace(payload, 'a', 'b') WHERE seq = " + seq;
    }
}
