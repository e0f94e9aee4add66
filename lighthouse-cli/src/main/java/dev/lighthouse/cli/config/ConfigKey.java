package dev.lighthouse.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * One setting of {@code lighthouse.yaml}: its dotted name, what it means, its default, the shape of its value and how
 * that value becomes a typed one.
 *
 * <p>Every key can also be given as an environment variable ({@link #envVar()}) and on the command line with
 * {@code --set name=value}; there the value is written as YAML too ({@code [a.yaml, b.yaml]}, {@code {agent: 500}}).
 * The parser throws {@link IllegalArgumentException} whose message says what was expected; {@link Settings} turns it
 * into an error naming the key and where the bad value came from.
 *
 * @param defaultValue the default as it would be written in the file (and as the documentation shows it)
 */
public record ConfigKey<T>(
        String name, String description, String defaultValue, Shape shape, Function<ConfigValue, T> parser) {

    /** What a key's value looks like in YAML. */
    public enum Shape {
        /** A single value, {@code 10m}. */
        VALUE,
        /** A list of values, {@code [a, b]}; the deprecated flat form is {@code a,b}. */
        LIST,
        /** A mapping of values, {@code {limit: 200, grace: 60s}}; the deprecated flat form is {@code limit=200,grace=60s}. */
        MAPPING,
        /** A list of mappings; the deprecated flat form is the list as JSON inside a string. */
        LIST_OF_MAPPINGS
    }

    public ConfigKey {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(defaultValue, "defaultValue");
        requireNonNull(shape, "shape");
        requireNonNull(parser, "parser");
        if (!name.matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*")) {
            throw new IllegalArgumentException("config key names are dotted lower-case words, not " + name);
        }
    }

    /** A key that takes a single value. */
    public ConfigKey(String name, String description, String defaultValue, Function<String, T> parser) {
        this(name, description, defaultValue, Shape.VALUE, value -> parser.apply(((ConfigValue.Text) value).text()));
    }

    static <T> ConfigKey<T> list(
            String name, String description, String defaultValue, Function<List<String>, T> parser) {
        return new ConfigKey<>(
                name,
                description,
                defaultValue,
                Shape.LIST,
                value -> parser.apply(((ConfigValue.Items) value).items()));
    }

    static <T> ConfigKey<T> mapping(
            String name, String description, String defaultValue, Function<Map<String, String>, T> parser) {
        return new ConfigKey<>(
                name,
                description,
                defaultValue,
                Shape.MAPPING,
                value -> parser.apply(((ConfigValue.Fields) value).fields()));
    }

    static <T> ConfigKey<T> listOfMappings(
            String name, String description, String defaultValue, Function<JsonNode, T> parser) {
        return new ConfigKey<>(
                name,
                description,
                defaultValue,
                Shape.LIST_OF_MAPPINGS,
                value -> parser.apply(((ConfigValue.Tree) value).list()));
    }

    /** {@code log.format} is {@code LIGHTHOUSE_LOG_FORMAT}; {@code data-dir} is {@code LIGHTHOUSE_DATA_DIR}. */
    public String envVar() {
        return "LIGHTHOUSE_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
