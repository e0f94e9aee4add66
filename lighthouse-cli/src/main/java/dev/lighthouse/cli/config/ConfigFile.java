package dev.lighthouse.cli.config;

import dev.lighthouse.policy.yaml.DidYouMean;
import dev.lighthouse.policy.yaml.MalformedYamlException;
import dev.lighthouse.policy.yaml.YamlNode;
import dev.lighthouse.policy.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code lighthouse.yaml} into dotted keys ({@code log: {format: json}} is {@code log.format}), remembering
 * where each value was written so errors can point at it.
 *
 * <p>The file is read with the position-keeping {@link YamlReader} rather than bound to classes: that is what lets an
 * unknown key be reported with its line, and lets every problem in the file be reported at once. A key's value stays
 * a YAML node here; {@link ConfigValues} reads it in the shape its key takes.
 */
public final class ConfigFile {

    /** A value read from the file, and where its key was written. */
    public record Entry(String key, YamlNode value, int line, int column) {}

    private final Path path;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ConfigFile(Path path) {
        this.path = path;
    }

    /**
     * Reads and checks a config file.
     *
     * @throws ConfigException naming file, line and column of every unknown key, or of the first syntax error
     */
    public static Map<String, Entry> read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new ConfigException("%s: cannot read config file: %s".formatted(path, e.getMessage()));
        }
        Optional<YamlNode> root;
        try {
            root = YamlReader.read(text);
        } catch (MalformedYamlException e) {
            throw new ConfigException(path + ":" + e.getMessage());
        }
        if (root.isEmpty()) {
            return Map.of(); // an empty file configures nothing
        }
        ConfigFile file = new ConfigFile(path);
        if (root.get() instanceof YamlNode.Mapping mapping) {
            file.walk(mapping, "");
        } else {
            file.problem(root.get(), "expected a mapping of keys (like `log: {format: json}`)");
        }
        if (!file.problems.isEmpty()) {
            throw new ConfigException(String.join(System.lineSeparator(), file.problems));
        }
        return Map.copyOf(file.entries);
    }

    private void walk(YamlNode.Mapping mapping, String prefix) {
        mapping.values().forEach((name, value) -> {
            YamlNode.Scalar where = mapping.keys().get(name);
            String key = prefix + name;
            ConfigKey<?> known = ConfigKeys.BY_NAME.get(key);
            if (known != null && !(known.shape() == ConfigKey.Shape.VALUE && value instanceof YamlNode.Mapping)) {
                entries.put(key, new Entry(key, value, where.line(), where.column()));
            } else if (value instanceof YamlNode.Mapping section && known == null && isSection(key)) {
                walk(section, key + ".");
            } else {
                unknownOrMisplaced(where, key, value instanceof YamlNode.Mapping ? "a section" : "a value");
            }
        });
    }

    private void unknownOrMisplaced(YamlNode where, String key, String found) {
        String message;
        if (isSection(key)) {
            message = "`%s` is a section, not %s; its keys are %s".formatted(key, found, keysUnder(key));
        } else if (ConfigKeys.BY_NAME.containsKey(key)) {
            message = "`%s` takes a single value, not a section".formatted(key);
        } else {
            message = "unknown key `%s`%s".formatted(key, DidYouMean.suggest(key, ConfigKeys.BY_NAME.keySet(), '`'));
        }
        problem(where, message);
    }

    private void problem(YamlNode where, String message) {
        problems.add("%s:%d:%d: %s".formatted(path, where.line(), where.column(), message));
    }

    private static boolean isSection(String key) {
        return ConfigKeys.BY_NAME.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
    }

    private static String keysUnder(String section) {
        return String.join(
                ", ",
                ConfigKeys.BY_NAME.keySet().stream()
                        .filter(k -> k.startsWith(section + "."))
                        .sorted()
                        .toList());
    }
}
