package dev.lighthouse.bridge.console;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names (spent link nonces, ended sessions) that matter only until an instant: past it what they name has expired by
 * itself, so they are dropped. Thread-safe.
 */
final class Expiring {
    private final Map<String, Instant> names = new ConcurrentHashMap<>();

    /** Remembers {@code name} until {@code expires}; drops those already past at {@code now}. */
    void add(String name, Instant expires, Instant now) {
        names.values().removeIf(at -> !now.isBefore(at));
        if (now.isBefore(expires)) {
            names.merge(name, expires, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    boolean contains(String name) {
        return names.containsKey(name);
    }
}
