package dev.lighthouse.bridge.auth;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.review.TokenHolders;
import dev.lighthouse.review.Voter;
import java.util.List;
import java.util.Optional;

/**
 * The bridge's callers as the review board sees them: the agents file's active tokens as {@link TokenHolders}, and a
 * caller's {@link Principal} as a {@link Voter}. The one place that says which roles are people.
 */
public final class ReviewVoters implements TokenHolders {
    private final AgentTokens tokens;

    public ReviewVoters(AgentTokens tokens) {
        this.tokens = requireNonNull(tokens, "tokens");
    }

    @Override
    public Optional<TokenHolder> active(String name) {
        return tokens.active(name).map(ReviewVoters::holder);
    }

    @Override
    public List<TokenHolder> list() {
        return tokens.known().stream()
                .filter(AgentTokens.Agent::active)
                .map(ReviewVoters::holder)
                .toList();
    }

    /** The voter {@code who} is on a review. */
    public static Voter voter(Principal who) {
        return new Voter(who.name(), kind(who.role()));
    }

    private static TokenHolder holder(AgentTokens.Agent agent) {
        return new TokenHolder(agent.name(), kind(agent.role()), agent.tokenSha256());
    }

    /** People (reviewers, operators, the owner), agent experts, and the rest, whose votes never count. */
    private static Voter.Kind kind(Role role) {
        return switch (role) {
            case REVIEWER, ADMIN, OWNER -> Voter.Kind.PERSON;
            case EXPERT -> Voter.Kind.EXPERT;
            case AGENT, LOCAL -> Voter.Kind.AGENT;
        };
    }
}
