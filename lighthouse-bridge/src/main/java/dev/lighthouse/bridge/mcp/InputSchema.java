package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A tool's arguments: named parameters of a few kinds, each with a description for the model. It is published as the
 * tool's JSON Schema ({@link #jsonSchema()}) and checks arguments itself ({@link #check}), so every problem names its
 * field and says what was expected, in the same words the schema uses. Unknown arguments are refused: a misspelt
 * optional one would otherwise be silently ignored.
 *
 * {@snippet :
 * InputSchema schema = InputSchema.of(
 *         Param.text("review", "The review's id, as review_list shows it.").mandatory(),
 *         Param.choice("verdict", "approve or deny.", List.of("approve", "deny")).mandatory(),
 *         Param.whole("limit", "How many at most.", 1, 500));
 * }
 */
public record InputSchema(List<Param> params) {
    public InputSchema {
        params = List.copyOf(requireNonNull(params, "params"));
    }

    public static InputSchema of(Param... params) {
        return new InputSchema(List.of(params));
    }

    /** A tool without arguments. */
    public static InputSchema none() {
        return new InputSchema(List.of());
    }

    /** One parameter. Build with the static factories; {@link Param#mandatory()} makes it required. */
    public sealed interface Param {
        String name();

        String description();

        boolean required();

        /** This parameter, which callers must pass. */
        Param mandatory();

        /** Why {@code value} does not fit, if it does not. */
        Optional<String> problem(JsonNode value);

        /** The parameter as a JSON Schema property. */
        Property property();

        static Text text(String name, String description, int maxLength) {
            return new Text(name, description, false, maxLength);
        }

        static Whole whole(String name, String description, long min, long max) {
            return new Whole(name, description, false, min, max);
        }

        static Choice choice(String name, String description, List<String> values) {
            return new Choice(name, description, false, List.copyOf(values));
        }

        static JsonObject object(String name, String description) {
            return new JsonObject(name, description, false);
        }

        static Texts texts(String name, String description, int maxItems, int maxLength) {
            return new Texts(name, description, false, maxItems, maxLength);
        }

        /** A string of 1 to {@code maxLength} characters. */
        record Text(String name, String description, boolean required, int maxLength) implements Param {
            @Override
            public Text mandatory() {
                return new Text(name, description, true, maxLength);
            }

            @Override
            public Optional<String> problem(JsonNode value) {
                if (!value.isString()) {
                    return Optional.of("must be a string, got " + kind(value));
                }
                int length = value.asString().length();
                return length == 0 || length > maxLength
                        ? Optional.of("must be 1 to %,d characters, got %,d".formatted(maxLength, length))
                        : Optional.empty();
            }

            @Override
            public Property property() {
                return new Property(
                        "string",
                        description,
                        Optional.of(1),
                        Optional.of(maxLength),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());
            }
        }

        /** A whole number from {@code min} to {@code max}. */
        record Whole(String name, String description, boolean required, long min, long max) implements Param {
            @Override
            public Whole mandatory() {
                return new Whole(name, description, true, min, max);
            }

            @Override
            public Optional<String> problem(JsonNode value) {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    return Optional.of("must be a whole number, got " + kind(value));
                }
                long n = value.asLong();
                return n < min || n > max
                        ? Optional.of("must be %,d to %,d, got %,d".formatted(min, max, n))
                        : Optional.empty();
            }

            @Override
            public Property property() {
                return new Property(
                        "integer",
                        description,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(min),
                        Optional.of(max),
                        Optional.empty());
            }
        }

        /** One of a few words. */
        record Choice(String name, String description, boolean required, List<String> values) implements Param {
            @Override
            public Choice mandatory() {
                return new Choice(name, description, true, values);
            }

            @Override
            public Optional<String> problem(JsonNode value) {
                if (!value.isString() || !values.contains(value.asString())) {
                    return Optional.of("must be one of %s, got %s".formatted(String.join(", ", values), shown(value)));
                }
                return Optional.empty();
            }

            @Override
            public Property property() {
                return new Property(
                        "string",
                        description,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(values));
            }
        }

        /** Any JSON object (a tool call's input, say); its own shape is the handler's to check. */
        record JsonObject(String name, String description, boolean required) implements Param {
            @Override
            public JsonObject mandatory() {
                return new JsonObject(name, description, true);
            }

            @Override
            public Optional<String> problem(JsonNode value) {
                return value.isObject() ? Optional.empty() : Optional.of("must be a JSON object, got " + kind(value));
            }

            @Override
            public Property property() {
                return new Property(
                        "object",
                        description,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());
            }
        }

        /** A list of 1 to {@code maxItems} strings, each of 1 to {@code maxLength} characters. */
        record Texts(String name, String description, boolean required, int maxItems, int maxLength) implements Param {
            @Override
            public Texts mandatory() {
                return new Texts(name, description, true, maxItems, maxLength);
            }

            @Override
            public Optional<String> problem(JsonNode value) {
                if (!value.isArray()) {
                    return Optional.of("must be an array of strings, got " + kind(value));
                }
                if (value.isEmpty() || value.size() > maxItems) {
                    return Optional.of("must hold 1 to %,d strings, got %,d".formatted(maxItems, value.size()));
                }
                for (int i = 0; i < value.size(); i++) {
                    Optional<String> item = new Text(name, description, true, maxLength).problem(value.get(i));
                    if (item.isPresent()) {
                        return Optional.of("item %d %s".formatted(i, item.get()));
                    }
                }
                return Optional.empty();
            }

            @Override
            public Property property() {
                return new Property(
                        "array",
                        description,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(new Text(name, description, true, maxLength).property()),
                        Optional.of(1),
                        Optional.of(maxItems));
            }
        }
    }

    /** A JSON Schema property, as published. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Property(
            String type,
            String description,
            Optional<Integer> minLength,
            Optional<Integer> maxLength,
            Optional<Long> minimum,
            Optional<Long> maximum,
            @JsonProperty("enum") Optional<List<String>> values,
            Optional<Property> items,
            Optional<Integer> minItems,
            Optional<Integer> maxItems) {
        Property(
                String type,
                String description,
                Optional<Integer> minLength,
                Optional<Integer> maxLength,
                Optional<Long> minimum,
                Optional<Long> maximum,
                Optional<List<String>> values) {
            this(
                    type,
                    description,
                    minLength,
                    maxLength,
                    minimum,
                    maximum,
                    values,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }
    }

    /** The whole input as a JSON Schema object. */
    public record JsonSchema(
            String type, Map<String, Property> properties, List<String> required, boolean additionalProperties) {}

    public JsonSchema jsonSchema() {
        Map<String, Property> properties = new LinkedHashMap<>();
        params.forEach(p -> properties.put(p.name(), p.property()));
        return new JsonSchema(
                "object",
                properties,
                params.stream().filter(Param::required).map(Param::name).toList(),
                false);
    }

    /** Every way {@code arguments} (absent: no arguments) differs from this schema; empty when it fits. */
    public List<InvalidArgument> check(Optional<JsonNode> arguments) {
        List<InvalidArgument> problems = new ArrayList<>();
        JsonNode args = arguments.orElse(null);
        if (args != null && !args.isNull() && !args.isObject()) {
            problems.add(new InvalidArgument("arguments", "must be a JSON object, got " + kind(args)));
            return problems;
        }
        for (Param p : params) {
            JsonNode value = args == null ? null : args.get(p.name());
            if (value == null || value.isNull()) {
                if (p.required()) {
                    problems.add(new InvalidArgument(p.name(), "is required: " + p.description()));
                }
                continue;
            }
            p.problem(value).ifPresent(reason -> problems.add(new InvalidArgument(p.name(), reason)));
        }
        if (args != null && args.isObject()) {
            for (String name : args.propertyNames()) {
                if (params.stream().noneMatch(p -> p.name().equals(name))) {
                    problems.add(new InvalidArgument(
                            name,
                            params.isEmpty()
                                    ? "is not an argument of this tool, which takes none"
                                    : "is not an argument of this tool; it takes "
                                            + String.join(
                                                    ", ",
                                                    params.stream()
                                                            .map(Param::name)
                                                            .toList())));
                }
            }
        }
        return problems;
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL, MISSING -> "null";
            case BINARY, POJO -> "a value of another kind";
        };
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
