package dev.lighthouse.bridge.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One server-sent event stream's output: events are buffered as they are sent and flushed together at most
 * {@link #FLUSH_WITHIN} after the first of them, so a burst of events (a group commit brings hundreds at once at a busy
 * bridge) reaches the client as one write rather than one network write, one chunk and one wake-up of the reader each.
 * A quiet stream gets a comment line every keep-alive period.
 *
 * <p>Thread-safety: {@link #send} is called by the store's subscription thread, {@link #run} by the stream's request
 * thread, {@link #close} by anyone. A slow client still holds the sender back (nothing is dropped): a full buffer is
 * written through in {@link #send}, which then waits for the socket.
 */
final class SseWriter {
    /** The longest an event waits in the buffer: a few ms, against 500 events a second each written on their own. */
    static final Duration FLUSH_WITHIN = Duration.ofMillis(3);

    private static final int BUFFER = 32 * 1024;

    private final OutputStream out;
    private final Duration keepAlive;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long unflushedSince; // System.nanoTime() of the first event not yet flushed; 0 when none is
    private boolean closed;

    SseWriter(OutputStream out, Duration keepAlive) {
        this.out = new BufferedOutputStream(out, BUFFER);
        this.keepAlive = keepAlive;
    }

    /** Queues {@code text} (whole SSE lines); it leaves within {@link #FLUSH_WITHIN}. */
    void send(String text) throws IOException {
        lock.lock();
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            if (unflushedSince == 0) {
                unflushedSince = System.nanoTime() | 1;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code text} now (the stream's opening line). */
    void sendNow(String text) throws IOException {
        lock.lock();
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            unflushedSince = 0;
        } finally {
            lock.unlock();
        }
    }

    /** Flushes what {@link #send} queued, and keeps a quiet stream alive, until {@link #close}. */
    void run() throws IOException, InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                if (unflushedSince == 0) {
                    if (!changed.await(keepAlive.toNanos(), TimeUnit.NANOSECONDS) && unflushedSince == 0 && !closed) {
                        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    continue;
                }
                long left = unflushedSince + FLUSH_WITHIN.toNanos() - System.nanoTime();
                if (left > 0) {
                    changed.awaitNanos(left); // the sender may add to the batch meanwhile
                    continue;
                }
                out.flush();
                unflushedSince = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends {@link #run} (the client went away, or the bridge stops); what is buffered then is not sent. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
