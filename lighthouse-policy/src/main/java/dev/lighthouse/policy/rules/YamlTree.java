package dev.lighthouse.policy.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads YAML into {@link Node}s that remember their positions (Jackson's tree model forgets them). */
final class YamlTree {
    private YamlTree() {}

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern MARK = Pattern.compile("line (\\d+), column (\\d+)");

    /** The document's root, or a syntax problem added to {@code problems} and an empty mapping. */
    static Node parse(String file, String text, List<Problem> problems) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Node.Mapping(new LinkedHashMap<>(), Map.of(), 1, 1);
            }
            return read(parser, first);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            Matcher mark = MARK.matcher(e.getOriginalMessage());
            while (mark.find()) {
                line = Integer.parseInt(mark.group(1));
                column = Integer.parseInt(mark.group(2));
            }
            String what = e.getOriginalMessage()
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith(" "))
                    .findFirst()
                    .orElse("unreadable");
            problems.add(new Problem(file, line, column, "malformed YAML: " + what));
            return new Node.Mapping(new LinkedHashMap<>(), Map.of(), 1, 1);
        }
    }

    private static Node read(JsonParser parser, JsonToken token) {
        TokenStreamLocation where = parser.currentTokenLocation();
        int line = where.getLineNr();
        int column = where.getColumnNr();
        return switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, Node> values = new LinkedHashMap<>();
                Map<String, Node.Scalar> keys = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    TokenStreamLocation at = parser.currentTokenLocation();
                    String key = parser.currentName();
                    keys.put(key, new Node.Scalar(key, at.getLineNr(), at.getColumnNr()));
                    values.put(key, read(parser, parser.nextToken()));
                }
                yield new Node.Mapping(values, keys, line, column);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(read(parser, t));
                }
                yield new Node.Sequence(items, line, column);
            }
            case VALUE_NULL -> new Node.Scalar("", line, column);
            default -> new Node.Scalar(parser.getString(), line, column);
        };
    }
}
