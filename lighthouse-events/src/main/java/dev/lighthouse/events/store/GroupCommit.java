package dev.lighthouse.events.store;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.NewEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One writer thread that turns whatever appends are waiting into one transaction: under load thousands of callers
 * share a single commit and its sync, and each returns once that commit is durable.
 *
 * <p>Design: callers enqueue a {@link Request} and wait on its future. The writer takes the first waiting request,
 * drains up to {@link #MAX_GROUP_EVENTS} more without waiting, and hands the group to {@code write}, which
 * completes each request's future (or fails it alone, e.g. a rejected restore). If {@code write} throws, every
 * request of the group fails: nothing of it was acknowledged. While the writer syncs, the next group gathers, so
 * no timer or delay is needed for grouping to happen.
 */
final class GroupCommit implements AutoCloseable {
    static final int MAX_GROUP_EVENTS = 8_192;

    /**
     * An append waiting for the writer: new events to seal, or exported events to restore (one of the two lists is
     * empty). The stored events come back through {@code done}.
     */
    record Request(List<NewEvent> fresh, List<Event> restored, CompletableFuture<List<Event>> done) {
        int size() {
            return fresh.size() + restored.size();
        }
    }

    private static final Request STOP = new Request(List.of(), List.of(), new CompletableFuture<>());

    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private boolean closed; // guarded by queue

    GroupCommit(String name, Consumer<List<Request>> write) {
        writer = Thread.ofPlatform().name(name).daemon().start(() -> run(write));
    }

    /** Queues new events and waits until they are durable. */
    List<Event> append(List<NewEvent> events) {
        return submit(new Request(List.copyOf(events), List.of(), new CompletableFuture<>()));
    }

    /** Queues exported events and waits until they are durable. */
    List<Event> restore(List<Event> events) {
        return submit(new Request(List.of(), List.copyOf(events), new CompletableFuture<>()));
    }

    private List<Event> submit(Request r) {
        synchronized (queue) { // so that nothing is queued behind STOP, where nobody would complete it
            if (closed) {
                throw new EventStoreException("the event store is closed");
            }
            queue.add(r);
        }
        try {
            return r.done().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new EventStoreException("append failed: " + e.getCause(), e.getCause());
        }
    }

    private void run(Consumer<List<Request>> write) {
        List<Request> group = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            group.clear();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            int events = group.getFirst().size();
            Request next;
            while (events < MAX_GROUP_EVENTS && (next = queue.peek()) != null) {
                group.add(queue.poll());
                events += next.size();
            }
            stopping = group.remove(STOP);
            if (group.isEmpty()) {
                continue;
            }
            try {
                write.accept(group);
            } catch (RuntimeException e) {
                EventStoreException failure = e instanceof EventStoreException ese
                        ? ese
                        : new EventStoreException("append failed, nothing of it was stored: " + e.getMessage(), e);
                group.forEach(r -> r.done().completeExceptionally(failure));
            }
        }
        EventStoreException closedFailure = new EventStoreException("the event store is closed");
        queue.forEach(r -> r.done().completeExceptionally(closedFailure));
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
