package dev.lighthouse.events.testing;

import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A real SQLite event store in a test's directory, with its keyring, and a way to wait for events that other threads
 * append (alert deliveries, SLA transitions, integrity reports).
 */
public final class SqliteStore implements AutoCloseable {
    public final Path file;
    public final Keyring keys;
    public final EventStore store;

    public SqliteStore(Path dir) {
        this.file = dir.resolve("events.db");
        this.keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        this.store = EventStores.sqlite(file, StoreOptions.of(keys, dir.resolve("events.checkpoints")));
    }

    /** Events of {@code type}, in seq order (first 10,000). */
    public List<Event> events(EventType type) {
        return store.query(new EventQuery(
                        Optional.of(type),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        new Cursor(0),
                        EventQuery.MAX_LIMIT))
                .events();
    }

    /**
     * Waits until at least {@code count} events of {@code type} exist and returns them; fails after 30 s (a safety
     * net for a broken build, not a performance assertion).
     */
    public List<Event> await(EventType type, int count) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            List<Event> found = events(type);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for %d %s events, found %d".formatted(count, type, found.size()));
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
