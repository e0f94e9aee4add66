package dev.lighthouse.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A stored event: one link of the chain.
 *
 * <p>{@code hash} is HMAC-SHA256, under the key {@code keyId}, of a canonical encoding of every other field
 * including {@code prevHash}, the hash of the event at {@code seq - 1} ({@link Hash#ZERO} for seq 1). So changing
 * any field, removing an event or moving one breaks a MAC or a link, and {@code verify} says which.
 *
 * @param seq position in the chain, from 1, gapless
 * @param id time-ordered id (UUIDv7), unique across nodes and restarts
 * @param time when the store accepted the event, UTC, microsecond precision
 * @param payload canonical JSON text of a JSON object, exactly as signed
 * @param keyId id of the key whose MAC is {@code hash}
 */
public record Event(
        long seq,
        UUID id,
        Instant time,
        EventType type,
        String stream,
        Optional<String> agent,
        String payload,
        String keyId,
        Hash prevHash,
        Hash hash) {

    public Event {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
        requireNonNull(id, "id");
        requireNonNull(time, "time");
        requireNonNull(type, "type");
        requireNonNull(stream, "stream");
        requireNonNull(agent, "agent");
        requireNonNull(payload, "payload");
        requireNonNull(keyId, "keyId");
        requireNonNull(prevHash, "prevHash");
        requireNonNull(hash, "hash");
        time = time.truncatedTo(ChronoUnit.MICROS);
    }

    /** The payload parsed as a tree (a fresh copy each call). */
    public JsonNode payloadJson() {
        return CanonicalJson.parse(payload);
    }

    /**
     * The payload read as the record {@code type}; an {@link EventStoreException} when it does not fit (a payload
     * of another type, or a stored event damaged beyond its MAC's reach).
     */
    public <T extends EventPayload> T payloadAs(Class<T> type) {
        return Payloads.read(payload, type);
    }

    /** The head of the chain if this event is its last link. */
    public Head asHead() {
        return new Head(seq, hash);
    }
}
