package dev.lighthouse.bridge.decision;

import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.PolicyVersion;
import dev.lighthouse.policy.SessionDenials;
import dev.lighthouse.policy.call.ToolCall;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The policy as the bridge sees it: decides one call at a time. {@code lighthouse serve} decides through the policy
 * versions of {@link dev.lighthouse.bridge.rollout.Rollout} (which can change while it runs); {@link #of} fixes one
 * engine, for tests and tools.
 *
 * <p>Implementations must be thread-safe, pure and fast (no I/O): the bridge calls them on every request thread.
 */
public interface Judge {
    Decision decide(ToolCall call, Instant now);

    /**
     * Decides, then lets {@code again} look at the decision (its facts) and name a call to decide instead, under the
     * same policy version: how the bridge adds the leases found on the paths a call touches. Counted as one decision.
     */
    default Decision decide(ToolCall call, Instant now, Function<Decision, Optional<ToolCall>> again) {
        Decision first = decide(call, now);
        return again.apply(first).map(c -> decide(c, now)).orElse(first);
    }

    /**
     * What {@link #decide} would say, for a caller that only asks (MCP's {@code check_call}): a judge that keeps
     * statistics of its decisions, or hands them to a shadow policy, leaves this one out.
     */
    default Decision preview(ToolCall call, Instant now) {
        return decide(call, now);
    }

    /** The policy version decisions are currently made under. */
    PolicyVersion version();

    /**
     * The memory of each session's denials that this judge's decisions pass through, if it keeps one: the bridge
     * rebuilds it from the recorded decisions at start and keeps it current from other replicas' appends.
     */
    default Optional<SessionDenials> sessionDenials() {
        return Optional.empty();
    }

    /** The policy engine (with its decision cache) as a judge. */
    static Judge of(PolicyEngine engine) {
        return new Judge() {
            @Override
            public Decision decide(ToolCall call, Instant now) {
                return engine.decide(call, now);
            }

            @Override
            public PolicyVersion version() {
                return engine.policy().version();
            }

            @Override
            public Optional<SessionDenials> sessionDenials() {
                return Optional.of(engine.sessionDenials());
            }
        };
    }
}
