package dev.lighthouse.policy;

import dev.lighthouse.policy.call.LeaseFacts;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.facts.Op;
import dev.lighthouse.policy.facts.OpKind;
import dev.lighthouse.policy.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The built-in lease rule: a write, delete, move or permission change onto a path another agent holds a lease on
 * (exclusive or shared) gets the policy's {@code settings.leases} verdict, with a reason that names the holder, the
 * lease's reason and when it ends, so the agent knows what to do instead. Reads are never refused here: a rule may use
 * {@code lease.read_held_by_other} for that.
 */
final class LeaseCheck {
    /** The rule id lease reasons carry. */
    static final String RULE_ID = "lease-held";

    static final String SUGGESTION = "work on other files until the lease ends, or ask its holder to release it";

    private LeaseCheck() {}

    /** One reason per act that changes a path another agent holds; empty when none does. */
    static List<Reason> reasons(ToolCall call, Facts facts, Verdict verdict) {
        LeaseFacts leases = call.leases();
        if (leases.isEmpty()) {
            return List.of();
        }
        List<Reason> reasons = new ArrayList<>();
        for (Act act : facts.acts()) {
            Set<String> held = new LinkedHashSet<>();
            for (Op op : act.ops()) {
                if (op.kind() == OpKind.READ) {
                    continue;
                }
                for (LeaseFacts.Holding h : leases.on(op.target().resolved())) {
                    if (!h.own()) {
                        held.add(describe(op.target().resolved(), h));
                    }
                }
            }
            if (!held.isEmpty()) {
                reasons.add(new Reason(RULE_ID, verdict, String.join("; ", held), act.evidence()));
            }
        }
        return reasons;
    }

    private static String describe(String path, LeaseFacts.Holding h) {
        return "%s is leased %s by agent %s until %s (lease %s, reason: \"%s\")"
                .formatted(
                        path, h.exclusive() ? "exclusively" : "shared", h.agent(), h.expires(), h.lease(), h.reason());
    }
}
