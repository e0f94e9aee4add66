package dev.lighthouse.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events as JSON lines, one object per event, for export, import and {@code lighthouse events query --json}:
 *
 * <pre>{@code
 * {"seq":1,"id":"019a…","time":"2026-11-23T09:00:00.123456Z","type":"decision.made","stream":"session/s1",
 *  "agent":"a1","payload":{"verdict":"allow"},"keyId":"k3f9…","prevHash":"00…","hash":"9c…"}
 * }</pre>
 *
 * {@code agent} is left out when absent. The payload is embedded as JSON (so {@code jq} reads it) and is canonical,
 * so an imported event's MAC checks out exactly as the exported one's did.
 */
public final class EventJson {
    private EventJson() {}

    /** One event as one line of JSON, without the newline. */
    public static String line(Event e) {
        ObjectNode n = CanonicalJson.MAPPER.createObjectNode();
        n.put("seq", e.seq());
        n.put("id", e.id().toString());
        n.put("time", e.time().toString());
        n.put("type", e.type().name());
        n.put("stream", e.stream());
        e.agent().ifPresent(a -> n.put("agent", a));
        n.set("payload", e.payloadJson());
        n.put("keyId", e.keyId());
        n.put("prevHash", e.prevHash().toString());
        n.put("hash", e.hash().toString());
        return CanonicalJson.MAPPER.writeValueAsString(n);
    }

    /** Parses one line written by {@link #line}. */
    public static Event parse(String line) {
        try {
            JsonNode n = CanonicalJson.MAPPER.readTree(line);
            return new Event(
                    n.required("seq").asLong(),
                    UUID.fromString(n.required("id").asString()),
                    Instant.parse(n.required("time").asString()),
                    new EventType(n.required("type").asString()),
                    n.required("stream").asString(),
                    n.has("agent") ? Optional.of(n.get("agent").asString()) : Optional.empty(),
                    CanonicalJson.write(n.required("payload")),
                    n.required("keyId").asString(),
                    Hash.parse(n.required("prevHash").asString()),
                    Hash.parse(n.required("hash").asString()));
        } catch (JacksonException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new EventRejectedException("not an exported event: " + e.getMessage());
        }
    }

    /** Writes events {@code fromSeq..toSeq} (inclusive) as JSON lines; returns how many. */
    public static long export(EventStore store, long fromSeq, long toSeq, Writer out) {
        long count = 0;
        try {
            for (long next = Math.max(1, fromSeq); next <= toSeq; ) {
                List<Event> page = store.read(next, 1_000);
                if (page.isEmpty()) {
                    break;
                }
                for (Event e : page) {
                    if (e.seq() > toSeq) {
                        break;
                    }
                    out.write(line(e));
                    out.write('\n');
                    count++;
                }
                next = page.getLast().seq() + 1;
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export: " + e.getMessage(), e);
        }
        return count;
    }

    /**
     * Restores exported events into {@code store} (see {@link EventStore#restore}), in batches of at most
     * {@link EventStore#MAX_BATCH}; returns how many. Stops at the first line that is malformed or does not continue
     * the chain, naming the line; the batches before it stay stored.
     */
    public static long importInto(EventStore store, BufferedReader in) {
        long count = 0;
        long lineNo = 0;
        long batchStart = 1;
        List<Event> batch = new ArrayList<>();
        try {
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (batch.isEmpty()) {
                    batchStart = lineNo;
                }
                try {
                    batch.add(parse(line));
                } catch (EventRejectedException e) {
                    throw new EventRejectedException("line %d: %s".formatted(lineNo, e.getMessage()));
                }
                if (batch.size() == EventStore.MAX_BATCH) {
                    count += restore(store, batch, batchStart);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the import: " + e.getMessage(), e);
        }
        if (!batch.isEmpty()) {
            count += restore(store, batch, batchStart);
        }
        return count;
    }

    private static int restore(EventStore store, List<Event> batch, long firstLine) {
        try {
            int n = store.restore(batch).size();
            batch.clear();
            return n;
        } catch (EventRejectedException e) {
            throw new EventRejectedException(
                    "lines %d to %d: %s".formatted(firstLine, firstLine + batch.size() - 1, e.getMessage()));
        }
    }
}
