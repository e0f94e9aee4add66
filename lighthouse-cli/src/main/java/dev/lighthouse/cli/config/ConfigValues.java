package dev.lighthouse.cli.config;

import dev.lighthouse.policy.yaml.MalformedYamlException;
import dev.lighthouse.policy.yaml.YamlNode;
import dev.lighthouse.policy.yaml.YamlReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns what a source holds (a node of the file, or the text of an environment variable, a flag or a default) into
 * the {@link ConfigValue} its key's {@link ConfigKey.Shape shape} expects.
 *
 * <p>Every source speaks YAML. The flat forms of earlier versions are still read: {@code a,b} for a list, {@code
 * k=v,k=v} for a mapping, and a list of mappings as JSON inside a string; such a value comes back with the form to
 * write instead, which {@link Settings} turns into a deprecation warning.
 */
final class ConfigValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./~+][A-Za-z0-9_./~+@-]*");

    private ConfigValues() {}

    /**
     * A value ready for its key's parser.
     *
     * @param text the value as {@code config show} and error messages show it
     * @param newForm how to write the value, when it was written in a deprecated flat form
     */
    record Read(ConfigValue value, String text, Optional<String> newForm) {
        static Read current(ConfigValue value, String text) {
            return new Read(value, text, Optional.empty());
        }
    }

    /** The text of an environment variable, a flag or a default: a plain value, or YAML for the other shapes. */
    static Read fromText(ConfigKey<?> key, String text) {
        if (key.shape() == ConfigKey.Shape.VALUE) {
            return Read.current(new ConfigValue.Text(text), text); // as written: no YAML quoting needed for a value
        }
        YamlNode node;
        try {
            node = YamlReader.read(text).orElse(new YamlNode.Scalar("", YamlNode.Kind.NULL, 1, 1));
        } catch (MalformedYamlException e) {
            throw new IllegalArgumentException(
                    "expected %s, written in YAML: %s".formatted(expected(key), e.getMessage()));
        }
        return fromNode(key, node);
    }

    /** A value of the config file. */
    static Read fromNode(ConfigKey<?> key, YamlNode node) {
        return switch (key.shape()) {
            case VALUE -> {
                if (!(node instanceof YamlNode.Scalar s)) {
                    throw new IllegalArgumentException("expected a single value, got " + node.describe());
                }
                yield Read.current(new ConfigValue.Text(s.value()), s.value());
            }
            case LIST -> list(key, node);
            case MAPPING -> mapping(key, node);
            case LIST_OF_MAPPINGS -> listOfMappings(node);
        };
    }

    private static Read list(ConfigKey<?> key, YamlNode node) {
        return switch (node) {
            case YamlNode.Sequence seq -> {
                List<String> items = new ArrayList<>();
                for (YamlNode item : seq.items()) {
                    if (!(item instanceof YamlNode.Scalar s)) {
                        throw new IllegalArgumentException(
                                "expected %s, got %s in the list".formatted(expected(key), item.describe()));
                    }
                    items.add(s.value());
                }
                yield current(new ConfigValue.Items(items));
            }
            case YamlNode.Scalar s when s.value().isBlank() -> current(new ConfigValue.Items(List.of()));
            case YamlNode.Scalar s
            when s.value().contains(",") -> {
                List<String> items = new ArrayList<>();
                for (String item : s.value().split(",")) {
                    if (!item.isBlank()) {
                        items.add(item.strip());
                    }
                }
                yield deprecated(new ConfigValue.Items(items));
            }
            case YamlNode.Scalar s -> current(new ConfigValue.Items(List.of(s.value())));
            case YamlNode.Mapping m ->
                throw new IllegalArgumentException("expected %s, got a mapping".formatted(expected(key)));
        };
    }

    private static Read mapping(ConfigKey<?> key, YamlNode node) {
        return switch (node) {
            case YamlNode.Mapping m -> {
                Map<String, String> fields = new LinkedHashMap<>();
                m.values().forEach((name, value) -> {
                    if (!(value instanceof YamlNode.Scalar s)) {
                        throw new IllegalArgumentException(
                                "expected %s, got %s for `%s`".formatted(expected(key), value.describe(), name));
                    }
                    fields.put(name, s.value());
                });
                yield current(new ConfigValue.Fields(fields));
            }
            case YamlNode.Scalar s when s.value().isBlank() -> current(new ConfigValue.Fields(Map.of()));
            case YamlNode.Scalar s -> {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String part : s.value().split(",")) {
                    if (part.isBlank()) {
                        continue;
                    }
                    String[] kv = part.split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException(
                                "expected %s, got `%s`".formatted(expected(key), part.strip()));
                    }
                    fields.put(kv[0].strip(), kv[1].strip());
                }
                yield deprecated(new ConfigValue.Fields(fields));
            }
            case YamlNode.Sequence q ->
                throw new IllegalArgumentException("expected %s, got a list".formatted(expected(key)));
        };
    }

    private static Read listOfMappings(YamlNode node) {
        return switch (node) {
            case YamlNode.Scalar s when s.value().isBlank() -> current(new ConfigValue.Tree(NODES.arrayNode()));
            case YamlNode.Scalar s -> {
                YamlNode list;
                try {
                    list = YamlReader.read(s.value()).orElse(s);
                } catch (MalformedYamlException e) {
                    throw new IllegalArgumentException("expected a list of mappings: " + e.getMessage());
                }
                ConfigValue.Tree tree = new ConfigValue.Tree(json(list));
                // The value itself may hold API keys: the warning shows the shape to write, not the value.
                yield new Read(
                        tree, render(tree), Optional.of("a YAML list of mappings (`- name: …` on its own lines)"));
            }
            default -> current(new ConfigValue.Tree(json(node)));
        };
    }

    private static Read current(ConfigValue value) {
        return Read.current(value, render(value));
    }

    private static Read deprecated(ConfigValue value) {
        return new Read(value, render(value), Optional.of("`" + render(value) + "`"));
    }

    /** What a key of this shape takes, with an example, for messages. */
    static String expected(ConfigKey<?> key) {
        return switch (key.shape()) {
            case VALUE -> "a single value";
            case LIST -> "a list such as `[a, b]`";
            case MAPPING -> "a mapping such as `{name: value, other: value}`";
            case LIST_OF_MAPPINGS -> "a list of mappings";
        };
    }

    /** The value written as YAML on one line: {@code [a, b]}, {@code {agent: 500, local: unlimited}}. */
    static String render(ConfigValue value) {
        return switch (value) {
            case ConfigValue.Text t -> t.text();
            case ConfigValue.Items i ->
                "["
                        + String.join(
                                ", ",
                                i.items().stream().map(ConfigValues::scalar).toList()) + "]";
            case ConfigValue.Fields f -> {
                List<String> pairs = new ArrayList<>();
                f.fields().forEach((k, v) -> pairs.add(scalar(k) + ": " + scalar(v)));
                yield "{" + String.join(", ", pairs) + "}";
            }
            case ConfigValue.Tree t -> t.list().toString(); // JSON is YAML too
        };
    }

    /** A scalar plain when YAML reads it back as the same text (its kind aside), else double-quoted. */
    private static String scalar(String text) {
        boolean plain = PLAIN.matcher(text).matches()
                && !text.equals("~")
                && !text.toLowerCase(Locale.ROOT).equals("null");
        return plain ? text : NODES.stringNode(text).toString();
    }

    /** The YAML as JSON, keeping what YAML read as numbers, booleans and null. */
    static JsonNode json(YamlNode node) {
        return switch (node) {
            case YamlNode.Scalar s ->
                switch (s.kind()) {
                    case NULL -> NODES.nullNode();
                    case BOOLEAN -> NODES.booleanNode(Boolean.parseBoolean(s.value()));
                    case INTEGER -> number(s.value(), true);
                    case DECIMAL -> number(s.value(), false);
                    case STRING -> NODES.stringNode(s.value());
                };
            case YamlNode.Sequence seq -> {
                ArrayNode array = NODES.arrayNode();
                seq.items().forEach(item -> array.add(json(item)));
                yield array;
            }
            case YamlNode.Mapping m -> {
                ObjectNode object = NODES.objectNode();
                m.values().forEach((k, v) -> object.set(k, json(v)));
                yield object;
            }
        };
    }

    /** {@code 0x1F}, {@code .inf} and the like stay text: the experts' reader names what it expected. */
    private static JsonNode number(String text, boolean integer) {
        try {
            if (integer) {
                BigInteger value = new BigInteger(text);
                return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
            }
            return NODES.numberNode(new BigDecimal(text).doubleValue());
        } catch (NumberFormatException e) {
            return NODES.stringNode(text);
        }
    }
}
