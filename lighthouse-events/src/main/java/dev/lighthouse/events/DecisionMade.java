package dev.lighthouse.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;
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
 * @param denied for a deny in a session: what the session's memory of denials keeps of it (absent otherwise, and in
 *     events recorded before it existed), so the memory can be rebuilt from the events
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
        Instant decidedAt,
        Optional<DeniedTargets> denied)
        implements EventPayload {
    public DecisionMade {
        denied = denied == null ? Optional.empty() : denied;
    }

    /**
     * What a denial reached, as a session's memory of denials keeps it.
     *
     * @param rule the rule that denied
     * @param paths resolved paths
     * @param wide those of the paths that are all of {@code /} or home
     * @param hosts hosts reached
     * @param objects a program and its subcommand, for acts without a path or host
     */
    public record DeniedTargets(
            String rule, List<String> paths, List<String> wide, List<String> hosts, List<String> objects) {
        public DeniedTargets {
            paths = List.copyOf(paths);
            wide = List.copyOf(wide);
            hosts = List.copyOf(hosts);
            objects = List.copyOf(objects);
        }
    }

    @Override
    public EventType eventType() {
        return EventType.DECISION_MADE;
    }

    /** Whether a load test's simulated agent made the call. */
    public boolean bySimulatedAgent() {
        return simulated.orElse(false);
    }

    /**
     * What the agent heard, as a stored payload says it: its top-level {@code answer}, else its {@code decision}
     * (records older than answers), else "unknown". The stores keep it beside each decision when it is appended, so
     * that listing decisions reads no payload. Reads fields in order and stops at {@code answer}, which sorts first in
     * a canonical payload, so the call input after it is never parsed.
     */
    public static String answerOf(String payload) {
        return answerOf(ANSWER_READER.createParser(payload));
    }

    /** As {@link #answerOf(String)}, of a payload's UTF-8 bytes where a store's row holds them (verify reads those). */
    public static String answerOf(byte[] utf8, int offset, int length) {
        return answerOf(ANSWER_READER.createParser(utf8, offset, length));
    }

    private static String answerOf(JsonParser parser) {
        String decision = null;
        try (JsonParser p = parser) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN_ANSWER;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && field.equals("answer")) {
                    return p.getString();
                }
                if (value == JsonToken.VALUE_STRING && field.equals("decision")) {
                    decision = p.getString();
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return UNKNOWN_ANSWER; // a payload damaged beyond its MAC's reach: `lighthouse verify` says where
        }
        return decision == null ? UNKNOWN_ANSWER : decision;
    }

    /** The answer of a payload that names none. */
    public static final String UNKNOWN_ANSWER = "unknown";

    private static final JsonFactory ANSWER_READER = new JsonFactory();
}
