package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.limits.CallerSlots;
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
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/decisions/stream}: server-sent events, one {@code decision} event per recorded decision, live from
 * the event store's subscription; {@code GET /v1/reviews/stream} the same for the review namespaces ({@code review.*},
 * {@code approval.*}), each SSE event named by its event type with the event's payload as data;
 * {@code GET /v1/policy/stream}, {@code GET /v1/integrity/stream} and {@code GET /v1/leases/stream} the same for
 * {@code policy.*}, {@code integrity.*} and {@code lease.*}. Each event's SSE id is its seq, so a client that reconnects with
 * {@code Last-Event-ID} (or {@code ?after=SEQ}) misses nothing. A comment line every 15 s keeps proxies from closing
 * an idle stream and tells the bridge when the client has gone.
 *
 * <p>Each open stream holds one request thread (virtual) and one store subscription; {@link #closeAll} ends them at
 * shutdown. Events are flushed in batches, a few ms at most after the first of them ({@link SseWriter}).
 */
final class DecisionStream {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Gate gate;
    private final EventStore store;
    private final Permission permission;
    private final Predicate<EventType> types;
    private final Function<Event, String> render;
    private final BiPredicate<Principal, Event> visible;
    private final String what;
    private final boolean agentScoped;
    private final Set<SseWriter> open = ConcurrentHashMap.newKeySet();
    private final CallerSlots streams;
    private final long maxReplay;

    private DecisionStream(
            Gate gate,
            EventStore store,
            Permission permission,
            Predicate<EventType> types,
            Function<Event, String> render,
            BiPredicate<Principal, Event> visible,
            String what,
            boolean agentScoped,
            CallerSlots streams,
            long maxReplay) {
        this.agentScoped = agentScoped;
        this.streams = streams;
        this.maxReplay = maxReplay;
        this.gate = gate;
        this.visible = visible;
        this.what = what;
        this.store = store;
        this.permission = permission;
        this.types = types;
        this.render = render;
    }

    /** Decisions as {@code event: decision}, data a decision record. */
    static DecisionStream decisions(Gate gate, EventStore store, CallerSlots streams, long maxReplay) {
        return new DecisionStream(
                gate,
                store,
                Permission.READ,
                EventType.DECISION_MADE::equals,
                e -> "event: decision\ndata: " + JSON.writeValueAsString(DecisionsApi.record(e)),
                (who, e) -> true,
                "decisions",
                true,
                streams,
                maxReplay);
    }

    /**
     * Review and approval events as {@code event: review.verdict} etc., data the event's payload. An agent expert
     * sees the events of the reviews routed to it only.
     */
    static DecisionStream reviews(
            Gate gate, EventStore store, CallerSlots streams, long maxReplay, BiPredicate<Principal, String> routedTo) {
        return new DecisionStream(
                gate,
                store,
                Permission.REVIEW,
                t -> t.namespace().equals("review") || t.namespace().equals("approval"),
                e -> "event: " + e.type() + "\ndata: " + e.payload(),
                (who, e) -> ReadScope.seesAll(who)
                        || routedTo.test(who, e.payloadJson().path("review").asString()),
                "review events",
                true,
                streams,
                maxReplay);
    }

    /**
     * The events of one namespace (e.g. {@code policy}, {@code integrity}) as {@code event: policy.activated} etc.,
     * data the event's payload: the live feed behind the filesystem view's {@code streams/} files.
     */
    static DecisionStream namespace(
            Gate gate, EventStore store, CallerSlots streams, long maxReplay, String namespace) {
        return new DecisionStream(
                gate,
                store,
                Permission.READ,
                t -> t.namespace().equals(namespace),
                e -> "event: " + e.type() + "\ndata: " + e.payload(),
                (who, e) -> true,
                namespace + " events",
                true,
                streams,
                maxReplay);
    }

    /**
     * Lease events as {@code event: lease.acquired} etc., data the event's payload. Every reader sees every agent's,
     * as {@code GET /v1/leases} shows every lease: agents coordinate through each other's leases.
     */
    static DecisionStream leases(Gate gate, EventStore store, CallerSlots streams, long maxReplay) {
        return new DecisionStream(
                gate,
                store,
                Permission.READ,
                t -> t.namespace().equals("lease"),
                e -> "event: " + e.type() + "\ndata: " + e.payload(),
                (who, e) -> true,
                "lease events",
                false,
                streams,
                maxReplay);
    }

    void stream(ServerRequest req, ServerResponse res) {
        long from;
        Optional<String> agent;
        Principal who;
        CallerSlots.Slot slot;
        try {
            who = gate.admit(req, permission);
            long asked = start(req);
            if (asked > 0 && permission == Permission.READ && !ReadScope.seesAll(who)) {
                throw new Refused(
                        403,
                        "forbidden",
                        ("agent `%s` has role %s, which follows its own decisions live but may not replay the log;"
                                        + " page through its own with GET /v1/decisions?after=SEQ")
                                .formatted(who.name(), who.role().label()));
            }
            long head = store.head().seq();
            from = asked > 0 ? asked : head + 1;
            if (head + 1 - from > maxReplay) {
                throw new Refused(
                        400,
                        "replay_too_long",
                        ("a replay from seq %d would send %,d events; a stream replays at most %,d. Page through"
                                        + " GET /v1/decisions?after=SEQ, then follow the stream from where it ends")
                                .formatted(from, head + 1 - from, maxReplay));
            }
            Optional<String> askedAgent =
                    req.query().contains("agent") ? Optional.of(req.query().get("agent")) : Optional.empty();
            agent = permission == Permission.READ && agentScoped ? ReadScope.agent(who, askedAgent) : askedAgent;
            slot = Requests.stream(streams, who);
        } catch (Refused e) {
            Responses.refused(res, e);
            return;
        } catch (IllegalArgumentException e) {
            Responses.error(res, 400, "bad_request", e.getMessage());
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try (slot;
                OutputStream out = res.outputStream()) {
            SseWriter sse = new SseWriter(out, KEEP_ALIVE);
            open.add(sse);
            try {
                sse.sendNow(": lighthouse " + what + " from seq " + from + "\n\n");
                try (Subscription ignored = store.subscribe(from, event -> deliver(sse, event, who, agent))) {
                    sse.run();
                }
            } finally {
                open.remove(sse);
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends every open stream (at shutdown). */
    void closeAll() {
        open.forEach(SseWriter::close);
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

    private void deliver(SseWriter sse, Event event, Principal who, Optional<String> agent) {
        if (!types.test(event.type())
                || (agent.isPresent() && !agent.equals(event.agent()))
                || !visible.test(who, event)) {
            return;
        }
        try {
            sse.send("id: " + event.seq() + "\n" + render.apply(event) + "\n\n");
        } catch (IOException e) {
            sse.close();
            throw new UncheckedIOException(e);
        }
    }
}
