package dev.lighthouse.bridge.review;

import dev.lighthouse.policy.ReviewRoute;
import dev.lighthouse.policy.Risk;
import dev.lighthouse.policy.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reviews, routes, cases and patterns as event payloads and API bodies, and back (for rebuilding at start). */
final class ReviewJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ReviewJson() {}

    static ObjectNode route(ReviewRoute r) {
        ObjectNode o = F.objectNode();
        o.put("name", r.name());
        strings(o.putArray("reviewers"), r.reviewers());
        o.put("quorum", r.quorum());
        o.put("mode", r.mode().label());
        o.put("timeoutSeconds", r.timeout().toSeconds());
        o.put("onTimeout", r.onTimeout().label());
        o.put("waitSeconds", r.hold().toSeconds());
        o.put("guidance", r.guidance());
        r.maxApproval().ifPresent(d -> o.put("maxApprovalSeconds", d.toSeconds()));
        return o;
    }

    static ReviewRoute route(JsonNode o) {
        return new ReviewRoute(
                o.path("name").asString(),
                strings(o.path("reviewers")),
                o.path("quorum").asInt(),
                ReviewRoute.Mode.valueOf(o.path("mode").asString().toUpperCase(java.util.Locale.ROOT)),
                Duration.ofSeconds(o.path("timeoutSeconds").asLong()),
                Verdict.parse(o.path("onTimeout").asString()),
                Duration.ofSeconds(o.path("waitSeconds").asLong()),
                o.path("guidance").asString(),
                o.has("maxApprovalSeconds")
                        ? java.util.Optional.of(
                                Duration.ofSeconds(o.path("maxApprovalSeconds").asLong()))
                        : java.util.Optional.empty());
    }

    static ObjectNode reviewCase(ReviewCase c) {
        ObjectNode o = F.objectNode();
        o.put("agent", c.agent());
        o.put("project", c.project());
        o.put("cwd", c.cwd());
        o.put("tool", c.tool());
        o.set("input", c.input());
        strings(o.putArray("analysis"), c.analysis());
        strings(o.putArray("rules"), c.rules());
        o.put("reason", c.reason());
        o.put("risk", c.risk());
        o.put("guidance", c.guidance());
        strings(o.putArray("recentHistory"), c.recentHistory());
        return o;
    }

    static ReviewCase reviewCase(String id, String route, JsonNode o) {
        return new ReviewCase(
                id,
                o.path("agent").asString(),
                o.path("project").asString(),
                o.path("cwd").asString(),
                o.path("tool").asString(),
                o.path("input"),
                strings(o.path("analysis")),
                strings(o.path("rules")),
                o.path("reason").asString(),
                o.path("risk").asString(),
                route,
                o.path("guidance").asString(),
                strings(o.path("recentHistory")));
    }

    static ObjectNode pattern(CallPattern p) {
        ObjectNode o = F.objectNode();
        o.put("agent", p.agent());
        o.put("tool", p.tool());
        strings(o.putArray("commands"), p.commands());
        o.put("inputSha256", p.inputSha256());
        o.put("risk", p.risk().label());
        strings(o.putArray("facts"), p.facts());
        o.put("describe", p.describe());
        return o;
    }

    /**
     * A pattern as recorded. One recorded before patterns carried a risk covers only calls of no risk and no facts:
     * what it approved is not known, so it is read as narrowly as possible.
     */
    static CallPattern pattern(JsonNode o) {
        return new CallPattern(
                o.path("agent").asString(),
                o.path("tool").asString(),
                strings(o.path("commands")),
                o.path("inputSha256").asString(),
                o.has("risk") ? Risk.parse(o.path("risk").asString()) : Risk.NONE,
                strings(o.path("facts")));
    }

    /** The API view of a review: what reviewers see and how it stands. */
    static ObjectNode view(Review r) {
        ObjectNode o = F.objectNode();
        o.put("id", r.id);
        o.put("status", r.status().label());
        o.put("created", r.created.toString());
        o.put("deadline", r.deadline.toString());
        o.set("route", route(r.route));
        o.set("case", reviewCase(r.reviewCase));
        ArrayNode votes = o.putArray("votes");
        Consensus.Tally tally = r.tally();
        for (Review.Cast cast : r.casts) {
            ObjectNode v = votes.addObject();
            v.put("reviewer", cast.vote().reviewer());
            v.put("verdict", cast.vote().approve() ? "approve" : "deny");
            v.put("reason", cast.vote().reason());
            v.put("at", cast.at().toString());
            v.put("counted", tally.counted().stream().anyMatch(x -> x == cast.vote()));
            tally.rejected().stream()
                    .filter(x -> x.vote() == cast.vote())
                    .findFirst()
                    .ifPresent(x -> v.put("ignored", x.why().name().toLowerCase(java.util.Locale.ROOT)));
            v.put("keyId", cast.keyId());
            v.put("signature", cast.signature());
        }
        r.resolution().ifPresent(res -> {
            ObjectNode resolved = o.putObject("resolution");
            resolved.put("outcome", res.status().label());
            resolved.put("decision", res.status().allows() ? "allow" : "deny");
            resolved.put("at", res.at().toString());
            decisive(resolved.putArray("decisive"), res.decisive());
        });
        return o;
    }

    static void decisive(ArrayNode into, List<Consensus.Vote> votes) {
        for (Consensus.Vote v : votes) {
            ObjectNode d = into.addObject();
            d.put("reviewer", v.reviewer());
            d.put("verdict", v.approve() ? "approve" : "deny");
            d.put("reason", v.reason());
        }
    }

    static List<Consensus.Vote> decisive(JsonNode array) {
        List<Consensus.Vote> out = new ArrayList<>();
        for (JsonNode d : array) {
            out.add(new Consensus.Vote(
                    d.path("reviewer").asString(),
                    d.path("verdict").asString().equals("approve"),
                    d.path("reason").asString()));
        }
        return out;
    }

    static Instant instant(JsonNode n) {
        return Instant.parse(n.asString());
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
