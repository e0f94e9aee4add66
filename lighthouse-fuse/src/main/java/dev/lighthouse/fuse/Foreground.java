package dev.lighthouse.fuse;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The file operations someone is waiting for now, so that the mount's own start-up work (connecting its event
 * streams, the passes over the store) gives way to them. Thread-safe; {@link #during} costs two uncontended locks, as
 * it wraps every lookup, stat and listing.
 *
 * <p>Why: right after mounting, the first thing a script does is often a listing, and on a small machine the mount's
 * pass over the names, asking the bridge for a page of the same size at the same moment, doubled its time. Waiting
 * for a quiet moment ({@link #awaitQuiet}) puts the start-up after such a listing instead of beside it, bounded so
 * that a view in constant use still starts following the bridge.
 */
final class Foreground {
    private final Object quiet = new Object();
    private int running; // guarded by quiet
    private long lastEnded = System.nanoTime(); // guarded by quiet

    /** Runs {@code operation} (a FUSE operation answering someone) and returns its result. */
    int during(IntSupplier operation) {
        synchronized (quiet) {
            running++;
        }
        try {
            return operation.getAsInt();
        } finally {
            synchronized (quiet) {
                running--;
                lastEnded = System.nanoTime();
                if (running == 0) {
                    quiet.notifyAll();
                }
            }
        }
    }

    /**
     * Counts quiet from now: called as the mount returns to its user, so that the time the mount spent getting ready
     * does not count as the quiet moment its passes wait for (they would start beside the first command).
     */
    void handedOver() {
        synchronized (quiet) {
            lastEnded = System.nanoTime();
        }
    }

    /**
     * Waits until no operation has run for {@code idle}, or at most {@code most}.
     *
     * @return whether it was quiet (false: {@code most} passed first)
     */
    boolean awaitQuiet(Duration idle, Duration most) throws InterruptedException {
        long deadline = System.nanoTime() + most.toNanos();
        synchronized (quiet) {
            while (true) {
                long now = System.nanoTime();
                long quietAt = lastEnded + idle.toNanos();
                if (running == 0 && now - quietAt >= 0) {
                    return true;
                }
                if (now - deadline >= 0) {
                    return false;
                }
                // an operation running: woken when it ends; none: until the idle time has passed since the last
                long until = running == 0 ? Math.min(quietAt, deadline) : deadline;
                long millis = Math.max(1, (until - now + 999_999) / 1_000_000);
                quiet.wait(millis);
            }
        }
    }
}
