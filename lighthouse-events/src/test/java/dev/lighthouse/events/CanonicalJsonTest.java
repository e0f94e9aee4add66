package dev.lighthouse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical text is what the chain signs, so Jackson's sorted writing must give exactly the bytes of the sort it
 * replaced: every stored event's MAC depends on it.
 */
class CanonicalJsonTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Names that order differently by code unit, by code point and by locale: upper before lower, é, emoji, U+FFFF. */
    private static final List<String> NAME_PARTS =
            List.of("", "a", "B", "b", "Z", "é", "e", "_", "1", "10", "2", "😀", "\uFFFF", "ﬀ", "a b", "\"", "\\");

    @Test
    void sortedWriting_givesTheBytesOfTheHandWrittenSort_forRandomPayloads() {
        long seed = Long.getLong("lighthouse.seed", 20_261_206L);
        System.out.println("CanonicalJsonTest seed=" + seed + " (replay with -Dlighthouse.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode payload = object(random, 1);
            String expected = CanonicalJson.MAPPER.writeValueAsString(handSorted(payload));
            assertThat(CanonicalJson.write(payload))
                    .as("payload %d of seed %d", i, seed)
                    .isEqualTo(expected);
        }
    }

    @Test
    void canonicalText_isAFixedPoint_andKeysCompareByUtf16CodeUnits() {
        String canonical =
                CanonicalJson.canonical("{\"😀\":1,\"\uFFFF\":2,\"b\":[{\"z\":0.10,\"a\":null}],\"B\":true}");

        assertThat(canonical).isEqualTo("{\"B\":true,\"b\":[{\"a\":null,\"z\":0.10}],\"😀\":1,\"\uFFFF\":2}");
        assertThat(CanonicalJson.canonical(canonical)).isEqualTo(canonical);
    }

    /** The sort CanonicalJson used before Jackson's {@code WRITE_PROPERTIES_SORTED}: the oracle. */
    private static JsonNode handSorted(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(element -> out.add(handSorted(element)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
        entries.sort(Map.Entry.comparingByKey());
        ObjectNode out = NODES.objectNode();
        entries.forEach(e -> out.set(e.getKey(), handSorted(e.getValue())));
        return out;
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(depth == 1 ? 12 : 5);
        for (int i = 0; i < size; i++) {
            String name = NAME_PARTS.get(random.nextInt(NAME_PARTS.size()))
                    + NAME_PARTS.get(random.nextInt(NAME_PARTS.size()));
            object.set(name, value(random, depth + 1));
        }
        return object;
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth < 6 ? 8 : 6);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(BigDecimal.valueOf(random.nextInt(100_000), random.nextInt(6)));
            case 4 -> NODES.stringNode(NAME_PARTS.get(random.nextInt(NAME_PARTS.size())));
            case 5 -> NODES.stringNode("line\nbreak\ttab\u0001");
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
            default -> object(random, depth);
        };
    }
}
