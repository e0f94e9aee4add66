package dev.lighthouse.policy.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML value with the line and column it starts at, so every problem can say where it is. */
sealed interface Node {
    int line();

    int column();

    String describe();

    record Scalar(String value, int line, int column) implements Node {
        @Override
        public String describe() {
            return "a value";
        }
    }

    record Sequence(List<Node> items, int line, int column) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A mapping; {@code keys} holds where each key was written. */
    record Mapping(LinkedHashMap<String, Node> values, Map<String, Scalar> keys, int line, int column) implements Node {
        @Override
        public String describe() {
            return "a mapping";
        }
    }
}
