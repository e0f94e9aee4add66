package dev.lighthouse.cli.config;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A configuration value as its key's {@link ConfigKey.Shape} reads it, whatever source it came from: the file, an
 * environment variable or a flag all give YAML (a plain value is YAML too).
 */
public sealed interface ConfigValue {
    /** A single value: {@code log.format: json}. */
    record Text(String text) implements ConfigValue {}

    /** A list of values: {@code policy.files: [base.yaml, team.yaml]}. */
    record Items(List<String> items) implements ConfigValue {
        public Items {
            items = List.copyOf(items);
        }
    }

    /** A mapping of names to values, in the order written: {@code limits.rates: {agent: 500, local: unlimited}}. */
    record Fields(Map<String, String> fields) implements ConfigValue {
        public Fields {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }
    }

    /** A list of mappings ({@code review.experts}), as JSON with YAML's numbers and booleans kept. */
    record Tree(JsonNode list) implements ConfigValue {}
}
