package dev.lighthouse.bridge.decision;

import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.PolicyVersion;
import dev.lighthouse.policy.call.ToolCall;
import java.time.Instant;

/**
 * The policy as the bridge sees it: decides one call at a time. The CLI wires the policy engine of the configured
 * policy file (or the built-in default).
 *
 * <p>Implementations must be thread-safe, pure and fast (no I/O): the bridge calls them on every request thread.
 */
public interface Judge {
    Decision decide(ToolCall call, Instant now);

    /** The policy version decisions are currently made under. */
    PolicyVersion version();

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
        };
    }
}
