package dev.lighthouse.events.store;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.Subscription;
import dev.lighthouse.events.integrity.Verifier;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live tails. Each subscription has a virtual thread that reads pages from the store and, once it has caught up,
 * waits on a condition signalled when the head advances (a local commit, or a notification that another replica
 * committed). So a subscriber never polls, and a slow subscriber only delays itself.
 */
final class Tails implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tails.class);
    private static final int PAGE = 500;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<Tail> open = ConcurrentHashMap.newKeySet();
    private final Verifier.Reader reader;
    private long head;
    private boolean closed;

    Tails(long head, Verifier.Reader reader) {
        this.head = head;
        this.reader = reader;
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

    Subscription subscribe(long fromSeq, Consumer<? super Event> listener) {
        Tail tail = new Tail(Math.max(1, fromSeq), listener);
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
        private volatile long next;
        private volatile boolean open = true;

        Tail(long from, Consumer<? super Event> listener) {
            this.next = from;
            this.listener = listener;
        }

        void run() {
            try {
                long backoff = 100;
                while (open) {
                    List<Event> page;
                    try {
                        page = reader.read(next, PAGE);
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
                    if (page.isEmpty()) {
                        if (!awaitBeyond(next - 1, this)) {
                            break;
                        }
                        continue;
                    }
                    for (Event e : page) {
                        if (!open) {
                            break;
                        }
                        listener.accept(e);
                        next = e.seq() + 1;
                    }
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
