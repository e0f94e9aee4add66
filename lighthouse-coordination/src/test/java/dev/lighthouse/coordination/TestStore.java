package dev.lighthouse.coordination;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A real SQLite event store in a test's directory, reopened on the same files to stand for a restart. */
public final class TestStore implements AutoCloseable {
    private final Path dir;
    private final Keyring keys;
    private EventStore store;

    public TestStore(Path dir) {
        this.dir = dir;
        this.keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        this.store = open();
    }

    private EventStore open() {
        return EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
    }

    public EventStore store() {
        return store;
    }

    /** Closes the store and opens it again from its files. */
    public EventStore restart() {
        store.close();
        store = open();
        return store;
    }

    /** Every event stored so far. */
    public List<Event> events() {
        return store.read(1, 10_000);
    }

    @Override
    public void close() {
        store.close();
    }
}
