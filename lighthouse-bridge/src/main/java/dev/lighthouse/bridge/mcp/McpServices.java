package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.decision.DecisionPipeline;
import dev.lighthouse.coordination.elicit.Elicitations;
import dev.lighthouse.coordination.expert.ExpertRegistry;
import dev.lighthouse.coordination.lease.Leases;
import dev.lighthouse.coordination.task.Tasks;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.review.ReviewBoard;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The bridge's parts the built-in tools and resources use.
 *
 * @param authMode how callers authenticate ({@code optional} or {@code required}), as {@code /v1/status} says
 * @param policy the active policy as {@code GET /v1/policy} shows it (a record)
 */
public record McpServices(
        DecisionPipeline pipeline,
        EventStore store,
        ReviewBoard reviews,
        Leases leases,
        Elicitations elicitations,
        Tasks tasks,
        ExpertRegistry experts,
        AgentTokens tokens,
        Clock clock,
        Instant started,
        String authMode,
        Supplier<Object> policy) {
    public McpServices {
        requireNonNull(pipeline, "pipeline");
        requireNonNull(store, "store");
        requireNonNull(reviews, "reviews");
        requireNonNull(leases, "leases");
        requireNonNull(elicitations, "elicitations");
        requireNonNull(tasks, "tasks");
        requireNonNull(experts, "experts");
        requireNonNull(tokens, "tokens");
        requireNonNull(clock, "clock");
        requireNonNull(started, "started");
        requireNonNull(authMode, "authMode");
        requireNonNull(policy, "policy");
    }
}
