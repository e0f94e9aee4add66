package dev.lighthouse.events;

/**
 * A typed event payload: a record that names its event type. {@link NewEvent#of(String, EventPayload)} writes it
 * through Jackson databind into the same canonical JSON the chain signs, and {@link Event#payloadAs} reads it back,
 * so a component declares its events as records under a sealed interface instead of building JSON by hand.
 *
 * <p>Empty {@code Optional} components are left out of the JSON; unknown properties are ignored on reading, so an
 * event written by a newer version still reads.
 */
public interface EventPayload {
    /** The type the event is stored under (not part of the payload). */
    EventType eventType();
}
