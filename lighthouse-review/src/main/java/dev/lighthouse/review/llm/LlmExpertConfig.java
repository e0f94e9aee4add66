package dev.lighthouse.review.llm;

import dev.lighthouse.policy.verdict.ReviewRoute;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One configured LLM expert (an item of the {@code review.experts} list).
 *
 * @param name reviewer name, unique among the experts
 * @param provider which HTTP API the endpoint speaks
 * @param model the provider's model name
 * @param endpoint base URL; the provider's path ({@code /v1/messages}, {@code /v1/chat/completions}) is appended
 * @param apiKeyEnv environment variable holding the key; empty for the provider's usual variable
 * @param apiKey a key written into the config itself (masked by {@code config show}); empty for none
 * @param timeout bound of one HTTP attempt, body included
 * @param deadline bound of the whole consultation, retries and pauses included
 * @param retries further attempts after a 429, 5xx, timeout or connection error
 * @param priceInput USD per million input tokens, for the recorded cost
 * @param priceOutput USD per million output tokens
 * @param maxTokens most tokens the model may answer with
 * @param jsonMode ask an OpenAI-compatible endpoint for {@code response_format: json_object}
 * @param circuitFailures consecutive failed consultations that open the circuit
 * @param circuitCoolDown how long an open circuit refuses calls before one trial
 */
public record LlmExpertConfig(
        String name,
        Provider provider,
        String model,
        URI endpoint,
        String apiKeyEnv,
        String apiKey,
        Duration timeout,
        Duration deadline,
        int retries,
        double priceInput,
        double priceOutput,
        int maxTokens,
        boolean jsonMode,
        int circuitFailures,
        Duration circuitCoolDown) {

    /** The HTTP API an expert's endpoint speaks. */
    public enum Provider {
        /** Anthropic Messages API. */
        ANTHROPIC("https://api.anthropic.com", "ANTHROPIC_API_KEY"),
        /** OpenAI chat completions and the servers that speak it (Ollama, vLLM, llama.cpp). */
        OPENAI("https://api.openai.com", "OPENAI_API_KEY");

        final String defaultEndpoint;
        final String defaultKeyEnv;

        Provider(String defaultEndpoint, String defaultKeyEnv) {
            this.defaultEndpoint = defaultEndpoint;
            this.defaultKeyEnv = defaultKeyEnv;
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRIES = 2;
    public static final int DEFAULT_MAX_TOKENS = 400;
    public static final int DEFAULT_CIRCUIT_FAILURES = 5;
    public static final Duration DEFAULT_CIRCUIT_COOL_DOWN = Duration.ofSeconds(30);

    static final String MASK = "****";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS = Set.of(
            "name",
            "provider",
            "model",
            "endpoint",
            "api-key-env",
            "api-key",
            "timeout",
            "deadline",
            "retries",
            "price-input",
            "price-output",
            "max-tokens",
            "json-mode",
            "circuit-failures",
            "circuit-cool-down");

    @Override
    public String toString() {
        return "LlmExpertConfig[name=%s, provider=%s, model=%s, endpoint=%s, apiKey=%s]"
                .formatted(name, provider, model, endpoint, apiKey.isEmpty() ? "(none)" : MASK);
    }

    /**
     * The API key: the config's own, else the named or the provider's usual environment variable.
     *
     * @throws IllegalArgumentException a named variable is unset, or Anthropic has no key at all
     */
    public String resolveApiKey(Map<String, String> env) {
        if (!apiKey.isEmpty()) {
            return apiKey;
        }
        String variable = apiKeyEnv.isEmpty() ? provider.defaultKeyEnv : apiKeyEnv;
        String value = env.getOrDefault(variable, "").strip();
        boolean required = !apiKeyEnv.isEmpty() || provider == Provider.ANTHROPIC;
        if (value.isEmpty() && required) {
            throw new IllegalArgumentException(
                    "expert %s: environment variable %s holds no API key (set it, or name another with api-key-env)"
                            .formatted(name, variable));
        }
        return value;
    }

    /**
     * Reads the expert list: a JSON array of objects (the config file's YAML list arrives in this form, and
     * {@code LIGHTHOUSE_REVIEW_EXPERTS} is written in it); blank is no experts.
     *
     * @throws IllegalArgumentException naming every problem, e.g. {@code experts[1].provider: expected anthropic or
     *     openai, got "gemini"}
     */
    public static List<LlmExpertConfig> parseList(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        JsonNode list;
        try {
            list = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("expected a list of experts: " + e.getOriginalMessage());
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("expected a list of experts, each with name, provider and model");
        }
        List<String> problems = new ArrayList<>();
        List<LlmExpertConfig> experts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Reader item = new Reader("experts[%d]".formatted(i), list.get(i), problems);
            LlmExpertConfig expert = item.expert();
            if (expert != null && !names.add(expert.name())) {
                problems.add("experts[%d].name: %s is used by an earlier expert".formatted(i, expert.name()));
            }
            if (expert != null) {
                experts.add(expert);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return List.copyOf(experts);
    }

    /** The list as {@code config show} prints it: every {@code api-key} replaced by a mask. */
    public static String masked(String text) {
        try {
            JsonNode list = JSON.readTree(text);
            for (JsonNode item : list) {
                if (item instanceof ObjectNode object && object.has("api-key")) {
                    object.put("api-key", MASK);
                }
            }
            return list.toString();
        } catch (JacksonException | NullPointerException e) {
            return text.isBlank() ? text : MASK; // unreadable: show nothing of it rather than a key
        }
    }

    /** Reads one item, collecting problems instead of stopping at the first. */
    private static final class Reader {
        private final String where;
        private final JsonNode item;
        private final List<String> problems;

        Reader(String where, JsonNode item, List<String> problems) {
            this.where = where;
            this.item = item;
            this.problems = problems;
        }

        LlmExpertConfig expert() {
            if (!item.isObject()) {
                problems.add(where + ": expected an object with name, provider and model");
                return null;
            }
            int before = problems.size();
            for (String field : item.propertyNames()) {
                if (!FIELDS.contains(field)) {
                    problems.add("%s: unknown field %s; known: %s"
                            .formatted(
                                    where,
                                    field,
                                    String.join(", ", FIELDS.stream().sorted().toList())));
                }
            }
            String name = text("name", "").replaceFirst("^llm:", ""); // routes add the prefix themselves
            Provider provider = provider();
            String model = text("model", "");
            if (name.isEmpty()) {
                problems.add(where + ".name: required, e.g. claude");
            }
            if (model.isEmpty()) {
                problems.add(where + ".model: required, e.g. claude-sonnet-4-5 or llama3.1");
            }
            URI endpoint = endpoint(provider);
            Duration timeout = duration("timeout", DEFAULT_TIMEOUT);
            Duration deadline = duration("deadline", DEFAULT_DEADLINE);
            if (deadline.compareTo(timeout) < 0) {
                problems.add("%s.deadline: %s is shorter than timeout %s".formatted(where, deadline, timeout));
            }
            LlmExpertConfig expert = new LlmExpertConfig(
                    name,
                    provider,
                    model,
                    endpoint,
                    text("api-key-env", ""),
                    text("api-key", ""),
                    timeout,
                    deadline,
                    whole("retries", DEFAULT_RETRIES, 0),
                    price("price-input"),
                    price("price-output"),
                    whole("max-tokens", DEFAULT_MAX_TOKENS, 16),
                    flag("json-mode", true),
                    whole("circuit-failures", DEFAULT_CIRCUIT_FAILURES, 1),
                    duration("circuit-cool-down", DEFAULT_CIRCUIT_COOL_DOWN));
            return problems.size() == before ? expert : null;
        }

        private String text(String field, String fallback) {
            JsonNode value = item.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isValueNode() || value.isContainer()) {
                problems.add("%s.%s: expected text".formatted(where, field));
                return fallback;
            }
            return value.asString().strip();
        }

        private Provider provider() {
            String text = text("provider", "");
            for (Provider p : Provider.values()) {
                if (p.name().equalsIgnoreCase(text)) {
                    return p;
                }
            }
            problems.add("%s.provider: expected anthropic or openai, got \"%s\"".formatted(where, text));
            return Provider.OPENAI;
        }

        private URI endpoint(Provider provider) {
            String text = text("endpoint", provider.defaultEndpoint);
            try {
                URI uri = URI.create(text);
                if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not http(s)");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                problems.add("%s.endpoint: expected a base URL like https://api.anthropic.com or".formatted(where)
                        + " http://127.0.0.1:11434, got \"%s\"".formatted(text));
                return URI.create(provider.defaultEndpoint);
            }
        }

        private Duration duration(String field, Duration fallback) {
            String text = text(field, "");
            if (text.isEmpty()) {
                return fallback;
            }
            try {
                Duration d = ReviewRoute.duration(text);
                if (!d.isZero()) {
                    return d;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            problems.add("%s.%s: expected a positive duration like 500ms, 15s or 2m, got \"%s\""
                    .formatted(where, field, text));
            return fallback;
        }

        private int whole(String field, int fallback, int min) {
            String text = text(field, Integer.toString(fallback));
            try {
                int value = Integer.parseInt(text);
                if (value >= min) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(
                    "%s.%s: expected a whole number of at least %d, got \"%s\"".formatted(where, field, min, text));
            return fallback;
        }

        private double price(String field) {
            String text = text(field, "0");
            try {
                double value = Double.parseDouble(text);
                if (value >= 0 && Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add("%s.%s: expected USD per million tokens (e.g. 3.0), got \"%s\"".formatted(where, field, text));
            return 0;
        }

        private boolean flag(String field, boolean fallback) {
            String text = text(field, Boolean.toString(fallback));
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> {
                    problems.add("%s.%s: expected true or false, got \"%s\"".formatted(where, field, text));
                    yield fallback;
                }
            };
        }
    }
}
