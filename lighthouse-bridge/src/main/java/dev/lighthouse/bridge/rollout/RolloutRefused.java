package dev.lighthouse.bridge.rollout;

import dev.lighthouse.policy.rules.Problem;
import java.util.List;

/**
 * A policy change the bridge will not make: an invalid policy, an unknown version, nothing to promote. The policy
 * endpoints answer {@link #status} with {@link #code}.
 */
public final class RolloutRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public final int status;
    public final String code;
    /** The policy's problems, each {@code file:line:column: message}; empty unless the policy is invalid. */
    public final transient List<Problem> problems;

    RolloutRefused(int status, String code, String message, List<Problem> problems) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    RolloutRefused(int status, String code, String message) {
        this(status, code, message, List.of());
    }
}
