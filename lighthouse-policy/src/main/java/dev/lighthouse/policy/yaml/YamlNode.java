package dev.lighthouse.policy.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line and column (both 1-based) where it starts, so every problem found in it can say where
 * it is. Jackson's tree model forgets positions; these come from SnakeYAML's node marks (see {@link YamlReader}).
 */
public sealed interface YamlNode {
    int line();

    int column();

    /** "a value", "a list" or "a mapping", for messages such as "expected a list, got a value". */
    String describe();

    /** What a plain scalar resolved to under YAML 1.2's core schema; a quoted scalar is always {@link #STRING}. */
    enum Kind {
        STRING,
        INTEGER,
        DECIMAL,
        BOOLEAN,
        /** {@code ~}, {@code null} or nothing at all; its {@link Scalar#value()} is empty. */
        NULL
    }

    /** A scalar as written: {@code 10m} is the text {@code "10m"}, {@code 2} the text {@code "2"} of kind integer. */
    record Scalar(String value, Kind kind, int line, int column) implements YamlNode {
        @Override
        public String describe() {
            return "a value";
        }
    }

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A mapping in the order written; {@code keys} holds where each key was written. A key written twice keeps its
     * first place and its last value.
     */
    record Mapping(LinkedHashMap<String, YamlNode> values, Map<String, Scalar> keys, int line, int column)
            implements YamlNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }
}
