package dev.lighthouse.fuse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code debug/}: {@code health.json} (readiness and status), {@code sla.json} ({@code GET /v1/sla}),
 * {@code performance.json} (the decision stage histograms of {@code /metrics}, with percentiles read off the
 * buckets), {@code cache.json} (the policy cache's hits and misses) and {@code mount.json} (this mount: process,
 * bridge, since when). Each is fetched when read, held for a second.
 */
final class DebugFolder implements Folder {
    private final Map<String, Recent<JsonNode>> files = new LinkedHashMap<>();

    DebugFolder(BridgeHttp bridge, Supplier<JsonNode> mount) {
        files.put("cache.json", new Recent<>(ReviewsFolder.FRESH, () -> cache(bridge.text("/metrics"))));
        files.put("health.json", new Recent<>(ReviewsFolder.FRESH, () -> health(bridge)));
        files.put("mount.json", new Recent<>(ReviewsFolder.FRESH, mount));
        files.put("performance.json", new Recent<>(ReviewsFolder.FRESH, () -> performance(bridge.text("/metrics"))));
        files.put("sla.json", new Recent<>(ReviewsFolder.FRESH, () -> bridge.get("/v1/sla")));
    }

    @Override
    public List<String> names() {
        return List.copyOf(files.keySet());
    }

    @Override
    public Optional<Node> child(String name) {
        Recent<JsonNode> file = files.get(name);
        if (file == null) {
            return Optional.empty();
        }
        byte[] content = ReviewsFolder.pretty(file.get()).getBytes(StandardCharsets.UTF_8);
        return Optional.of(new Node.Blob(content, Instant.now()));
    }

    private static JsonNode health(BridgeHttp bridge) {
        ObjectNode health = BridgeHttp.JSON.createObjectNode();
        health.set("ready", bridge.getAnyStatus("/health/ready"));
        health.set("status", bridge.get("/v1/status"));
        return health;
    }

    static JsonNode performance(String metrics) {
        Map<String, TreeMap<Double, Double>> buckets = new TreeMap<>();
        Map<String, double[]> countSum = new TreeMap<>();
        for (Prometheus.Sample s : Prometheus.parse(metrics)) {
            String stage = s.labels().get("stage");
            if (stage == null || !s.name().startsWith("lighthouse_decision_stage_seconds")) {
                continue;
            }
            switch (s.name()) {
                case "lighthouse_decision_stage_seconds_bucket" ->
                    buckets.computeIfAbsent(stage, k -> new TreeMap<>())
                            .merge(le(s.labels().get("le")), s.value(), Double::sum);
                case "lighthouse_decision_stage_seconds_count" ->
                    countSum.computeIfAbsent(stage, k -> new double[2])[0] += s.value();
                case "lighthouse_decision_stage_seconds_sum" ->
                    countSum.computeIfAbsent(stage, k -> new double[2])[1] += s.value();
                default -> {
                    // max and other series: the histogram says enough
                }
            }
        }
        ObjectNode out = BridgeHttp.JSON.createObjectNode();
        ObjectNode stages = out.putObject("stages");
        countSum.forEach((stage, cs) -> {
            ObjectNode o = stages.putObject(stage);
            o.put("count", (long) cs[0]);
            o.put("meanMillis", cs[0] == 0 ? 0 : round(cs[1] / cs[0] * 1000));
            TreeMap<Double, Double> b = buckets.getOrDefault(stage, new TreeMap<>());
            o.put("p50MillisAtMost", percentile(b, cs[0], 0.50));
            o.put("p99MillisAtMost", percentile(b, cs[0], 0.99));
            ArrayNode list = o.putArray("buckets");
            b.forEach((le, count) -> list.addObject()
                    .put("leMillis", Double.isInfinite(le) ? "+Inf" : Double.toString(round(le * 1000)))
                    .put("count", count.longValue()));
        });
        return out;
    }

    static JsonNode cache(String metrics) {
        double hit = 0;
        double miss = 0;
        for (Prometheus.Sample s : Prometheus.parse(metrics)) {
            if (s.name().equals("lighthouse_policy_cache_total")) {
                if ("hit".equals(s.labels().get("result"))) {
                    hit += s.value();
                } else if ("miss".equals(s.labels().get("result"))) {
                    miss += s.value();
                }
            }
        }
        ObjectNode out = BridgeHttp.JSON.createObjectNode();
        out.put("hits", (long) hit);
        out.put("misses", (long) miss);
        out.put("hitRatio", hit + miss == 0 ? 0 : round(hit / (hit + miss)));
        return out;
    }

    private static double le(String text) {
        return text == null || text.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(text);
    }

    /** The upper bound of the bucket holding the {@code q} quantile (cumulative buckets), in ms; null if unbounded. */
    private static Double percentile(TreeMap<Double, Double> cumulative, double count, double q) {
        if (count == 0) {
            return null;
        }
        for (var e : cumulative.entrySet()) {
            if (e.getValue() >= q * count) {
                return Double.isInfinite(e.getKey()) ? null : round(e.getKey() * 1000);
            }
        }
        return null;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
