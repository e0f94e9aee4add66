package dev.lighthouse.bridge.mcp;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.coordination.lease.Lease;
import dev.lighthouse.events.EventType;
import dev.lighthouse.review.ReviewBoard;
import dev.lighthouse.review.ReviewQuery;
import dev.lighthouse.review.ReviewView;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The built-in resources: the active policy, the latest decisions, the pending reviews, the leases. */
final class LighthouseResources {
    /** Most pending reviews the resource lists (review_list pages through all of them). */
    static final int PENDING_SHOWN = 200;

    private LighthouseResources() {}

    record Decisions(String scope, List<RecentActivity.Decision> decisions) {}

    record Pending(List<ReviewView> reviews, boolean more) {}

    record Leases(List<Lease> leases) {}

    static List<McpResource> standard(McpServices services, RecentActivity recent) {
        return List.of(
                new McpResource(
                        "lighthouse://policy/active",
                        "Active policy",
                        "The policy version deciding now (name, hash, layers, any canary or shadow), as GET /v1/policy"
                                + " shows it. Updated when a policy is activated, rolled back or promoted.",
                        Permission.READ,
                        type -> type.namespace().equals("policy"),
                        caller -> services.policy().get()),
                new McpResource(
                        "lighthouse://decisions/recent",
                        "Recent decisions",
                        "The latest " + RecentActivity.DECISIONS + " decisions, newest first, each with its agent,"
                                + " hook session, tool, verdict and reason; an agent sees its own only. Updated with"
                                + " each decision.",
                        Permission.READ,
                        type -> type.equals(EventType.DECISION_MADE),
                        caller -> caller.who().role().readsEveryAgent()
                                ? new Decisions("every agent", recent.decisions(Optional.empty()))
                                : new Decisions(
                                        "agent " + caller.who().name(),
                                        recent.decisions(
                                                Optional.of(caller.who().name())))),
                new McpResource(
                        "lighthouse://reviews/pending",
                        "Pending reviews",
                        "Tool calls waiting for a reviewer's verdict, oldest first (an agent expert sees those routed"
                                + " to it). Updated when a review is requested, voted on or settled.",
                        Permission.REVIEW,
                        type -> type.namespace().equals("review")
                                || type.namespace().equals("approval"),
                        caller -> pending(services, caller)),
                new McpResource(
                        "lighthouse://leases",
                        "File leases",
                        "The file leases holding now, oldest first: holder, project, paths, mode, reason and expiry."
                                + " Updated when a lease is acquired, renewed, released or revoked (one that"
                                + " reaches its expiry just drops out).",
                        Permission.READ,
                        type -> type.namespace().equals("lease"),
                        caller -> new Leases(services.leases().list())));
    }

    private static Pending pending(McpServices services, Caller caller) {
        Optional<Set<String>> routedTo = caller.who().role().readsEveryAgent()
                ? Optional.empty()
                : Optional.of(services.tokens()
                        .active(caller.who().name())
                        .map(AgentTokens.Agent::capabilities)
                        .orElse(Set.of()));
        ReviewBoard.ReviewPage page = services.reviews()
                .list(ReviewQuery.pending().withRoutedTo(routedTo).withLimit(PENDING_SHOWN));
        return new Pending(page.reviews(), page.next().isPresent());
    }
}
