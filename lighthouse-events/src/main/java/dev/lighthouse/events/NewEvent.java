package dev.lighthouse.events;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An event as a component hands it to {@link EventStore#append}: the store adds seq, id, time, key id and the
 * chain hashes.
 *
 * <p>The payload must be a JSON object; it is kept in canonical form (keys sorted, no insignificant white space),
 * which is the exact text that is signed and stored. Construction rejects, with an {@link EventRejectedException}
 * that says which limit, payloads nested deeper than {@value #MAX_DEPTH} levels and events over
 * {@value #MAX_BYTES} bytes.
 *
 * @param stream the stream or aggregate the event belongs to, e.g. {@code session/4f2a} or {@code policy}
 * @param agent the agent that caused the event, if any
 */
public record NewEvent(EventType type, String stream, Optional<String> agent, String payload) {
    /** Largest event: payload plus type, stream and agent, in UTF-8 bytes (1 MiB). */
    public static final int MAX_BYTES = 1 << 20;
    /** Deepest nesting of objects and arrays a payload may have. */
    public static final int MAX_DEPTH = 64;

    public NewEvent {
        requireNonNull(type, "type");
        requireNonNull(agent, "agent");
        requireNonNull(payload, "payload");
        stream = name("stream", stream);
        agent = agent.map(a -> name("agent", a));
        int fixed = utf8Length(type.name())
                + utf8Length(stream)
                + agent.map(NewEvent::utf8Length).orElse(0);
        // Cheap bound first, so a 100 MB payload is refused before it is parsed.
        if (payload.length() > MAX_BYTES || fixed + utf8Length(payload) > MAX_BYTES) {
            throw tooLarge(fixed + utf8Length(payload));
        }
        payload = CanonicalJson.canonical(payload);
        int size = fixed + utf8Length(payload);
        if (size > MAX_BYTES) {
            throw tooLarge(size);
        }
    }

    /** An event no agent caused, e.g. a policy activation. */
    public static NewEvent of(EventType type, String stream, JsonNode payload) {
        return new NewEvent(type, stream, Optional.empty(), CanonicalJson.write(payload));
    }

    /** An event caused by {@code agent}. */
    public static NewEvent byAgent(EventType type, String stream, String agent, JsonNode payload) {
        return new NewEvent(type, stream, Optional.of(agent), CanonicalJson.write(payload));
    }

    /** A typed event no agent caused. */
    public static NewEvent of(String stream, EventPayload payload) {
        return of(payload.eventType(), stream, Payloads.tree(payload));
    }

    /** A typed event caused by {@code agent}. */
    public static NewEvent byAgent(String stream, String agent, EventPayload payload) {
        return byAgent(payload.eventType(), stream, agent, Payloads.tree(payload));
    }

    /** The payload parsed as a tree (a fresh copy each call). */
    public JsonNode payloadJson() {
        return CanonicalJson.parse(payload);
    }

    private static String name(String what, String value) {
        requireNonNull(value, what);
        if (value.isBlank() || value.length() > 512) {
            throw new EventRejectedException("%s must be 1 to 512 characters, not blank; got \"%s\""
                    .formatted(what, value.length() > 40 ? value.substring(0, 40) + "…" : value));
        }
        return value;
    }

    private static EventRejectedException tooLarge(int size) {
        return new EventRejectedException(
                "event is %,d bytes (payload, type, stream and agent in UTF-8); the limit is %,d bytes"
                        .formatted(size, MAX_BYTES));
    }

    static int utf8Length(String s) {
        int ascii = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
            ascii++;
        }
        return ascii;
    }
}
