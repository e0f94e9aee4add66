package dev.lighthouse.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A {@code decision.made} event: one decided call as recorded, secrets already redacted.
 *
 * @param channel the dialect or API it came through
 * @param simulated present (true) for a load test's simulated agent
 * @param input the tool input, or {@code {"omittedChars", "sha256"}} for one too large to record
 * @param decision the policy's verdict: allow, review or deny
 * @param answer what the agent heard: allow, unmatched, review or deny
 * @param rules the matching rules, strongest first
 * @param policy the deciding policy version's hash
 * @param policyMicros time spent deciding
 */
public record DecisionMade(
        String channel,
        Optional<Boolean> simulated,
        String session,
        String cwd,
        String project,
        String tool,
        JsonNode input,
        String decision,
        String answer,
        String risk,
        List<String> rules,
        String reason,
        Optional<String> suggestion,
        String policy,
        String policyName,
        boolean cached,
        long policyMicros,
        Instant decidedAt)
        implements EventPayload {
    @Override
    public EventType eventType() {
        return EventType.DECISION_MADE;
    }

    /** Whether a load test's simulated agent made the call. */
    public boolean bySimulatedAgent() {
        return simulated.orElse(false);
    }
}
