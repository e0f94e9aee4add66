package dev.lighthouse.bridge.decision;

import dev.lighthouse.coordination.lease.Lease;
import dev.lighthouse.coordination.lease.LeaseMode;
import dev.lighthouse.coordination.lease.Leases;
import dev.lighthouse.policy.call.LeaseFacts;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.facts.Op;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the leases on the paths a decided call touches, for the policy to judge them ({@link LeaseFacts}). Paths come
 * from the analysis: the resolved target of every operation of every effective command (redirects, {@code sed -i},
 * {@code cp}/{@code mv}/{@code rm}, interpreters' inline writes, Write and Edit), so whatever the analyser sees a call
 * write, the lease check sees too.
 *
 * <p>Public for the benchmark that measures what it adds to a decision ({@code LeaseCheckBenchmark}).
 */
public final class LeaseFinder {
    private LeaseFinder() {}

    /** The leases holding at {@code now} on paths of {@code facts}, seen from {@code agent}; NONE when there are none. */
    public static LeaseFacts find(Leases leases, String agent, Facts facts, Instant now) {
        if (leases.isEmpty()) {
            return LeaseFacts.NONE;
        }
        Map<String, List<LeaseFacts.Holding>> byPath = null;
        for (Act act : facts.acts()) {
            for (Op op : act.ops()) {
                String path = op.target().resolved();
                if (!path.startsWith("/")) {
                    continue; // a dynamic target ($VAR): the policy judges it as unknown already
                }
                List<Lease> found = leases.touching(path, op.recursive(), now);
                if (!found.isEmpty()) {
                    if (byPath == null) {
                        byPath = new HashMap<>();
                    }
                    byPath.putIfAbsent(
                            path, found.stream().map(l -> holding(l, agent)).toList());
                }
            }
        }
        return byPath == null ? LeaseFacts.NONE : new LeaseFacts(byPath);
    }

    private static LeaseFacts.Holding holding(Lease lease, String agent) {
        return new LeaseFacts.Holding(
                lease.id(),
                lease.agent(),
                lease.agent().equals(agent),
                lease.mode() == LeaseMode.EXCLUSIVE,
                lease.reason(),
                lease.expires());
    }
}
