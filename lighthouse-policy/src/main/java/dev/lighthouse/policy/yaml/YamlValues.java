package dev.lighthouse.policy.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading values out of a {@link YamlNode} tree for the registry files' parsers, each mistake recorded as a
 * {@link Problem} at its {@code file:line:column} instead of stopping at the first.
 */
public final class YamlValues {
    private YamlValues() {}

    /** A problem at where {@code node} starts. */
    public static Problem at(String file, YamlNode node, String message) {
        return new Problem(file, node.line(), node.column(), message);
    }

    /** A value or a list of values, as strings; anything else is a problem. */
    public static List<String> strings(String file, YamlNode node, List<Problem> problems) {
        if (node instanceof YamlNode.Scalar s) {
            return List.of(s.value());
        }
        if (node instanceof YamlNode.Sequence seq) {
            List<String> out = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar s) {
                    out.add(s.value());
                } else {
                    problems.add(at(file, item, "expected a value, not " + item.describe()));
                }
            }
            return out;
        }
        problems.add(at(file, node, "expected a value or a list of values, not " + node.describe()));
        return List.of();
    }

    /** The non-empty value under {@code key}, if it is one. */
    public static Optional<String> scalar(YamlNode.Mapping m, String key) {
        return m.values().get(key) instanceof YamlNode.Scalar s && !s.value().isEmpty()
                ? Optional.of(s.value())
                : Optional.empty();
    }

    /** A problem for each key of {@code m} outside {@code allowed}, with the nearest allowed one suggested. */
    public static void unknownKeys(String file, YamlNode.Mapping m, Set<String> allowed, List<Problem> problems) {
        for (Map.Entry<String, YamlNode.Scalar> k : m.keys().entrySet()) {
            if (!allowed.contains(k.getKey())) {
                problems.add(at(
                        file,
                        k.getValue(),
                        "unknown key \"" + k.getKey() + "\""
                                + DidYouMean.suggest(k.getKey(), List.copyOf(allowed), '"') + "; expected one of "
                                + String.join(", ", allowed.stream().sorted().toList())));
            }
        }
    }
}
