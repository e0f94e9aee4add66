package dev.lighthouse.events.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Violation;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrityMonitorTest {
    @TempDir
    Path dir;

    static NewEvent event(int n) {
        return new NewEvent(
                EventType.DECISION_MADE, "s", Optional.of("a"), "{\"n\":%d,\"verdict\":\"allow\"}".formatted(n));
    }

    @Test
    void aTamperedStoredEvent_isReportedWithItsSeqAndKind() throws Exception {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("k"), Clock.systemUTC());
        Path db = dir.resolve("e.db");
        BlockingQueue<Violation> violations = new LinkedBlockingQueue<>();
        try (EventStore store = EventStores.sqlite(db, StoreOptions.of(keys, dir.resolve("c")))) {
            for (int i = 1; i <= 5; i++) {
                store.append(event(i));
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement s = c.createStatement()) {
                s.execute("UPDATE events SET payload = replace(payload, 'allow', 'deny') WHERE seq = 3");
            }
            try (IntegrityMonitor monitor = IntegrityMonitor.start(store, keys, 1, violations::add)) {
                Violation first = violations.poll(30, TimeUnit.SECONDS);

                assertThat(first).isNotNull();
                assertThat(first.kind()).isEqualTo(Violation.Kind.HMAC_MISMATCH);
                assertThat(first.seq()).isEqualTo(3);
                assertThat(monitor.isRunning()).isTrue();
            }
        }
    }

    @Test
    void aDeletedFirstRow_isReportedAsAGap_evenToASinkThatThrows() throws Exception {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("k"), Clock.systemUTC());
        Path db = dir.resolve("e.db");
        java.util.concurrent.CountDownLatch called = new java.util.concurrent.CountDownLatch(1);
        try (EventStore store = EventStores.sqlite(db, StoreOptions.of(keys, dir.resolve("c")))) {
            store.append(event(1));
            store.append(event(2));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement s = c.createStatement()) {
                s.execute("DELETE FROM events WHERE seq = 1");
            }
            java.util.concurrent.atomic.AtomicReference<Violation> seen =
                    new java.util.concurrent.atomic.AtomicReference<>();
            IntegrityMonitor monitor = IntegrityMonitor.start(store, keys, 1, v -> {
                seen.compareAndSet(null, v);
                called.countDown();
                throw new IllegalStateException("sink down");
            });
            assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.get().kind()).isEqualTo(Violation.Kind.SEQUENCE_GAP);
            assertThat(seen.get().seq()).isEqualTo(1);
            monitor.close();
            assertThat(monitor.isRunning()).isFalse();
        }
    }
}
