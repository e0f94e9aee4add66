package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How often a tail reads the store: what each commit costs the database in the tails that follow the chain. */
class TailsTest {
    private final List<Event> stored = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger emptyReads = new AtomicInteger();
    private final BlockingQueue<Event> delivered = new LinkedBlockingQueue<>();
    private final Tails tails = new Tails(0, (from, limit) -> {
        reads.incrementAndGet();
        List<Event> page =
                stored.stream().filter(e -> e.seq() >= from).limit(limit).toList();
        if (page.isEmpty()) {
            emptyReads.incrementAndGet();
        }
        return page;
    });

    @Test
    void aTail_readsTheStoreOncePerCommit_notAgainToFindItCaughtUp() throws InterruptedException {
        try (Subscription ignored = tails.subscribe(1, delivered::add, false)) {
            for (long seq = 1; seq <= 5; seq++) {
                commitHere(seq);
                assertThat(next().seq()).isEqualTo(seq);
            }
            // One read per commit, and the first read at subscribing, which finds the first commit or nothing. A
            // tail that read again after each short page to learn it was caught up reads nothing, four times more.
            assertThat(reads.get()).isBetween(5, 6);
            assertThat(emptyReads.get()).isLessThanOrEqualTo(1);
        } finally {
            tails.close();
        }
    }

    @Test
    void aTailTakingOwnEventsFromMemory_readsTheStoreOnlyForOtherProcessesEvents() throws InterruptedException {
        try (Subscription ignored = tails.subscribe(1, delivered::add, true)) {
            commitHere(1);
            commitHere(2);
            assertThat(next().seq()).isEqualTo(1);
            assertThat(next().seq()).isEqualTo(2);
            int first = reads.get();
            assertThat(first).as("at most the read at subscribing").isLessThanOrEqualTo(1);

            stored.add(event(3)); // another replica commits seq 3, and its notification reports the head
            tails.advanced(3);
            assertThat(next().seq()).isEqualTo(3);
            assertThat(reads.get()).isEqualTo(first + 1);

            commitHere(4);
            assertThat(next()).isSameAs(stored.get(3));
            assertThat(reads.get()).as("this process's commit is not read back").isEqualTo(first + 1);
        } finally {
            tails.close();
        }
    }

    @Test
    void aTail_startingBehindTheHeadThisProcessKnows_readsWhatOthersStored() throws InterruptedException {
        stored.add(event(1)); // committed by another process before this one listened
        stored.add(event(2));
        try (Subscription ignored = tails.subscribe(1, delivered::add, true)) {
            assertThat(next().seq()).isEqualTo(1);
            assertThat(next().seq()).isEqualTo(2);
        } finally {
            tails.close();
        }
    }

    /** This process commits seq: the database has it, then the store hands it to the tails. */
    private void commitHere(long seq) {
        Event e = event(seq);
        stored.add(e);
        tails.committed(List.of(e));
    }

    private Event next() throws InterruptedException {
        Event e = delivered.poll(30, TimeUnit.SECONDS);
        assertThat(e).as("an event delivered").isNotNull();
        return e;
    }

    private static Event event(long seq) {
        return new Event(
                seq,
                UUID.randomUUID(),
                Instant.parse("2026-12-07T12:00:00Z"),
                new EventType("test.event"),
                "s",
                Optional.empty(),
                "{}",
                "k1",
                Hash.ZERO,
                Hash.ZERO);
    }
}
