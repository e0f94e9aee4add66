package dev.lighthouse.review.llm;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.http.HttpRequest;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Anthropic Messages API: {@code POST {base}/v1/messages} with {@code x-api-key} and a pinned API version. */
final class AnthropicMessages implements ProviderProtocol {
    static final String API_VERSION = "2023-06-01";

    /** The request body. */
    record MessagesRequest(
            String model,
            @JsonProperty("max_tokens") int maxTokens,
            int temperature,
            String system,
            List<OpenAiChat.Message> messages) {}

    @Override
    public HttpRequest.Builder request(LlmExpertConfig config, String apiKey, Prompt prompt) {
        MessagesRequest body = new MessagesRequest(
                config.model(),
                config.maxTokens(),
                0,
                prompt.system(),
                List.of(new OpenAiChat.Message("user", prompt.user())));
        return HttpRequest.newBuilder(ProviderProtocol.resolve(config.endpoint(), "/v1/messages"))
                .header("content-type", "application/json")
                .header("anthropic-version", API_VERSION)
                .header("x-api-key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(ProviderProtocol.JSON.writeValueAsString(body)));
    }

    @Override
    public Reply read(JsonNode body) throws VerdictParser.MalformedAnswer {
        JsonNode content = body.path("content");
        if (!content.isArray()) {
            throw new VerdictParser.MalformedAnswer("Messages API reply without a content array");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (block.path("type").asString("").equals("text")) {
                text.append(block.path("text").asString(""));
            }
        }
        JsonNode usage = body.path("usage");
        return new Reply(
                text.toString(),
                usage.path("input_tokens").asLong(0),
                usage.path("output_tokens").asLong(0));
    }
}
