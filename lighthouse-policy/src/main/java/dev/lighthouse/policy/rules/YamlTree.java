package dev.lighthouse.policy.rules;

import dev.lighthouse.policy.yaml.MalformedYamlException;
import dev.lighthouse.policy.yaml.YamlNode;
import dev.lighthouse.policy.yaml.YamlReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a policy file into {@link Node}s through the one position-keeping {@link YamlReader}. */
final class YamlTree {
    private YamlTree() {}

    /** The document's root, or a syntax problem added to {@code problems} and an empty mapping. */
    static Node parse(String file, String text, List<Problem> problems) {
        try {
            return YamlReader.read(text).map(YamlTree::node).orElseGet(YamlTree::empty);
        } catch (MalformedYamlException e) {
            String what = e.context().isEmpty() ? e.problem() : e.context();
            problems.add(new Problem(file, e.line(), e.column(), "malformed YAML: " + what));
            return empty();
        }
    }

    private static Node empty() {
        return new Node.Mapping(new LinkedHashMap<>(), Map.of(), 1, 1);
    }

    private static Node node(YamlNode yaml) {
        return switch (yaml) {
            case YamlNode.Scalar s -> scalar(s);
            case YamlNode.Sequence s -> {
                List<Node> items = new ArrayList<>(s.items().size());
                s.items().forEach(item -> items.add(node(item)));
                yield new Node.Sequence(items, s.line(), s.column());
            }
            case YamlNode.Mapping m -> {
                LinkedHashMap<String, Node> values = new LinkedHashMap<>();
                m.values().forEach((k, v) -> values.put(k, node(v)));
                Map<String, Node.Scalar> keys = new LinkedHashMap<>();
                m.keys().forEach((k, v) -> keys.put(k, scalar(v)));
                yield new Node.Mapping(values, keys, m.line(), m.column());
            }
        };
    }

    private static Node.Scalar scalar(YamlNode.Scalar s) {
        return new Node.Scalar(s.value(), s.line(), s.column());
    }
}
