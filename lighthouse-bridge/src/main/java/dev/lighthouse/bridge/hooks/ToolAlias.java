package dev.lighthouse.bridge.hooks;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One of an agent's own tools as Lighthouse knows it: the Lighthouse tool whose input it carries, and the agent's
 * argument names for that tool's fields (OpenCode's {@code filePath} is {@code file_path}). Arguments not named here
 * are kept as they are, so nothing the agent sent is lost from the record.
 *
 * @param tool the Lighthouse tool name, e.g. {@code Write}
 * @param fields agent argument name to Lighthouse field name
 */
record ToolAlias(String tool, Map<String, String> fields) {
    ToolAlias {
        requireNonNull(tool, "tool");
        fields = Map.copyOf(fields);
    }

    static ToolAlias of(String tool) {
        return new ToolAlias(tool, Map.of());
    }

    /** A copy of {@code input} with the agent's argument names replaced by Lighthouse's. */
    JsonNode rename(JsonNode input) {
        if (fields.isEmpty() || !input.isObject()) {
            return input;
        }
        ObjectNode renamed = ((ObjectNode) input).deepCopy();
        fields.forEach((from, to) -> {
            JsonNode value = renamed.remove(from);
            if (value != null && !renamed.has(to)) {
                renamed.set(to, value);
            }
        });
        return renamed;
    }
}
