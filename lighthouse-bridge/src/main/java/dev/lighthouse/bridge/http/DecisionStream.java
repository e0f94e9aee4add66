package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Subscription;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/decisions/stream}: server-sent events, one {@code decision} event per recorded decision, live from
 * the event store's subscription. Each event's SSE id is its seq, so a client that reconnects with
 * {@code Last-Event-ID} (or {@code ?after=SEQ}) misses nothing. A comment line every 15 s keeps proxies from closing
 * an idle stream and tells the bridge when the client has gone.
 *
 * <p>Each open stream holds one request thread (virtual) and one store subscription; {@link #closeAll} ends them at
 * shutdown.
 */
final class DecisionStream {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Gate gate;
    private final EventStore store;
    private final Set<CountDownLatch> open = ConcurrentHashMap.newKeySet();

    DecisionStream(Gate gate, EventStore store) {
        this.gate = gate;
        this.store = store;
    }

    void stream(ServerRequest req, ServerResponse res) {
        long from;
        Optional<String> agent;
        try {
            gate.admit(req, Permission.READ);
            long asked = start(req);
            from = asked > 0 ? asked : store.head().seq() + 1;
            agent = req.query().contains("agent") ? Optional.of(req.query().get("agent")) : Optional.empty();
        } catch (Refused e) {
            Responses.error(res, e.status, e.code, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            Responses.error(res, 400, "bad_request", e.getMessage());
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        CountDownLatch done = new CountDownLatch(1);
        open.add(done);
        try (OutputStream out = res.outputStream()) {
            write(out, ": lighthouse decisions from seq " + from + "\n\n");
            try (Subscription ignored = store.subscribe(from, event -> deliver(out, event, agent, done))) {
                while (!done.await(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS)) {
                    write(out, ": keep-alive\n\n");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(done);
        }
    }

    /** Ends every open stream (at shutdown). */
    void closeAll() {
        open.forEach(CountDownLatch::countDown);
    }

    private static long start(ServerRequest req) {
        Optional<String> last = req.headers().first(HeaderNames.create("Last-Event-ID"));
        if (last.isPresent()) {
            return Cursor.parse(last.get()).afterSeq() + 1;
        }
        if (req.query().contains("after")) {
            return Cursor.parse(req.query().get("after")).afterSeq() + 1;
        }
        return 0;
    }

    private void deliver(OutputStream out, Event event, Optional<String> agent, CountDownLatch done) {
        if (!event.type().equals(EventType.DECISION_MADE) || (agent.isPresent() && !agent.equals(event.agent()))) {
            return;
        }
        String data = JSON.writeValueAsString(DecisionsApi.record(event));
        try {
            write(out, "id: " + event.seq() + "\nevent: decision\ndata: " + data + "\n\n");
        } catch (IOException e) {
            done.countDown();
            throw new UncheckedIOException(e);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        synchronized (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
