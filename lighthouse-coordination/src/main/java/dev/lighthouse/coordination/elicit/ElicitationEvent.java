package dev.lighthouse.coordination.elicit;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The events of elicitations, one record per type, all in the stream {@code elicitation/<id>}; {@link #read} turns a
 * stored event back into its record, so rebuilding at start is a {@code switch} over this sealed type.
 */
public sealed interface ElicitationEvent extends EventPayload {
    EventType REQUESTED = EventType.of("elicitation.requested");
    EventType ACCEPTED = EventType.of("elicitation.accepted");
    EventType DECLINED = EventType.of("elicitation.declined");
    EventType CANCELLED = EventType.of("elicitation.cancelled");
    EventType EXPIRED = EventType.of("elicitation.expired");

    /** The types, and the record each is read as. */
    Map<EventType, Class<? extends ElicitationEvent>> TYPES = Map.of(
            REQUESTED, Requested.class,
            ACCEPTED, Accepted.class,
            DECLINED, Declined.class,
            CANCELLED, Cancelled.class,
            EXPIRED, Expired.class);

    /** The elicitation the event belongs to. */
    String elicitation();

    /** The record of an elicitation event; an {@link IllegalArgumentException} for any other type. */
    static ElicitationEvent read(Event e) {
        Class<? extends ElicitationEvent> type = TYPES.get(e.type());
        if (type == null) {
            throw new IllegalArgumentException("%s is not an elicitation event".formatted(e.type()));
        }
        return e.payloadAs(type);
    }

    /**
     * {@code from} asked {@code to} a question whose answer must fit {@code schema}, by {@code deadline}.
     * {@code signature} is the bridge's HMAC over the other fields ({@link ElicitationSigner#request}).
     */
    record Requested(
            String elicitation,
            String from,
            String to,
            String question,
            JsonNode schema,
            Instant created,
            Instant deadline,
            String signature)
            implements ElicitationEvent {
        @Override
        public EventType eventType() {
            return REQUESTED;
        }
    }

    /**
     * The asked agent answered with {@code content}, which fitted the schema; {@code nonce} is the answer's own, used
     * once; {@code signature} covers the answer and the request's signature ({@link ElicitationSigner#response}).
     */
    record Accepted(String elicitation, String by, JsonNode content, String nonce, Instant at, String signature)
            implements ElicitationEvent {
        @Override
        public EventType eventType() {
            return ACCEPTED;
        }
    }

    /** The asked agent declined to answer, signed like an answer. */
    record Declined(String elicitation, String by, Optional<String> reason, String nonce, Instant at, String signature)
            implements ElicitationEvent {
        @Override
        public EventType eventType() {
            return DECLINED;
        }
    }

    /** The asker withdrew the question. */
    record Cancelled(String elicitation, String by, Instant at) implements ElicitationEvent {
        @Override
        public EventType eventType() {
            return CANCELLED;
        }
    }

    /** Nobody answered by the deadline. */
    record Expired(String elicitation, Instant at) implements ElicitationEvent {
        @Override
        public EventType eventType() {
            return EXPIRED;
        }
    }
}
