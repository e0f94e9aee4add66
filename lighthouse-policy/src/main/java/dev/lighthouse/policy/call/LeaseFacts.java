package dev.lighthouse.policy.call;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file leases on the paths a call touches, as the bridge found them for the calling agent: the policy's only view
 * of leases. Keyed by the resolved target paths of the call's operations; the policy denies (or reviews, as its
 * {@code settings.leases} says) a write onto a path another agent holds, and rules see them in CEL as {@code lease}.
 *
 * <p>The bridge first decides a call with {@link #NONE}; only when a touched path is leased does it decide again with
 * the leases found, so the decision cache stays keyed by the call alone for every other call.
 *
 * @param byPath the leases holding each touched path; paths no lease holds are absent
 */
public record LeaseFacts(Map<String, List<Holding>> byPath) {
    /** No touched path is leased. */
    public static final LeaseFacts NONE = new LeaseFacts(Map.of());

    public LeaseFacts {
        Map<String, List<Holding>> copy = new HashMap<>();
        byPath.forEach((path, holdings) -> copy.put(path, List.copyOf(holdings)));
        byPath = Map.copyOf(copy);
    }

    /** The leases on {@code path} (resolved), none when no lease holds it. */
    public List<Holding> on(String path) {
        return byPath.getOrDefault(path, List.of());
    }

    public boolean isEmpty() {
        return byPath.isEmpty();
    }

    /**
     * One lease on a touched path.
     *
     * @param lease the lease's id
     * @param agent who holds it
     * @param own whether the calling agent holds it
     * @param exclusive whether it is exclusive (else shared)
     * @param reason why its holder took it
     * @param expires when it ends
     */
    public record Holding(String lease, String agent, boolean own, boolean exclusive, String reason, Instant expires) {
        public Holding {
            requireNonNull(lease, "lease");
            requireNonNull(agent, "agent");
            requireNonNull(reason, "reason");
            requireNonNull(expires, "expires");
        }
    }
}
