package dev.lighthouse.bridge;

import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.Head;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Page;
import dev.lighthouse.events.Subscription;
import dev.lighthouse.events.VerifyReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An event store in memory for bridge tests: the {@link EventStore} contract (seq order, durable-before-return,
 * subscriptions that replay then follow) without a database or a chain. {@link #failAppends} simulates an outage.
 */
final class MemoryEventStore implements EventStore {
    private final List<Event> events = new ArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();

    void failAppends(boolean fail) {
        failing.set(fail);
    }

    synchronized List<Event> all() {
        return List.copyOf(events);
    }

    @Override
    public synchronized List<Event> append(List<NewEvent> batch) {
        if (failing.get()) {
            throw new EventStoreException("simulated outage");
        }
        List<Event> stored = new ArrayList<>();
        for (NewEvent e : batch) {
            Event event = new Event(
                    events.size() + 1,
                    UUID.randomUUID(),
                    Instant.now(),
                    e.type(),
                    e.stream(),
                    e.agent(),
                    e.payload(),
                    "test",
                    Hash.ZERO,
                    Hash.ZERO);
            events.add(event);
            stored.add(event);
        }
        notifyAll();
        return stored;
    }

    @Override
    public synchronized List<Event> read(long fromSeq, int limit) {
        int from = (int) Math.max(0, fromSeq - 1);
        return List.copyOf(events.subList(Math.min(from, events.size()), Math.min(events.size(), from + limit)));
    }

    @Override
    public synchronized Page query(EventQuery q) {
        List<Event> page = new ArrayList<>();
        for (Event e : events) {
            if (e.seq() <= q.after().afterSeq()
                    || q.type().filter(t -> !t.equals(e.type())).isPresent()
                    || q.stream().filter(s -> !s.equals(e.stream())).isPresent()
                    || q.agent().filter(a -> !Optional.of(a).equals(e.agent())).isPresent()
                    || q.since().filter(s -> e.time().isBefore(s)).isPresent()
                    || q.until().filter(u -> !e.time().isBefore(u)).isPresent()) {
                continue;
            }
            page.add(e);
            if (page.size() == q.limit()) {
                return new Page(page, Optional.of(new Cursor(e.seq())));
            }
        }
        return new Page(page, Optional.empty());
    }

    @Override
    public Subscription subscribe(long fromSeq, Consumer<? super Event> listener) {
        AtomicLong next = new AtomicLong(Math.max(1, fromSeq));
        AtomicBoolean open = new AtomicBoolean(true);
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                while (open.get()) {
                    Event e;
                    synchronized (this) {
                        while (open.get() && events.size() < next.get()) {
                            wait(100);
                        }
                        if (!open.get()) {
                            return;
                        }
                        e = events.get((int) next.get() - 1);
                    }
                    listener.accept(e);
                    next.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // a listener that throws ends the subscription
            } finally {
                open.set(false);
            }
        });
        return new Subscription() {
            @Override
            public long position() {
                return next.get();
            }

            @Override
            public boolean isOpen() {
                return open.get();
            }

            @Override
            public void close() {
                open.set(false);
                thread.interrupt();
            }
        };
    }

    @Override
    public synchronized Head head() {
        return events.isEmpty() ? Head.EMPTY : events.getLast().asHead();
    }

    @Override
    public VerifyReport verify(long fromSeq, long toSeq) {
        throw new UnsupportedOperationException("the memory store keeps no chain");
    }

    @Override
    public List<Event> restore(List<Event> exported) {
        throw new UnsupportedOperationException("the memory store keeps no chain");
    }

    @Override
    public void close() {}
}
