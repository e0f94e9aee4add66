package dev.lighthouse.bridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.TestClock;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused console logins against a real SQLite store: anyone can send a wrong token, so their records are bounded. */
class LoginsTest {
    private static final Logins.Origin STRANGER =
            new Logins.Origin("203.0.113.9", Optional.of("198.51.100.7"), Optional.of("curl/8.11"));

    @TempDir
    Path dir;

    EventStore store;
    final TestClock clock = new TestClock(Instant.now());

    @BeforeEach
    void open() {
        store = EventStores.sqlite(
                dir.resolve("events.db"),
                StoreOptions.of(
                        Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC()), dir.resolve("cp")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<Event> refusals() {
        return store.query(EventQuery.all().type(ConsoleEvent.LOGIN).limit(1000))
                .events();
    }

    @Test
    void refusals_beyondTenAMinute_areNotRecorded_butCountedIntoTheNextRecordedOne() {
        Logins logins = new Logins(store, clock);
        for (int i = 0; i < Logins.REFUSALS_PER_MINUTE + 5; i++) {
            logins.refused(STRANGER);
        }
        assertThat(refusals()).hasSize(Logins.REFUSALS_PER_MINUTE);
        assertThat(refusals())
                .allSatisfy(e ->
                        assertThat(e.payloadJson().path("unrecorded").asLong()).isZero());

        clock.advance(Duration.ofSeconds(7)); // over a tenth of a minute: one more may be recorded
        logins.refused(STRANGER);
        logins.refused(STRANGER);
        List<Event> recorded = refusals();
        assertThat(recorded).hasSize(Logins.REFUSALS_PER_MINUTE + 1);
        Event last = recorded.getLast();
        assertThat(last.payloadJson().path("unrecorded").asLong()).isEqualTo(5);
        assertThat(last.payloadJson().path("from").asString()).isEqualTo("203.0.113.9");
        assertThat(last.payloadJson().path("forwardedFor").asString()).isEqualTo("198.51.100.7");
        assertThat(last.stream()).isEqualTo(ConsoleEvent.Login.REFUSALS);

        Logins.Entry listed = logins.recent(100).entries().getFirst();
        assertThat(listed.seq()).isEqualTo(last.seq());
        assertThat(listed.action()).isEqualTo("refused: unknown or revoked token");
        assertThat(listed.unrecorded()).isEqualTo(5);
    }

    @Test
    void origin_cutsLongHeaders() {
        Logins.Origin o = new Logins.Origin("127.0.0.1", Optional.empty(), Optional.of("x".repeat(5_000)));
        assertThat(o.userAgent().orElseThrow()).hasSize(Logins.HEADER_CHARS + 1);
    }
}
