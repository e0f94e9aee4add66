package dev.lighthouse.events.store;

import dev.lighthouse.events.EventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

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
    String replaceInPayload(long seq) {
        return "UPDATE events SET payload = replace(payload, 'a', 'b') WHERE seq = " + seq;
    }
}
