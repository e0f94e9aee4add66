package dev.lighthouse.load;

import java.util.Locale;

/**
 * What an answer told the agent, read in the agent's own dialect. {@link #ASK} is an escalation: the call goes to a
 * person (or a review) instead of being decided by policy alone. {@link #NONE} is a 2xx answer without a decision,
 * which an agent treats as "no opinion" and runs its normal permission flow.
 */
public enum Verdict {
    ALLOW,
    ASK,
    DENY,
    DEFER,
    NONE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
