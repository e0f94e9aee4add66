package dev.lighthouse.bridge.mcp;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.ReviewVoters;
import dev.lighthouse.bridge.mcp.InputSchema.Param;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.review.Consensus;
import dev.lighthouse.review.Recorded;
import dev.lighthouse.review.ReviewBoard;
import dev.lighthouse.review.ReviewQuery;
import dev.lighthouse.review.ReviewView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code review_list} and {@code review_vote}: the review board over MCP, with the rules of the HTTP review API (the
 * review permission; an agent expert sees and votes on only the reviews routed to its capabilities; nobody votes on
 * their own call; the first vote stands).
 */
final class ReviewTools {
    private static final int MAX_REASON_CHARS = 2000;

    private ReviewTools() {}

    record ListArguments(
            Optional<String> status, Optional<String> agent, Optional<String> after, Optional<Integer> limit) {}

    /** A page of reviews, oldest first; {@code next} (absent on the last page) is the {@code after} of the next. */
    record ReviewList(List<ReviewView> reviews, Optional<String> next) {}

    record VoteArguments(String review, String verdict, String reason, Optional<String> approveFor) {}

    /** A counted vote: the review as it now stands. */
    record Counted(boolean counted, ReviewView review) {}

    static McpTool<ListArguments> list(McpServices services) {
        return new McpTool<>(
                "review_list",
                """
                Lists the tool calls waiting for a reviewer's verdict (status pending, the default) or already \
                settled (resolved), oldest first: each review's id, the call (agent, tool, command or file, \
                working directory), why the policy asked for review, its route, the votes so far and its deadline. \
                An agent expert sees only reviews routed to its capabilities. Pass next back as after for the \
                next page. Vote with review_vote.""",
                Permission.REVIEW,
                InputSchema.of(
                        Param.choice("status", "pending (default) or resolved.", List.of("pending", "resolved")),
                        Param.text("agent", "Only reviews of this agent's calls.", 512),
                        Param.text("after", "The next value of the previous page.", 512),
                        Param.whole("limit", "Most reviews on this page (default 100).", 1, 1000)),
                ListArguments.class,
                (caller, args) -> {
                    Optional<Set<String>> routedTo = caller.who().role().readsEveryAgent()
                            ? Optional.empty()
                            : Optional.of(capabilities(services.tokens(), caller.who()));
                    ReviewBoard.ReviewPage page;
                    try {
                        page = services.reviews()
                                .list((args.status().orElse("pending").equals("pending")
                                                ? ReviewQuery.pending() // the real queue, never simulated reviews
                                                : ReviewQuery.resolved())
                                        .withRoutedTo(routedTo)
                                        .withAgent(args.agent())
                                        .withAfter(args.after())
                                        .withLimit(args.limit().orElse(100)));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidArgument("after", e.getMessage());
                    }
                    return new ReviewList(page.reviews(), page.next());
                });
    }

    static McpTool<VoteArguments> vote(McpServices services) {
        return new McpTool<>(
                "review_vote",
                """
                Casts your verdict on a pending review: approve lets the agent's call run, deny refuses it; reason \
                says why in a sentence (it is recorded, signed, and shown to the agent). With approve, approveFor \
                (e.g. "1h", at most "7d") also grants a temporary approval for calls like this one, where the \
                review's route allows it. You may not vote on your own agent's call, nor on a review not routed to \
                you; your first vote stands. Returns the review as it now stands.""",
                Permission.REVIEW,
                InputSchema.of(
                        Param.text("review", "The review's id, as review_list shows it.", 200)
                                .mandatory(),
                        Param.choice("verdict", "approve or deny.", List.of("approve", "deny"))
                                .mandatory(),
                        Param.text("reason", "Why, in a sentence.", MAX_REASON_CHARS)
                                .mandatory(),
                        Param.text(
                                "approveFor", "With approve: also approve calls like this for a while, e.g. 1h.", 20)),
                VoteArguments.class,
                (caller, args) -> {
                    Principal who = caller.who();
                    boolean approve = args.verdict().equals("approve");
                    Optional<Duration> forDuration = args.approveFor().map(text -> approvalFor(text, approve));
                    if (!who.role().readsEveryAgent()
                            && !services.reviews().routedTo(args.review(), capabilities(services.tokens(), who))) {
                        throw new ToolRefusal(
                                "unknown_review",
                                "no review " + args.review() + "; list pending ones with review_list");
                    }
                    ReviewBoard.VoteResult result;
                    try {
                        result = services.reviews()
                                .vote(
                                        ReviewVoters.voter(who),
                                        args.review(),
                                        approve ? Recorded.Choice.APPROVE : Recorded.Choice.DENY,
                                        args.reason().strip(),
                                        forDuration);
                    } catch (ReviewBoard.UnknownReview e) {
                        throw new ToolRefusal(
                                "unknown_review", e.getMessage().replace("`lighthouse review list`", "review_list"));
                    } catch (ReviewBoard.ApprovalRefused e) {
                        throw new ToolRefusal("approval_not_allowed", e.getMessage());
                    }
                    if (!result.counted()) {
                        throw refusal(who, result);
                    }
                    return new Counted(true, result.review());
                });
    }

    private static ToolRefusal refusal(Principal who, ReviewBoard.VoteResult result) {
        String id = result.review().id();
        Consensus.Ignored why = result.ignored().orElseThrow();
        return switch (why) {
            case INELIGIBLE ->
                new ToolRefusal(
                        "not_eligible",
                        "%s may not vote on review %s: its route %s takes %s (and nobody reviews their own call); the vote was recorded but not counted"
                                .formatted(
                                        who.name(),
                                        id,
                                        result.review().route().name(),
                                        result.review().route().reviewers()));
            case DUPLICATE ->
                new ToolRefusal(
                        "already_voted",
                        "%s has voted on review %s already; the first vote stands".formatted(who.name(), id));
            case LATE ->
                new ToolRefusal(
                        "already_resolved",
                        "review %s was already %s; the vote was recorded but not counted"
                                .formatted(id, result.review().status()));
        };
    }

    private static Duration approvalFor(String text, boolean approve) {
        if (!approve) {
            throw new InvalidArgument(
                    "approveFor", "grants a temporary approval, so it goes with verdict approve only");
        }
        try {
            Duration d = ReviewRoute.duration(text);
            if (d.isPositive() && d.compareTo(ReviewBoard.MAX_APPROVAL) <= 0) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument("approveFor", e.getMessage());
        }
        throw new InvalidArgument("approveFor", "must be more than 0 and at most 7d, got \"" + text + "\"");
    }

    private static Set<String> capabilities(AgentTokens tokens, Principal who) {
        return tokens.active(who.name()).map(AgentTokens.Agent::capabilities).orElse(Set.of());
    }
}
