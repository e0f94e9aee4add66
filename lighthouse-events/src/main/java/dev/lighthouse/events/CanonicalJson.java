package dev.lighthouse.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical text of a payload: object keys sorted, compact, numbers with a fraction kept as decimals (so
 * {@code 0.1} stays {@code 0.1}). Canonicalising canonical text returns it unchanged, which is what lets an export
 * be imported with every MAC intact.
 */
final class CanonicalJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private CanonicalJson() {}

    static String canonical(String text) {
        return write(parse(text));
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new EventRejectedException("payload is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String write(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new EventRejectedException("payload must be a JSON object, got "
                    + (payload == null
                            ? "nothing"
                            : payload.getNodeType().name().toLowerCase()));
        }
        return MAPPER.writeValueAsString(sorted(payload, 1));
    }

    private static JsonNode sorted(JsonNode node, int depth) {
        if (!node.isContainer()) {
            return node;
        }
        if (depth > NewEvent.MAX_DEPTH) {
            throw new EventRejectedException(
                    "payload is nested more than %d levels deep".formatted(NewEvent.MAX_DEPTH));
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            for (JsonNode element : node) {
                out.add(sorted(element, depth + 1));
            }
            return out;
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
        entries.sort(Map.Entry.comparingByKey());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : entries) {
            out.set(e.getKey(), sorted(e.getValue(), depth + 1));
        }
        return out;
    }
}
