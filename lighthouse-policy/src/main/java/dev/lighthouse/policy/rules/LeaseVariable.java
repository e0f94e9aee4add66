package dev.lighthouse.policy.rules;

import dev.lighthouse.policy.call.LeaseFacts;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Op;
import dev.lighthouse.policy.facts.OpKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CEL variable {@code lease}: what file leases say about one act of a call.
 *
 * <ul>
 *   <li>{@code lease.held_by_other} (bool): the act writes, deletes, moves or re-permissions a path another agent
 *       holds a lease on (exclusive or shared);
 *   <li>{@code lease.held_by_self} (bool): it changes a path the calling agent holds;
 *   <li>{@code lease.read_held_by_other} (bool): it reads a path another agent holds exclusively;
 *   <li>{@code lease.holders} (list of strings): the other agents holding paths it changes.
 * </ul>
 */
final class LeaseVariable {
    private static final Map<String, Object> NONE =
            Map.of("held_by_other", false, "held_by_self", false, "read_held_by_other", false, "holders", List.of());

    private LeaseVariable() {}

    static Map<String, Object> of(Act act, LeaseFacts leases) {
        if (leases.isEmpty()) {
            return NONE;
        }
        boolean self = false;
        boolean readOther = false;
        Set<String> holders = new LinkedHashSet<>();
        for (Op op : act.ops()) {
            for (LeaseFacts.Holding h : leases.on(op.target().resolved())) {
                if (op.kind() == OpKind.READ) {
                    readOther |= !h.own() && h.exclusive();
                } else if (h.own()) {
                    self = true;
                } else {
                    holders.add(h.agent());
                }
            }
        }
        return Map.of(
                "held_by_other",
                !holders.isEmpty(),
                "held_by_self",
                self,
                "read_held_by_other",
                readOther,
                "holders",
                List.copyOf(holders));
    }
}
