package dev.lighthouse.fuse;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value fetched from the bridge and kept for a short time, so that the {@code stat}, {@code open} and {@code read}
 * of one command see the same content (the size {@code stat} gives is the length {@code read} returns). Streams call
 * {@link #invalidate} when the bridge says the value changed. Thread-safe.
 */
final class Recent<T> {
    private final Supplier<T> fetch;
    private final long ttlNanos;
    private T value;
    private long fetchedAt;

    Recent(Duration ttl, Supplier<T> fetch) {
        this.fetch = fetch;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized T get() {
        long now = System.nanoTime();
        if (value == null || now - fetchedAt > ttlNanos) {
            value = fetch.get();
            fetchedAt = now;
        }
        return value;
    }

    synchronized void invalidate() {
        value = null;
    }
}
