package dev.lighthouse.events.store;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, empty PostgreSQL database for each test, on the run's {@link PostgresServer}:
 * {@code @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();} then
 * {@code database.url()}.
 */
public final class PostgresDatabase implements BeforeEachCallback {
    private volatile String url;

    @Override
    public void beforeEach(ExtensionContext context) {
        url = PostgresServer.shared(context).newDatabase();
    }

    /** JDBC URL of this test's database. */
    public String url() {
        return url;
    }
}
