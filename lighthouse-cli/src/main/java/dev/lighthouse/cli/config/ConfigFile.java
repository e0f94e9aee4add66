package dev.lighthouse.cli.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads {@code lighthouse.yaml} into dotted keys ({@code log: {format: json}} is {@code log.format=json}), remembering
 * the line of each so errors can point at it.
 *
 * <p>The file is walked as a token stream rather than bound to classes: that is what lets an unknown key be reported
 * with its line, and lets every problem in the file be reported at once.
 */
public final class ConfigFile {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** A value read from the file, and where. */
    public record Entry(String key, String value, int line, int column) {}

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
        ConfigFile file = new ConfigFile(path);
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Map.of(); // an empty file configures nothing
            }
            if (first != JsonToken.START_OBJECT) {
                file.problem(parser.currentTokenLocation(), "expected a mapping of keys (like `log: {format: json}`)");
            } else {
                file.walkObject(parser, "");
            }
        } catch (JacksonException e) {
            throw new ConfigException(path + ":" + describeSyntaxError(e));
        }
        if (!file.problems.isEmpty()) {
            throw new ConfigException(String.join(System.lineSeparator(), file.problems));
        }
        return Map.copyOf(file.entries);
    }

    private static final Pattern MARK = Pattern.compile("line (\\d+), column (\\d+)");

    /**
     * {@code line:column: malformed YAML: what}. SnakeYAML's message holds the context, the problem and a mark for
     * each; the problem's mark (the last one) is where the user must look, which is more precise than the parser's
     * own location.
     */
    private static String describeSyntaxError(JacksonException e) {
        String message = e.getOriginalMessage();
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        Matcher mark = MARK.matcher(message);
        while (mark.find()) {
            line = Integer.parseInt(mark.group(1));
            column = Integer.parseInt(mark.group(2));
        }
        String what =
                message.lines().filter(l -> !l.isBlank() && !l.startsWith(" ")).collect(Collectors.joining("; "));
        return "%d:%d: malformed YAML: %s".formatted(line, column, what.isEmpty() ? "unreadable" : what);
    }

    private void walkObject(JsonParser parser, String prefix) {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            TokenStreamLocation where = parser.currentTokenLocation();
            String key = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT) {
                if (ConfigKeys.BY_NAME.containsKey(key) || !isSection(key)) {
                    unknownOrMisplaced(where, key, "a section");
                    parser.skipChildren();
                } else {
                    walkObject(parser, key + ".");
                }
                continue;
            }
            if (!ConfigKeys.BY_NAME.containsKey(key)) {
                unknownOrMisplaced(where, key, "a value");
                parser.skipChildren();
                continue;
            }
            String text = value == JsonToken.START_ARRAY
                    ? joinArray(parser)
                    : value == JsonToken.VALUE_NULL ? "" : parser.getString();
            entries.put(key, new Entry(key, text, where.getLineNr(), where.getColumnNr()));
        }
    }

    /**
     * Lists become the text an environment variable would hold: plain values comma-separated, a list of mappings
     * (such as {@code review.experts}) as JSON.
     */
    private static String joinArray(JsonParser parser) {
        JsonNode list = parser.readValueAsTree();
        if (list.valueStream().anyMatch(JsonNode::isContainer)) {
            return list.toString();
        }
        List<String> items = new ArrayList<>();
        list.forEach(item -> items.add(item.asString()));
        return String.join(",", items);
    }

    private void unknownOrMisplaced(TokenStreamLocation where, String key, String found) {
        String message;
        if (isSection(key)) {
            message = "`%s` is a section, not %s; its keys are %s".formatted(key, found, keysUnder(key));
        } else if (ConfigKeys.BY_NAME.containsKey(key)) {
            message = "`%s` takes a single value, not a section".formatted(key);
        } else {
            message = "unknown key `%s`%s".formatted(key, DidYouMean.suggest(key, ConfigKeys.BY_NAME.keySet()));
        }
        problem(where, message);
    }

    private void problem(TokenStreamLocation where, String message) {
        problems.add("%s:%d:%d: %s".formatted(path, where.getLineNr(), where.getColumnNr(), message));
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
