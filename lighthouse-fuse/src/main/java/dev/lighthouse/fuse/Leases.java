package dev.lighthouse.fuse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code leases/<lease-id>.json}: one file per lease holding now, the lease as {@code GET /v1/leases} gives it; and
 * the content of each agent's {@code agents/<name>/leases.json}. Thread-safe.
 *
 * <p>Design: the leases are pushed, not polled. Once the lease stream ({@code /v1/leases/stream}) is connected, the
 * first look fetches the list once and from then on each {@code lease.*} event changes it (acquired adds, renewed moves
 * the expiry, released and revoked remove); the fetch and the events are applied under one lock, so an event is never
 * overtaken by an older list. A lease whose {@code expires} has passed is left out at the moment it passes, since a
 * lease ends exactly then and no event says so. Until the stream is connected, or if the bridge refuses it, the list
 * is fetched when looked at and held for a second.
 */
final class Leases implements Folder {
    private final BridgeHttp bridge;
    private final Recent<JsonNode> polled;
    private final Map<String, ObjectNode> byId = new TreeMap<>();
    private final Map<String, Instant> renewed = new TreeMap<>();
    private boolean loaded;
    private volatile Instant polledAt = Instant.EPOCH;
    private volatile EventFeed feed;

    Leases(BridgeHttp bridge) {
        this.bridge = bridge;
        this.polled = new Recent<>(ReviewsFolder.FRESH, () -> {
            JsonNode list = bridge.get("/v1/leases");
            polledAt = Instant.now();
            return list;
        });
    }

    /** Follows {@code feed}, the lease stream, whose events come to {@link #event}. */
    void followedBy(EventFeed feed) {
        this.feed = feed;
    }

    /** One event of the lease stream. */
    synchronized void event(String type, String data) {
        if (!loaded) {
            return; // the list fetched on the first look has it
        }
        JsonNode e = BridgeHttp.JSON.readTree(data);
        String id = e.path("lease").asString();
        switch (type) {
            case "lease.acquired" -> {
                ObjectNode lease = BridgeHttp.JSON.createObjectNode();
                lease.put("id", id);
                for (String field :
                        List.of("agent", "session", "project", "paths", "mode", "reason", "acquired", "expires")) {
                    if (e.has(field)) {
                        lease.set(field, e.get(field));
                    }
                }
                byId.put(id, lease);
            }
            case "lease.renewed" -> {
                ObjectNode lease = byId.get(id);
                if (lease != null) {
                    lease.set("expires", e.get("expires"));
                    renewed.put(id, Instant.parse(e.path("at").asString()));
                }
            }
            case "lease.released", "lease.revoked" -> {
                byId.remove(id);
                renewed.remove(id);
            }
            default -> {
                // a lease event this version does not know changes nothing it shows
            }
        }
    }

    /** The leases holding now by id, sorted. @throws BridgeException the bridge did not answer */
    private Map<String, JsonNode> holding() {
        Instant now = Instant.now();
        Map<String, JsonNode> byIdNow = new TreeMap<>();
        for (JsonNode lease : all()) {
            if (Instant.parse(lease.path("expires").asString()).isAfter(now)) {
                byIdNow.put(lease.path("id").asString(), lease);
            }
        }
        return byIdNow;
    }

    private List<JsonNode> all() {
        EventFeed following = feed;
        boolean pushed;
        try {
            pushed = following != null && !following.refused() && following.awaitConnected(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pushed = false;
        }
        if (!pushed) {
            List<JsonNode> listed = new ArrayList<>();
            polled.get().path("leases").forEach(listed::add);
            return listed;
        }
        synchronized (this) {
            if (!loaded) {
                byId.clear();
                renewed.clear();
                for (JsonNode lease : bridge.get("/v1/leases").path("leases")) {
                    byId.put(lease.path("id").asString(), (ObjectNode) lease);
                }
                loaded = true;
            }
            return byId.values().stream()
                    .map(JsonNode::deepCopy)
                    .map(JsonNode.class::cast)
                    .toList();
        }
    }

    @Override
    public List<String> names() {
        return holding().keySet().stream()
                .map(id -> Decisions.safe(id) + ".json")
                .toList();
    }

    @Override
    public Optional<Node> child(String name) {
        for (JsonNode lease : holding().values()) {
            if ((Decisions.safe(lease.path("id").asString()) + ".json").equals(name)) {
                return Optional.of(
                        new Node.Blob(ReviewsFolder.pretty(lease).getBytes(StandardCharsets.UTF_8), changed(lease)));
            }
        }
        return Optional.empty();
    }

    /** The directory names (as in {@code agents/}) of the agents holding a lease now. */
    List<String> holders() {
        return holding().values().stream()
                .map(l -> Decisions.safe(l.path("agent").asString()))
                .distinct()
                .toList();
    }

    /**
     * {@code agents/<dirName>/leases.json}: {@code {"leases": [...]}}, that agent's leases holding now (what
     * {@code GET /v1/leases?agent=NAME} answers), with the time the newest was taken.
     */
    Snapshot of(String dirName) {
        List<JsonNode> held = holding().values().stream()
                .filter(lease -> Decisions.safe(lease.path("agent").asString()).equals(dirName))
                .toList();
        Instant newest =
                held.stream().map(this::changed).max(Instant::compareTo).orElse(Instant.EPOCH);
        return new Snapshot(ReviewsFolder.pretty(new Held(held)).getBytes(StandardCharsets.UTF_8), newest);
    }

    /** An agent's {@code leases.json}: the leases it holds, as the bridge's API gives them. */
    private record Held(List<JsonNode> leases) {}

    /** One agent's {@code leases.json} at one moment. */
    record Snapshot(byte[] content, Instant mtime) {}

    /**
     * When a lease last changed: taken, or renewed (a renewal changes {@code expires} but seldom the file's size, and the
     * kernel keeps a file's pages while its size and mtime stay). Without the stream, when the list was read.
     */
    private Instant changed(JsonNode lease) {
        Instant acquired = Instant.parse(lease.path("acquired").asString(Instant.EPOCH.toString()));
        Instant renewal;
        synchronized (this) {
            renewal = loaded ? renewed.get(lease.path("id").asString()) : polledAt;
        }
        return renewal != null && renewal.isAfter(acquired) ? renewal : acquired;
    }
}
