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
    private static final byte[] CHAINED_CHECKPOINT_TAG = "lighthouse-checkpoint-v2".getBytes(StandardCharsets.US_ASCII);

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
        return mac(keyId, encodeHere(seq, id, time, type, stream, agent, payload, keyId, prevHash));
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
                encodeHere(
                        seq, e.id(), e.time(), e.type(), e.stream(), e.agent(), e.payload(), e.keyId(), e.prevHash())));
    }

    /**
     * The MAC under key {@code keyId} of bytes encoded as described in the class comment (by the store, say, straight
     * from its columns); empty if the key is unknown.
     */
    public Optional<Hash> mac(String keyId, byte[] signed) {
        if (keys.key(keyId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Hash.of(macFor(keyId).doFinal(signed)));
    }

    /** The bytes an event's MAC covers, as described in the class comment. Thread-safe. */
    public static byte[] signedBytes(Event e) {
        ByteBuffer b = encode(
                ByteBuffer.allocate(64),
                e.seq(),
                e.id(),
                e.time(),
                e.type(),
                e.stream(),
                e.agent(),
                e.payload(),
                e.keyId(),
                e.prevHash());
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Whether {@code e.hash()} is the MAC of its fields. */
    public boolean valid(Event e) {
        return macAt(e, e.seq()).map(e.hash()::equals).orElse(false);
    }

    /**
     * A checkpoint saying the chain reached {@code head} at {@code time}, signed under the active key and chained to
     * {@code prev}, the MAC of the checkpoint before it ({@link Hash#ZERO} for the first).
     */
    public Checkpoint checkpoint(long seq, Hash hash, Instant time, Hash prev) {
        Instant t = time.truncatedTo(ChronoUnit.MICROS);
        String keyId = keys.active().id();
        return new Checkpoint(
                seq,
                hash,
                t,
                keyId,
                mac(keyId, encodeCheckpoint(seq, hash, t, keyId, Optional.of(prev))),
                Optional.of(prev));
    }

    /** A checkpoint as files written before the chain hold them (no {@code prev}): to test that they still verify. */
    Checkpoint unchainedCheckpoint(long seq, Hash hash, Instant time) {
        Instant t = time.truncatedTo(ChronoUnit.MICROS);
        String keyId = keys.active().id();
        return new Checkpoint(seq, hash, t, keyId, mac(keyId, encodeCheckpoint(seq, hash, t, keyId, Optional.empty())));
    }

    /** Whether a checkpoint's MAC is right (over its {@code prev} too, if chained); false if its key is unknown. */
    public boolean valid(Checkpoint c) {
        return keys.key(c.keyId()).isPresent()
                && mac(c.keyId(), encodeCheckpoint(c.seq(), c.hash(), c.time(), c.keyId(), c.prev()))
                        .equals(c.mac());
    }

    private Mac macFor(String keyId) {
        return macs.computeIfAbsent(keyId, id -> keys.key(id).orElseThrow().mac());
    }

    private Hash mac(String keyId, ByteBuffer data) {
        Mac mac = macFor(keyId);
        mac.update(data.array(), 0, data.position());
        return Hash.of(mac.doFinal());
    }

    /** Encodes into this signer's buffer, grown as needed. */
    private ByteBuffer encodeHere(
            long seq,
            UUID id,
            Instant time,
            EventType type,
            String stream,
            Optional<String> agent,
            String payload,
            String keyId,
            Hash prevHash) {
        buffer = encode(buffer, seq, id, time, type, stream, agent, payload, keyId, prevHash);
        return buffer;
    }

    /** Encodes into {@code into} if it is large enough, else into a new buffer; returns the one written. */
    private static ByteBuffer encode(
            ByteBuffer into,
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
        byte[][] sources = {typeBytes, streamBytes, agentBytes, payloadBytes, keyBytes};
        int[] bounds = new int[2 * sources.length];
        for (int k = 0; k < sources.length; k++) {
            bounds[2 * k + 1] = sources[k] == null ? -1 : sources[k].length;
        }
        return encode(
                into,
                seq,
                id.getMostSignificantBits(),
                id.getLeastSignificantBits(),
                micros(time),
                sources,
                bounds,
                prevHash);
    }

    /**
     * The signed bytes from the fields as a store holds them, without building an event: the time in microseconds
     * since the epoch, and type, stream, agent, payload and key id as UTF-8 that lies in {@code source}, the k-th at
     * {@code bounds[2k]} for {@code bounds[2k + 1]} bytes (length -1 for an absent agent). Thread-safe.
     */
    public static byte[] signedBytes(
            long seq, long idHigh, long idLow, long micros, byte[] source, int[] bounds, Hash prevHash) {
        byte[][] sources = {source, source, source, source, source};
        ByteBuffer b = encode(ByteBuffer.allocate(0), seq, idHigh, idLow, micros, sources, bounds, prevHash);
        return b.array().length == b.position() ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** The one encoder of the class comment's format: field k is {@code sources[k]} at {@code bounds[2k]}. */
    private static ByteBuffer encode(
            ByteBuffer into,
            long seq,
            long idHigh,
            long idLow,
            long micros,
            byte[][] sources,
            int[] bounds,
            Hash prevHash) {
        int size = EVENT_TAG.length + 32 + 5 * 4 + Hash.LENGTH;
        for (int k = 0; k < sources.length; k++) {
            size += Math.max(0, bounds[2 * k + 1]);
        }
        ByteBuffer b = into.capacity() >= size
                ? into.clear()
                : ByteBuffer.allocate(into.capacity() == 0 ? size : Math.max(size, 2 * into.capacity()));
        b.put(EVENT_TAG).putLong(seq).putLong(idHigh).putLong(idLow).putLong(micros);
        for (int k = 0; k < sources.length; k++) {
            int length = bounds[2 * k + 1];
            b.putInt(length);
            if (length > 0) {
                b.put(sources[k], bounds[2 * k], length);
            }
        }
        prevHash.writeTo(b);
        return b;
    }

    private ByteBuffer encodeCheckpoint(long seq, Hash hash, Instant time, String keyId, Optional<Hash> prev) {
        byte[] keyBytes = keyId.getBytes(StandardCharsets.UTF_8);
        byte[] tag = prev.isPresent() ? CHAINED_CHECKPOINT_TAG : CHECKPOINT_TAG;
        ByteBuffer b = buffer(tag.length + 8 + Hash.LENGTH + 8 + 4 + keyBytes.length + Hash.LENGTH);
        b.put(tag).putLong(seq);
        hash.writeTo(b);
        b.putLong(micros(time));
        putBytes(b, keyBytes);
        prev.ifPresent(p -> p.writeTo(b));
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
