package dev.lighthouse.review.llm;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a model's answer before it counts: one JSON object, alone or inside a single {@code ```json} fence, with
 * exactly the fields {@code verdict} ({@code approve} or {@code deny}), {@code reason} (non-blank text) and
 * {@code confidence} (a number from 0 to 1). Prose around the object, extra or duplicate fields, or a verdict in other
 * words are refused: a reviewer whose answer needs interpreting has not given one.
 */
final class VerdictParser {
    private VerdictParser() {}

    /** A validated answer. */
    record Answer(boolean approve, String reason, double confidence) {}

    /** Why an answer does not count; the message is shown to operators. */
    static final class MalformedAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedAnswer(String message) {
            super(message);
        }
    }

    static final int MAX_REASON_CHARS = 2000;

    private static final Set<String> FIELDS = Set.of("verdict", "reason", "confidence");
    private static final Pattern FENCE = Pattern.compile("```(?:json)?\\s*\\n(.*?)\\n?\\s*```", Pattern.DOTALL);
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static Answer parse(String text) throws MalformedAnswer {
        String body = unfence(text.strip());
        if (!body.startsWith("{")) {
            throw new MalformedAnswer("expected a JSON object, got: " + excerpt(body));
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedAnswer("not one well-formed JSON object: " + e.getOriginalMessage());
        }
        Set<String> extra = new TreeSet<>(node.propertyNames());
        extra.removeAll(FIELDS);
        if (!extra.isEmpty()) {
            throw new MalformedAnswer("unexpected fields " + extra + "; expected exactly verdict, reason, confidence");
        }
        return new Answer(verdict(node.get("verdict")), reason(node.get("reason")), confidence(node.get("confidence")));
    }

    private static String unfence(String text) {
        if (!text.startsWith("```")) {
            return text;
        }
        Matcher fence = FENCE.matcher(text);
        return fence.matches() ? fence.group(1).strip() : text;
    }

    private static boolean verdict(JsonNode value) throws MalformedAnswer {
        if (value == null || !value.isString()) {
            throw new MalformedAnswer("field verdict is missing or not text; expected \"approve\" or \"deny\"");
        }
        return switch (value.asString()) {
            case "approve" -> true;
            case "deny" -> false;
            default ->
                throw new MalformedAnswer(
                        "verdict \"%s\" is neither \"approve\" nor \"deny\"".formatted(excerpt(value.asString())));
        };
    }

    private static String reason(JsonNode value) throws MalformedAnswer {
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new MalformedAnswer("field reason is missing, not text or blank");
        }
        if (value.asString().length() > MAX_REASON_CHARS) {
            throw new MalformedAnswer("reason is longer than %d characters".formatted(MAX_REASON_CHARS));
        }
        return value.asString().strip();
    }

    private static double confidence(JsonNode value) throws MalformedAnswer {
        if (value == null || !value.isNumber()) {
            throw new MalformedAnswer("field confidence is missing or not a number; expected 0 to 1");
        }
        double confidence = value.asDouble();
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new MalformedAnswer("confidence %s is outside 0 to 1".formatted(value));
        }
        return confidence;
    }

    static String excerpt(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
