package dev.lighthouse.fuse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code streams/decisions}, {@code integrity}, {@code leases}, {@code policy}, {@code reviews}: endless files for
 * {@code tail -f}, one JSON line per event the bridge pushes on its server-sent event streams, from when they connect
 * ({@link #connect}, just after mounting).
 * Following those streams is also what keeps the rest of the view current: a decision joins its hour's listing,
 * {@code decisions/latest}, {@code agents/}, {@code history/} and {@code current/}; a review event refreshes
 * {@code reviews/}, and one resolving a review to allow brings its write to {@code history/} and {@code current/}; a
 * policy event refreshes {@code policy/}; a lease event changes {@code leases/} and the agents' {@code leases.json}.
 */
final class StreamsFolder implements Folder, AutoCloseable {
    /** Bytes each stream file holds (older ones read as blank lines). */
    static final int HELD_BYTES = 8 << 20;

    private final Map<String, StreamBuffer> buffers = new LinkedHashMap<>();
    private final List<EventFeed> feeds = new ArrayList<>();

    StreamsFolder(
            BridgeHttp bridge,
            Decisions decisions,
            Activity activity,
            ReviewsFolder reviews,
            PolicyFolder policy,
            Leases leases,
            Instant mounted) {
        for (String name : List.of("decisions", "integrity", "leases", "policy", "reviews")) {
            buffers.put(name, new StreamBuffer(HELD_BYTES, mounted));
        }
        feeds.add(EventFeed.of(bridge, "/v1/decisions/stream", (seq, type, data) -> {
            JsonNode record = BridgeHttp.JSON.readTree(data);
            decisions.arrived(record);
            buffers.get("decisions")
                    .append(record.toString(), Instant.parse(record.path("time").asString()));
            activity.arrived(record);
        }));
        feeds.add(EventFeed.of(bridge, "/v1/reviews/stream", (seq, type, data) -> {
            reviews.changed();
            buffers.get("reviews").append(line(seq, type, data), Instant.now());
            if (type.equals("review.resolved")) {
                JsonNode resolved = BridgeHttp.JSON.readTree(data);
                if (resolved.path("decision").asString("").equals("allow")) {
                    activity.approved(resolved.path("review").asString());
                }
            } else if (type.equals("review.applied")) {
                JsonNode applied = BridgeHttp.JSON.readTree(data);
                if (applied.path("decision").asString("").equals("allow")) {
                    activity.letThrough(applied.path("decisionSeq").asLong());
                }
            }
        }));
        EventFeed leaseFeed = EventFeed.of(bridge, "/v1/leases/stream", (seq, type, data) -> {
            leases.event(type, data);
            buffers.get("leases").append(line(seq, type, data), Instant.now());
        });
        leases.followedBy(leaseFeed);
        feeds.add(leaseFeed);
        feeds.add(EventFeed.of(bridge, "/v1/policy/stream", (seq, type, data) -> {
            policy.changed();
            buffers.get("policy").append(line(seq, type, data), Instant.now());
        }));
        feeds.add(EventFeed.of(
                bridge,
                "/v1/integrity/stream",
                (seq, type, data) -> buffers.get("integrity").append(line(seq, type, data), Instant.now())));
    }

    /** One line: the event's seq and type, then its payload's fields. */
    private static String line(long seq, String type, String data) {
        ObjectNode line = BridgeHttp.JSON.createObjectNode();
        line.put("seq", seq);
        line.put("type", type);
        JsonNode payload = BridgeHttp.JSON.readTree(data);
        if (payload instanceof ObjectNode fields) {
            line.setAll(fields);
        } else {
            line.set("payload", payload);
        }
        return line.toString();
    }

    /**
     * Connects the streams; their files begin with the events after that. Kept apart from construction so that the
     * mount can connect them after the first file operations (see {@link Foreground}).
     */
    void connect() {
        feeds.forEach(EventFeed::start);
    }

    /** Whether the decision stream was connected within {@code wait}: from then on no decision is missed. */
    boolean awaitDecisions(Duration wait) throws InterruptedException {
        return feeds.getFirst().awaitConnected(wait);
    }

    @Override
    public List<String> names() {
        return List.copyOf(buffers.keySet());
    }

    @Override
    public Optional<Node> child(String name) {
        return Optional.ofNullable(buffers.get(name)).map(Node.Tail::new);
    }

    @Override
    public void close() {
        feeds.forEach(EventFeed::close);
    }
}
