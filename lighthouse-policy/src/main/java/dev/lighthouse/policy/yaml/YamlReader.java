package dev.lighthouse.policy.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML document into {@link YamlNode}s that keep their positions: the one reader of Lighthouse's
 * configuration file, its environment and flag values, and its policy files.
 *
 * <p>It composes SnakeYAML's node graph (no Java objects are constructed, so no tag can instantiate anything) and
 * takes each position from the node's start mark and each syntax error's position from the exception's marks, rather
 * than from the text of SnakeYAML's messages. Aliases are resolved to the nodes they name; a node that contains itself
 * is refused. Stateless and thread-safe.
 */
public final class YamlReader {
    private YamlReader() {}

    /** The document's root; empty for a document with nothing in it (only comments, or no text). */
    public static Optional<YamlNode> read(String text) {
        LoadSettings settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true)
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            throw new MalformedYamlException(
                    mark.map(m -> m.getLine() + 1).orElse(1),
                    mark.map(m -> m.getColumn() + 1).orElse(1),
                    oneLine(e.getContext()),
                    oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new MalformedYamlException(1, 1, "", oneLine(e.getMessage()));
        }
        return root.map(YamlReader::convert);
    }

    /**
     * The root of a file's document, for readers that collect every problem: an empty document is an empty mapping,
     * and text that is not YAML adds a {@link Problem} at the position SnakeYAML gives and is an empty mapping too.
     */
    public static YamlNode root(String file, String text, List<Problem> problems) {
        try {
            return read(text).orElseGet(YamlReader::emptyMapping);
        } catch (MalformedYamlException e) {
            String what = e.context().isEmpty() ? e.problem() : e.context();
            problems.add(new Problem(file, e.line(), e.column(), "malformed YAML: " + what));
            return emptyMapping();
        }
    }

    private static YamlNode emptyMapping() {
        return new YamlNode.Mapping(new LinkedHashMap<>(), Map.of(), 1, 1);
    }

    private static YamlNode convert(Node node) {
        if (node.isRecursive()) {
            throw new MalformedYamlException(
                    line(node), column(node), "", "an alias refers to a node that contains it");
        }
        return switch (node) {
            case ScalarNode s -> scalar(s);
            case SequenceNode s -> {
                List<YamlNode> items = new ArrayList<>(s.getValue().size());
                s.getValue().forEach(item -> items.add(convert(item)));
                yield new YamlNode.Sequence(items, line(s), column(s));
            }
            case MappingNode m -> {
                LinkedHashMap<String, YamlNode> values = new LinkedHashMap<>();
                Map<String, YamlNode.Scalar> keys = new LinkedHashMap<>();
                for (NodeTuple tuple : m.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                        throw new MalformedYamlException(
                                line(tuple.getKeyNode()),
                                column(tuple.getKeyNode()),
                                "",
                                "a mapping key must be a plain value, not a list or a mapping");
                    }
                    YamlNode.Scalar key = scalar(keyNode);
                    values.put(key.value(), convert(tuple.getValueNode()));
                    keys.put(key.value(), key);
                }
                yield new YamlNode.Mapping(values, keys, line(m), column(m));
            }
            default -> throw new IllegalStateException("unexpected YAML node " + node.getNodeType());
        };
    }

    private static YamlNode.Scalar scalar(ScalarNode s) {
        Tag tag = s.getTag();
        YamlNode.Kind kind = tag.equals(Tag.NULL)
                ? YamlNode.Kind.NULL
                : tag.equals(Tag.INT)
                        ? YamlNode.Kind.INTEGER
                        : tag.equals(Tag.FLOAT)
                                ? YamlNode.Kind.DECIMAL
                                : tag.equals(Tag.BOOL) ? YamlNode.Kind.BOOLEAN : YamlNode.Kind.STRING;
        return new YamlNode.Scalar(kind == YamlNode.Kind.NULL ? "" : s.getValue(), kind, line(s), column(s));
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    private static int column(Node node) {
        return node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
