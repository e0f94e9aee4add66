package dev.lighthouse.bridge.auth;

/** What an endpoint needs from the caller's {@link Role}. */
public enum Permission {
    /** Submit tool calls for a decision (hook endpoints, {@code POST /v1/decisions}). */
    SUBMIT,
    /** Read decisions and status. */
    READ,
    /** Operate the bridge: policy versions, agents, the event log. */
    OPERATE,
    /** Scrape {@code /metrics}. */
    SCRAPE,
    /** See reviews and vote on them; people also list and revoke temporary approvals. */
    REVIEW
}
