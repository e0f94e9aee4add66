package dev.lighthouse.fuse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * {@code leases/<lease-id>.json}: one file per lease holding now, the lease as {@code GET /v1/leases} gives it; and
 * the content of each agent's {@code agents/<name>/leases.json}. The bridge has no stream of lease events, so the
 * list is fetched when looked at and held for a second, like {@code debug/}; a lease whose {@code expires} has passed
 * within that second is already left out, since a lease ends exactly then. Thread-safe.
 */
final class Leases implements Folder {
    private final Recent<JsonNode> list;

    Leases(BridgeHttp bridge) {
        this.list = new Recent<>(ReviewsFolder.FRESH, () -> bridge.get("/v1/leases"));
    }

    /** The leases holding now by id, sorted. @throws BridgeException the bridge did not answer */
    private Map<String, JsonNode> holding() {
        Instant now = Instant.now();
        Map<String, JsonNode> byId = new TreeMap<>();
        for (JsonNode lease : list.get().path("leases")) {
            if (Instant.parse(lease.path("expires").asString()).isAfter(now)) {
                byId.put(lease.path("id").asString(), lease);
            }
        }
        return byId;
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
                        new Node.Blob(ReviewsFolder.pretty(lease).getBytes(StandardCharsets.UTF_8), acquired(lease)));
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
                held.stream().map(Leases::acquired).max(Instant::compareTo).orElse(Instant.EPOCH);
        return new Snapshot(ReviewsFolder.pretty(new Held(held)).getBytes(StandardCharsets.UTF_8), newest);
    }

    /** An agent's {@code leases.json}: the leases it holds, as the bridge's API gives them. */
    private record Held(List<JsonNode> leases) {}

    /** One agent's {@code leases.json} at one moment. */
    record Snapshot(byte[] content, Instant mtime) {}

    private static Instant acquired(JsonNode lease) {
        return Instant.parse(lease.path("acquired").asString(Instant.EPOCH.toString()));
    }
}
