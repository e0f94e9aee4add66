package dev.lighthouse.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical text of a payload: object keys sorted, compact, numbers with a fraction kept as decimals (so
 * {@code 0.1} stays {@code 0.1}). Canonicalising canonical text returns it unchanged, which is what lets an export
 * be imported with every MAC intact.
 */
final class CanonicalJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * Writes every object's properties sorted by name, as {@code String.compareTo} orders them (UTF-16 code units):
     * the order the chain has always signed. {@code CanonicalJsonTest} holds the sort this replaced and checks the
     * bytes are the same.
     */
    private static final JsonMapper SORTED =
            MAPPER.rebuild().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

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
        checkDepth(payload, 1);
        return SORTED.writeValueAsString(payload);
    }

    private static void checkDepth(JsonNode node, int depth) {
        if (!node.isContainer()) {
            return;
        }
        if (depth > NewEvent.MAX_DEPTH) {
            throw new EventRejectedException(
                    "payload is nested more than %d levels deep".formatted(NewEvent.MAX_DEPTH));
        }
        for (JsonNode child : node) {
            checkDepth(child, depth + 1);
        }
    }
}
