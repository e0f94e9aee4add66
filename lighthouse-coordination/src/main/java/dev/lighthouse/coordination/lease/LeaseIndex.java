package dev.lighthouse.coordination.lease;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where leases are found by path, fast: every lease path is filed under its anchor (the path, or a glob's fixed
 * directory prefix), and under each directory above that anchor.
 *
 * <p>Design: a decision asks, for each path it writes, which leases cover it. A path is covered by a lease path
 * anchored at the path itself or at one of its ancestors, so the lookup is one hash probe per directory level of the
 * written path (a dozen for a deep file), however many leases are held; globs are matched only when they are anchored
 * on that line. A recursive operation ({@code rm -r dir}) also reaches leases anchored below it, which the second map
 * files by every ancestor directory.
 *
 * <p>Thread-safe: lookups never lock (concurrent maps of concurrent sets); changes come from {@link Leases}, one at a
 * time. A lookup racing a change sees the lease either before or after it.
 */
final class LeaseIndex {
    /** One path of one lease. */
    record Entry(String leaseId, PathSpec spec) {}

    private final ConcurrentHashMap<String, Set<Entry>> byAnchor = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Entry>> byAncestor = new ConcurrentHashMap<>();

    void add(String leaseId, List<PathSpec> specs) {
        for (PathSpec spec : specs) {
            Entry entry = new Entry(leaseId, spec);
            byAnchor.computeIfAbsent(spec.anchor(), k -> ConcurrentHashMap.newKeySet())
                    .add(entry);
            for (String dir = parent(spec.anchor()); dir != null; dir = parent(dir)) {
                byAncestor
                        .computeIfAbsent(dir, k -> ConcurrentHashMap.newKeySet())
                        .add(entry);
            }
        }
    }

    void remove(String leaseId, List<PathSpec> specs) {
        for (PathSpec spec : specs) {
            Entry entry = new Entry(leaseId, spec);
            drop(byAnchor, spec.anchor(), entry);
            for (String dir = parent(spec.anchor()); dir != null; dir = parent(dir)) {
                drop(byAncestor, dir, entry);
            }
        }
    }

    boolean isEmpty() {
        return byAnchor.isEmpty();
    }

    /** Tells {@code found} the id of each lease with a path covering {@code path} (absolute, normalised). */
    void covering(String path, Consumer<String> found) {
        for (String at = path; at != null; at = parent(at)) {
            Set<Entry> entries = byAnchor.get(at);
            if (entries != null) {
                for (Entry e : entries) {
                    if (e.spec().coversFromAnchor(path)) {
                        found.accept(e.leaseId());
                    }
                }
            }
        }
    }

    /**
     * Tells {@code found} each entry that may overlap a lease path anchored at {@code anchor}: those anchored there,
     * above it or below it.
     */
    void nested(String anchor, Consumer<Entry> found) {
        for (String at = anchor; at != null; at = parent(at)) {
            Set<Entry> entries = byAnchor.get(at);
            if (entries != null) {
                entries.forEach(found);
            }
        }
        Set<Entry> below = byAncestor.get(anchor);
        if (below != null) {
            below.forEach(found);
        }
    }

    /** The directory above {@code path}; null above the root. */
    static String parent(String path) {
        if (path.equals("/")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static void drop(ConcurrentHashMap<String, Set<Entry>> map, String key, Entry entry) {
        map.computeIfPresent(key, (k, set) -> {
            set.remove(entry);
            return set.isEmpty() ? null : set;
        });
    }
}
