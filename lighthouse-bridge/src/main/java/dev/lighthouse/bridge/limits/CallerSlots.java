package dev.lighthouse.bridge.limits;

import dev.lighthouse.bridge.auth.Principal;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what each caller holds now: requests in progress and open streams, against its {@link CallerLimits}.
 *
 * <p>Thread-safe. One counter per caller that holds something; a caller's counter goes when it holds nothing, so
 * memory follows the callers active now.
 */
public final class CallerSlots {
    /** What a caller holds; closing gives it back. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();

    /** @param max most slots one caller may hold at once */
    public CallerSlots(int max) {
        this.max = max;
    }

    public int max() {
        return max;
    }

    /** A slot for {@code who}, or empty when it holds {@link #max()} already. */
    public Optional<Slot> take(Principal who) {
        String key = who.name() + '\u0000' + who.role();
        boolean[] taken = new boolean[1];
        held.compute(key, (k, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < max) {
                count.incrementAndGet();
                taken[0] = true;
            }
            return count;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return Optional.of(() -> {
            if (open.compareAndSet(true, false)) {
                held.computeIfPresent(key, (k, n) -> n.decrementAndGet() == 0 ? null : n);
            }
        });
    }
}
