package dev.lighthouse.fuse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * {@code policy/}: {@code active.yaml} (the active version's layers), {@code versions/<hash>.yaml} (every version the
 * store has seen) and {@code history.txt} (activations and rollbacks, newest first). The status is held for a second
 * and dropped when a policy event arrives; a version's text never changes and is kept.
 */
final class PolicyFolder implements Folder {
    private final BridgeHttp bridge;
    private final Recent<JsonNode> status;
    private final Map<String, byte[]> versions = new ConcurrentHashMap<>();

    PolicyFolder(BridgeHttp bridge) {
        this.bridge = bridge;
        this.status = new Recent<>(ReviewsFolder.FRESH, () -> bridge.get("/v1/policy"));
    }

    void changed() {
        status.invalidate();
    }

    @Override
    public List<String> names() {
        return List.of("active.yaml", "history.txt", "versions");
    }

    @Override
    public Optional<Node> child(String name) {
        JsonNode s = status.get();
        Instant since = Instant.parse(s.at("/active/since").asString(Instant.EPOCH.toString()));
        return switch (name) {
            case "active.yaml" ->
                Optional.of(new Node.Blob(yaml(s.at("/active/version").asString()), since));
            case "history.txt" -> Optional.of(new Node.Blob(history(s), changedAt(s, since)));
            case "versions" -> Optional.of(new Node.Dir(new Versions(), changedAt(s, since)));
            default -> Optional.empty();
        };
    }

    private static Instant changedAt(JsonNode s, Instant fallback) {
        JsonNode newest = s.path("history").path(0);
        return newest.has("at") ? Instant.parse(newest.path("at").asString()) : fallback;
    }

    private byte[] yaml(String hash) {
        return versions.computeIfAbsent(hash, h -> {
            JsonNode v = bridge.get("/v1/policy/versions/" + BridgeHttp.query(h));
            StringBuilder text = new StringBuilder();
            text.append("# policy ")
                    .append(v.path("name").asString())
                    .append(" version ")
                    .append(v.path("version").asString())
                    .append('\n');
            boolean firstLayer = true;
            for (JsonNode layer : v.path("layers")) {
                if (!firstLayer) {
                    text.append("---\n");
                }
                firstLayer = false;
                text.append("# layer ").append(layer.path("file").asString()).append('\n');
                String body = layer.path("text").asString();
                text.append(body);
                if (!body.endsWith("\n")) {
                    text.append('\n');
                }
            }
            return text.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    static byte[] history(JsonNode s) {
        StringBuilder text = new StringBuilder();
        for (JsonNode h : s.path("history")) {
            text.append("%s  %-20s  %s  %-12s  by %s: %s%n"
                    .formatted(
                            h.path("at").asString(),
                            h.path("event").asString(),
                            shortHash(h.path("version").asString()),
                            h.path("name").asString(),
                            h.path("by").asString(),
                            h.path("reason").asString()));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    private final class Versions implements Folder {
        @Override
        public List<String> names() {
            JsonNode s = status.get();
            List<String> names = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            hashes.add(s.at("/active/version").asString());
            s.path("history").forEach(h -> hashes.add(h.path("version").asString()));
            hashes.stream().filter(h -> !h.isEmpty()).distinct().sorted().forEach(h -> names.add(h + ".yaml"));
            return names;
        }

        @Override
        public Optional<Node> child(String name) {
            if (!name.endsWith(".yaml") || !names().contains(name)) {
                return Optional.empty();
            }
            String hash = name.substring(0, name.length() - ".yaml".length());
            Instant at = Instant.EPOCH;
            for (JsonNode h : status.get().path("history")) {
                if (h.path("version").asString().equals(hash)
                        && h.path("event").asString().equals("policy.activated")) {
                    Instant t = Instant.parse(h.path("at").asString());
                    at = at.equals(Instant.EPOCH) || t.isBefore(at) ? t : at;
                }
            }
            return Optional.of(new Node.Blob(yaml(hash), at));
        }
    }
}
