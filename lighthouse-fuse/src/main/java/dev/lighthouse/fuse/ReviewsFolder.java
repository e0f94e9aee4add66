package dev.lighthouse.fuse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code reviews/pending/<id>/} and {@code reviews/resolved/<day>/<id>/}: per review {@code call.json},
 * {@code analysis.txt}, {@code context.txt}, {@code votes.json}, and for a pending one the writable {@code verdict}.
 * Lists come from {@code GET /v1/reviews}, held for a second and dropped when a review event arrives.
 */
final class ReviewsFolder implements Folder {
    static final Duration FRESH = Duration.ofSeconds(1);

    private final BridgeHttp bridge;
    private final Recent<Map<String, JsonNode>> pending;
    private final Recent<Map<String, JsonNode>> resolved;

    ReviewsFolder(BridgeHttp bridge) {
        this.bridge = bridge;
        this.pending = new Recent<>(FRESH, () -> list("pending"));
        this.resolved = new Recent<>(FRESH, () -> list("resolved"));
    }

    /** A review event arrived: the next lookup asks the bridge again. */
    void changed() {
        pending.invalidate();
        resolved.invalidate();
    }

    @Override
    public List<String> names() {
        return List.of("pending", "resolved");
    }

    @Override
    public Optional<Node> child(String name) {
        return switch (name) {
            case "pending" -> Optional.of(new Node.Dir(new Pending(), newest(pending.get())));
            case "resolved" -> Optional.of(new Node.Dir(new Resolved(), newest(resolved.get())));
            default -> Optional.empty();
        };
    }

    private Map<String, JsonNode> list(String status) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode r : bridge.get("/v1/reviews?limit=10000&status=" + status).path("reviews")) {
            byId.put(r.path("id").asString(), r);
        }
        return byId;
    }

    private static Instant newest(Map<String, JsonNode> reviews) {
        return reviews.values().stream()
                .map(ReviewsFolder::changedAt)
                .max(Instant::compareTo)
                .orElse(Instant.EPOCH);
    }

    private static Instant created(JsonNode r) {
        return Instant.parse(r.path("created").asString(Instant.EPOCH.toString()));
    }

    private static Instant changedAt(JsonNode r) {
        Instant t = created(r);
        for (JsonNode v : r.path("votes")) {
            Instant at = Instant.parse(v.path("at").asString(t.toString()));
            t = at.isAfter(t) ? at : t;
        }
        if (r.has("resolution")) {
            Instant at = Instant.parse(r.at("/resolution/at").asString(t.toString()));
            t = at.isAfter(t) ? at : t;
        }
        return t;
    }

    private final class Pending implements Folder {
        @Override
        public List<String> names() {
            return List.copyOf(pending.get().keySet());
        }

        @Override
        public Optional<Node> child(String id) {
            JsonNode r = pending.get().get(id);
            return Optional.ofNullable(r).map(review -> new Node.Dir(files(review, true), changedAt(review)));
        }
    }

    private final class Resolved implements Folder {
        @Override
        public List<String> names() {
            return List.copyOf(byDay().keySet());
        }

        @Override
        public Optional<Node> child(String day) {
            Map<String, JsonNode> reviews = byDay().get(day);
            if (reviews == null) {
                return Optional.empty();
            }
            Folder ids = new Folder() {
                @Override
                public List<String> names() {
                    return List.copyOf(reviews.keySet());
                }

                @Override
                public Optional<Node> child(String id) {
                    return Optional.ofNullable(reviews.get(id)).map(r -> new Node.Dir(files(r, false), changedAt(r)));
                }
            };
            return Optional.of(new Node.Dir(ids, newest(reviews)));
        }

        private TreeMap<String, Map<String, JsonNode>> byDay() {
            TreeMap<String, Map<String, JsonNode>> days = new TreeMap<>();
            resolved.get().forEach((id, r) -> {
                Instant at =
                        Instant.parse(r.at("/resolution/at").asString(created(r).toString()));
                days.computeIfAbsent(
                                LocalDate.ofInstant(at, java.time.ZoneOffset.UTC)
                                        .toString(),
                                d -> new TreeMap<>())
                        .put(id, r);
            });
            return days;
        }
    }

    private Folder files(JsonNode r, boolean open) {
        Instant created = created(r);
        Instant changed = changedAt(r);
        Map<String, Supplier<Node>> files = new LinkedHashMap<>();
        files.put("analysis.txt", () -> blob(analysis(r), created));
        files.put("call.json", () -> blob(call(r), created));
        files.put("context.txt", () -> blob(context(r), created));
        if (open) {
            files.put("verdict", () -> new Node.Ballot(r.path("id").asString(), changed));
        }
        files.put("votes.json", () -> blob(votes(r), changed));
        return Folder.of(files);
    }

    private static Node blob(String text, Instant mtime) {
        return new Node.Blob(text.getBytes(StandardCharsets.UTF_8), mtime);
    }

    /** The call and what the policy said of it: the review minus what the other files show. */
    static String call(JsonNode r) {
        ObjectNode call = BridgeHttp.JSON.createObjectNode();
        call.put("review", r.path("id").asString());
        call.put("status", r.path("status").asString());
        call.put("created", r.path("created").asString());
        call.put("deadline", r.path("deadline").asString());
        JsonNode c = r.path("case");
        for (String field : List.of("agent", "project", "cwd", "tool", "input", "reason", "risk", "rules")) {
            if (c.has(field)) {
                call.set(field, c.get(field));
            }
        }
        call.set("route", r.path("route"));
        return pretty(call);
    }

    /** What the bridge's analysis understood the call would do, one effect a line, as {@code review show} prints. */
    static String analysis(JsonNode r) {
        StringBuilder text = new StringBuilder();
        JsonNode c = r.path("case");
        text.append("policy  ").append(c.path("reason").asString()).append('\n');
        text.append("risk    ").append(c.path("risk").asString()).append('\n');
        List<String> rules = new ArrayList<>();
        c.path("rules").forEach(rule -> rules.add(rule.asString()));
        text.append("rules   ").append(String.join(", ", rules)).append('\n');
        for (JsonNode line : c.path("analysis")) {
            text.append("does    ").append(line.asString()).append('\n');
        }
        if (!c.path("guidance").asString("").isEmpty()) {
            text.append("guide   ").append(c.path("guidance").asString()).append('\n');
        }
        return text.toString();
    }

    /** The agent's recent calls before this one, one a line. */
    static String context(JsonNode r) {
        StringBuilder text = new StringBuilder();
        for (JsonNode h : r.path("case").path("recentHistory")) {
            text.append(h.isString() ? h.asString() : h.toString()).append('\n');
        }
        return text.toString();
    }

    static String votes(JsonNode r) {
        ObjectNode v = BridgeHttp.JSON.createObjectNode();
        v.set("votes", r.path("votes"));
        if (r.has("resolution")) {
            v.set("resolution", r.get("resolution"));
        } else {
            v.putNull("resolution");
        }
        return pretty(v);
    }

    static String pretty(Object value) {
        return BridgeHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    }

    /**
     * Casts the mount identity's vote on a review from what was written into its {@code verdict}.
     *
     * @throws IllegalArgumentException the text is neither {@code approve[: reason]} nor {@code deny: reason}
     * @throws BridgeException the bridge refused the vote (403 not eligible, 409 already voted) or is away
     */
    void vote(String review, String written) {
        String text = written.strip();
        String verdict;
        String reason;
        int colon = text.indexOf(':');
        String word = (colon < 0 ? text : text.substring(0, colon)).strip();
        reason = colon < 0 ? "" : text.substring(colon + 1).strip();
        if (word.equals("approve")) {
            verdict = "approve";
            if (reason.isEmpty()) {
                reason = "approved through the filesystem view";
            }
        } else if (word.equals("deny") && !reason.isEmpty()) {
            verdict = "deny";
        } else {
            throw new IllegalArgumentException(
                    "expected `approve`, `approve: reason` or `deny: reason`, got \"%s\"".formatted(text));
        }
        if (text.lines().count() > 1) {
            throw new IllegalArgumentException(
                    "a verdict is one line, got " + text.lines().count());
        }
        ObjectNode body = BridgeHttp.JSON.createObjectNode();
        body.put("verdict", verdict);
        body.put("reason", reason);
        bridge.post("/v1/reviews/" + BridgeHttp.query(review) + "/verdict", body);
        changed();
    }
}
