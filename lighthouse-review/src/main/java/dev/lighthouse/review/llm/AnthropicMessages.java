package dev.lighthouse.review.llm;

import java.net.http.HttpRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic Messages API: {@code POST {base}/v1/messages} with {@code x-api-key} and a pinned API version. */
final class AnthropicMessages implements ProviderProtocol {
    static final String API_VERSION = "2023-06-01";

    @Override
    public HttpRequest.Builder request(LlmExpertConfig config, String apiKey, Prompt prompt) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", config.model());
        body.put("max_tokens", config.maxTokens());
        body.put("temperature", 0);
        body.put("system", prompt.system());
        body.putArray("messages").addObject().put("role", "user").put("content", prompt.user());
        return HttpRequest.newBuilder(ProviderProtocol.resolve(config.endpoint(), "/v1/messages"))
                .header("content-type", "application/json")
                .header("anthropic-version", API_VERSION)
                .header("x-api-key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
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
