package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

/**
 * Someone who votes on a review or revokes an approval, as the board sees them: a name, and what kind of reviewer
 * that is. The bridge maps its callers (token holders, the owner, the tokenless loopback user) to voters.
 */
public record Voter(String name, Kind kind) {
    public Voter {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
    }

    /** What a voter's vote may count for. */
    public enum Kind {
        /** A person (a reviewer, an operator, the owner): counts on routes with {@code human}, grants approvals. */
        PERSON,
        /** An agent expert: counts on routes that ask for one of its capabilities. */
        EXPERT,
        /** An agent, or a caller without a token who may be any agent: recorded, never counted. */
        AGENT
    }
}
