package dev.lighthouse.events.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeTravelTest {
    @TempDir
    Path dir;

    /** Which policy version is active and which reviews are pending: the two questions time travel answers. */
    record Board(int policyVersion, Set<String> pendingReviews) {}

    static final Projection<Board> BOARD = new Projection<>() {
        @Override
        public Board initial() {
            return new Board(0, Set.of());
        }

        @Override
        public Board apply(Board b, Event e) {
            var p = e.payloadJson();
            return switch (e.type().name()) {
                case "policy.activated" -> new Board(p.get("version").asInt(), b.pendingReviews());
                case "review.requested" ->
                    new Board(
                            b.policyVersion(),
                            with(b.pendingReviews(), p.get("review").asString(), true));
                case "review.verdict" ->
                    new Board(
                            b.policyVersion(),
                            with(b.pendingReviews(), p.get("review").asString(), false));
                default -> b;
            };
        }
    };

    static Set<String> with(Set<String> set, String item, boolean add) {
        Set<String> out = new TreeSet<>(set);
        if (add) {
            out.add(item);
        } else {
            out.remove(item);
        }
        return Set.copyOf(out);
    }

    /** A clock that moves one minute per event, so each event has its own minute. */
    static final class Minutes extends Clock {
        Instant now = Instant.parse("2026-11-23T14:00:00Z");

        @Override
        public Instant instant() {
            Instant t = now;
            now = now.plus(Duration.ofMinutes(1));
            return t;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static NewEvent event(EventType type, String json) {
        return new NewEvent(type, "board", Optional.empty(), json);
    }

    @Test
    void asOfASeqOrAnInstant_rebuildsTheStateThen() {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("k"), Clock.systemUTC());
        StoreOptions options = new StoreOptions(keys, dir.resolve("c"), Duration.ofDays(1), new Minutes());
        try (EventStore store = EventStores.sqlite(dir.resolve("e.db"), options)) {
            // one append per clock reading, so the times are 14:00, 14:01, ... (checkpoints read the clock too)
            store.append(event(EventType.POLICY_ACTIVATED, "{\"version\":1}"));
            store.append(event(EventType.REVIEW_REQUESTED, "{\"review\":\"r1\"}"));
            store.append(event(EventType.REVIEW_REQUESTED, "{\"review\":\"r2\"}"));
            Event verdict = store.append(event(EventType.REVIEW_VERDICT, "{\"review\":\"r1\"}"));
            store.append(event(EventType.POLICY_ACTIVATED, "{\"version\":2}"));

            assertThat(TimeTravel.asOf(store, BOARD, 3)).isEqualTo(new Snapshot<>(new Board(1, Set.of("r1", "r2")), 3));
            assertThat(TimeTravel.asOf(store, BOARD, verdict.time()).state()).isEqualTo(new Board(1, Set.of("r2")));
            assertThat(TimeTravel.asOf(store, BOARD, Long.MAX_VALUE))
                    .isEqualTo(new Snapshot<>(new Board(2, Set.of("r2")), 5));
            assertThat(TimeTravel.asOf(store, BOARD, Instant.parse("2026-11-23T13:00:00Z")))
                    .isEqualTo(new Snapshot<>(new Board(0, Set.of()), 0));
        }
    }
}
