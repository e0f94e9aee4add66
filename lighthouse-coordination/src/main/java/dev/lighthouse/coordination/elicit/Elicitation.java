package dev.lighthouse.coordination.elicit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One question an agent asked another, as it stands, and as {@code /v1/elicitations} and the MCP tools show it (the
 * bridge writes empty optionals out).
 *
 * @param from the asker
 * @param to the asked agent, the only one who may answer or decline
 * @param schema the JSON Schema an answer must fit
 * @param answer the accepted answer
 * @param declineReason why the asked agent declined, if it said
 * @param ended when it left pending
 * @param signature the bridge's signature of the request
 */
public record Elicitation(
        String id,
        String from,
        String to,
        String question,
        JsonNode schema,
        ElicitationStatus status,
        Instant created,
        Instant deadline,
        Optional<JsonNode> answer,
        @JsonProperty("decline_reason") Optional<String> declineReason,
        Optional<Instant> ended,
        String signature)
        implements Elicitations.Outcome {
    public Elicitation {
        requireNonNull(id, "id");
        requireNonNull(status, "status");
        requireNonNull(answer, "answer");
        requireNonNull(declineReason, "declineReason");
        requireNonNull(ended, "ended");
    }

    Elicitation ended(ElicitationStatus to, Instant at, Optional<JsonNode> content, Optional<String> reason) {
        return new Elicitation(
                id,
                from,
                this.to,
                question,
                schema,
                to,
                created,
                deadline,
                content,
                reason,
                Optional.of(at),
                signature);
    }
}
