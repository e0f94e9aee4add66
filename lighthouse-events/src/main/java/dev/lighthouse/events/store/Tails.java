package dev.lighthouse.events.store;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.Subscription;
import dev.lighthouse.events.integrity.Verifier;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live tails. Each subscription has a virtual thread that reads pages from the store and, once it has caught up,
 * waits on a condition signalled when the head advances (a local commit, or a notification that another replica
 * committed). So a subscriber never polls, and a slow subscriber only delays itself.
 *
 * <p>A tail reads the store again at once only after a full page; after a shorter one it has reached the head as it
 * was, and waits for the head to pass it (each commit signals it), so a commit costs a tail one read, not two. A tail
 * opened {@code ownFromMemory} takes the events this process committed from memory ({@link #committed}) and reads
 * the store only for those other processes committed; one that checks what is stored reads everything.
 */
final class Tails implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tails.class);
    private static final int PAGE = 500;
    /** How many of the latest seqs the events this process committed are kept for tails taking them from memory. */
    private static final int KEPT = 2 * PAGE;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<Tail> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentSkipListMap<Long, Event> committed = new ConcurrentSkipListMap<>();
    private final Verifier.Reader reader;
    private long head;
    private boolean closed;

    Tails(long head, Verifier.Reader reader) {
        this.head = head;
        this.reader = reader;
    }

    /**
     * This process committed {@code events} (in seq order, durable): kept for the tails that take them from memory,
     * then the head advances to the last.
     */
    void committed(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        long last = events.getLast().seq();
        long slowest = Long.MAX_VALUE; // the next seq of the furthest-behind tail that takes them from memory
        for (Tail t : open) {
            if (t.ownFromMemory) {
                slowest = Math.min(slowest, t.next);
            }
        }
        if (slowest != Long.MAX_VALUE) {
            events.forEach(e -> committed.put(e.seq(), e));
        }
        // What every such tail passed goes, and what lies more than KEPT behind (a tail that far back reads the store).
        committed.headMap(Math.max(slowest, last - KEPT + 1)).clear();
        advanced(last);
    }

    /** The chain now reaches {@code seq}: wake tails waiting below it. */
    void advanced(long seq) {
        lock.lock();
        try {
            if (seq > head) {
                head = seq;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    Subscription subscribe(long fromSeq, Consumer<? super Event> listener, boolean ownFromMemory) {
        Tail tail = new Tail(Math.max(1, fromSeq), listener, ownFromMemory);
        lock.lock();
        try {
            if (closed) {
                throw new dev.lighthouse.events.EventStoreException("the event store is closed");
            }
            open.add(tail);
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("events-tail-from-" + fromSeq).start(tail::run);
        return tail;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        open.forEach(Tail::close);
    }

    /** Waits until the head passes {@code seq}; false if the tail or the store closed meanwhile. */
    private boolean awaitBeyond(long seq, Tail tail) throws InterruptedException {
        lock.lock();
        try {
            while (head <= seq && !closed && tail.open) {
                changed.await();
            }
            return !closed && tail.open;
        } finally {
            lock.unlock();
        }
    }

    private long head() {
        lock.lock();
        try {
            return head;
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code millis}, or less when the store or the tail closes. */
    private void awaitRetry(long millis) throws InterruptedException {
        lock.lock();
        try {
            if (!closed) {
                changed.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private final class Tail implements Subscription {
        private final Consumer<? super Event> listener;
        private final boolean ownFromMemory;
        private volatile long next;
        private volatile boolean open = true;

        Tail(long from, Consumer<? super Event> listener, boolean ownFromMemory) {
            this.next = from;
            this.listener = listener;
            this.ownFromMemory = ownFromMemory;
        }

        /** The run of this process's committed events from {@code next} on, if kept; else a page of the store. */
        private List<Event> page() {
            if (ownFromMemory) {
                List<Event> mine = new java.util.ArrayList<>();
                for (Event e : committed.tailMap(next).values()) {
                    if (e.seq() != next + mine.size() || mine.size() == PAGE) {
                        break;
                    }
                    mine.add(e);
                }
                if (!mine.isEmpty()) {
                    return mine;
                }
            }
            return reader.read(next, PAGE);
        }

        void run() {
            try {
                long backoff = 100;
                // The first page is read whatever head this process knows (another process may have gone further).
                long waitPast = -1;
                while (open) {
                    if (waitPast >= 0 && !awaitBeyond(waitPast, this)) {
                        break;
                    }
                    long known = head(); // before the read: what it finds is at least this far, if all is well
                    List<Event> page;
                    try {
                        page = page();
                        backoff = 100;
                    } catch (dev.lighthouse.events.EventStoreException e) {
                        // The database is away (or restarting): the tail waits for it rather than end, and
                        // resumes where it was, so a follower misses nothing.
                        log.warn(
                                "event subscription at seq {} cannot read ({}); retrying in {} ms",
                                next,
                                e.getMessage(),
                                backoff);
                        awaitRetry(backoff);
                        backoff = Math.min(5_000, backoff * 2);
                        continue;
                    }
                    for (Event e : page) {
                        if (!open) {
                            break;
                        }
                        listener.accept(e);
                        next = e.seq() + 1;
                    }
                    // A full page may have more behind it; a shorter one reached the end: wait for the head to pass
                    // it (past the head known before the read if that found nothing, so a head ahead of what the
                    // store returns cannot make the tail spin).
                    waitPast = page.size() == PAGE ? -1 : page.isEmpty() ? Math.max(next - 1, known) : next - 1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!closed) {
                    log.warn("event subscription ended at seq {}: {}", next, e.toString(), e);
                }
            } finally {
                close();
            }
        }

        @Override
        public long position() {
            return next;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
            Tails.this.open.remove(this);
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
