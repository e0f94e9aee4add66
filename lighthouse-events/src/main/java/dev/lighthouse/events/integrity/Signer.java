package dev.lighthouse.events.integrity;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;

/**
 * Computes event and checkpoint MACs. Not thread-safe: one per writer or verifier thread (it keeps one {@link Mac}
 * per key).
 *
 * <p>The signed bytes of an event are, in order: the ASCII tag {@code lighthouse-event-v1}; seq (8 bytes); the id's
 * two longs; the time in microseconds since the epoch (8 bytes); then type, stream, agent, payload and key id, each
 * as a 4-byte length and UTF-8 (an absent agent is length -1); then the 32 bytes of the previous hash. Big-endian
 * throughout. Length prefixes make the encoding unambiguous: no two different events encode the same.
 */
public final class Signer {
    private static final byte[] EVENT_TAG = "lighthouse-event-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECKPOINT_TAG = "lighthouse-checkpoint-v1".getBytes(StandardCharsets.US_ASCII);

    private final Keyring keys;
    private final Map<String, Mac> macs = new HashMap<>();
    private ByteBuffer buffer = ByteBuffer.allocate(4096);

    public Signer(Keyring keys) {
        this.keys = keys;
    }

    public Keyring keyring() {
        return keys;
    }

    /** The MAC, under the active key, of an event with these fields. */
    public Hash sign(
            long seq,
            UUID id,
            Instant time,
            EventType type,
            String stream,
            Optional<String> agent,
            String payload,
            Hash prevHash) {
        String keyId = keys.active().id();
        return mac(keyId, encode(seq, id, time, type, stream, agent, payload, keyId, prevHash));
    }

    /**
     * The MAC the event would have if it sat at {@code seq}; empty if its key is unknown. With {@code seq ==
     * event.seq()} this checks the event; with another seq it tells whether the event was moved.
     */
    public Optional<Hash> macAt(Event e, long seq) {
        if (keys.key(e.keyId()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(mac(
                e.keyId(),
                encode(seq, e.id(), e.time(), e.type(), e.stream(), e.agent(), e.payload(), e.keyId(), e.prevHash())));
    }

    /** Whether {@code e.hash()} is the MAC of its fields. */
    public boolean valid(Event e) {
        return macAt(e, e.seq()).map(e.hash()::equals).orElse(false);
    }

    /** A checkpoint saying the chain reached {@code head} at {@code time}, signed under the active key. */
    public Checkpoint checkpoint(long seq, Hash hash, Instant time) {
        Instant t = time.truncatedTo(ChronoUnit.MICROS);
        String keyId = keys.active().id();
        return new Checkpoint(seq, hash, t, keyId, mac(keyId, encodeCheckpoint(seq, hash, t, keyId)));
    }

    /** Whether a checkpoint's MAC is right; false if its key is unknown. */
    public boolean valid(Checkpoint c) {
        return keys.key(c.keyId()).isPresent()
                && mac(c.keyId(), encodeCheckpoint(c.seq(), c.hash(), c.time(), c.keyId()))
                        .equals(c.mac());
    }

    private Hash mac(String keyId, ByteBuffer data) {
        Mac mac = macs.computeIfAbsent(keyId, id -> keys.key(id).orElseThrow().mac());
        mac.update(data.array(), 0, data.position());
        return Hash.of(mac.doFinal());
    }

    private ByteBuffer encode(
            long seq,
            UUID id,
            Instant time,
            EventType type,
            String stream,
            Optional<String> agent,
            String payload,
            String keyId,
            Hash prevHash) {
        byte[] typeBytes = type.name().getBytes(StandardCharsets.UTF_8);
        byte[] streamBytes = stream.getBytes(StandardCharsets.UTF_8);
        byte[] agentBytes = agent.map(a -> a.getBytes(StandardCharsets.UTF_8)).orElse(null);
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] keyBytes = keyId.getBytes(StandardCharsets.UTF_8);
        int size = EVENT_TAG.length
                + 32
                + 5 * 4
                + typeBytes.length
                + streamBytes.length
                + (agentBytes == null ? 0 : agentBytes.length)
                + payloadBytes.length
                + keyBytes.length
                + Hash.LENGTH;
        ByteBuffer b = buffer(size);
        b.put(EVENT_TAG).putLong(seq).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        b.putLong(micros(time));
        putBytes(b, typeBytes);
        putBytes(b, streamBytes);
        if (agentBytes == null) {
            b.putInt(-1);
        } else {
            putBytes(b, agentBytes);
        }
        putBytes(b, payloadBytes);
        putBytes(b, keyBytes);
        prevHash.writeTo(b);
        return b;
    }

    private ByteBuffer encodeCheckpoint(long seq, Hash hash, Instant time, String keyId) {
        byte[] keyBytes = keyId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = buffer(CHECKPOINT_TAG.length + 8 + Hash.LENGTH + 8 + 4 + keyBytes.length);
        b.put(CHECKPOINT_TAG).putLong(seq);
        hash.writeTo(b);
        b.putLong(micros(time));
        putBytes(b, keyBytes);
        return b;
    }

    private ByteBuffer buffer(int size) {
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocate(Math.max(size, 2 * buffer.capacity()));
        }
        return buffer.clear();
    }

    private static void putBytes(ByteBuffer b, byte[] bytes) {
        b.putInt(bytes.length).put(bytes);
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
