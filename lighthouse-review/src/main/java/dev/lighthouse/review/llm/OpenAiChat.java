package dev.lighthouse.review.llm;

import java.net.http.HttpRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI-compatible chat completions: {@code POST {base}/v1/chat/completions}, spoken by OpenAI, Ollama, vLLM and
 * llama.cpp's server. The bearer token is sent only when a key is configured (local servers need none), and JSON mode
 * ({@code response_format}) only when enabled, because not every compatible server accepts it.
 */
final class OpenAiChat implements ProviderProtocol {

    @Override
    public HttpRequest.Builder request(LlmExpertConfig config, String apiKey, Prompt prompt) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", config.model());
        body.put("max_tokens", config.maxTokens());
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", prompt.system());
        messages.addObject().put("role", "user").put("content", prompt.user());
        if (config.jsonMode()) {
            body.putObject("response_format").put("type", "json_object");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        ProviderProtocol.resolve(config.endpoint(), "/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (!apiKey.isEmpty()) {
            request.header("authorization", "Bearer " + apiKey);
        }
        return request;
    }

    @Override
    public Reply read(JsonNode body) throws VerdictParser.MalformedAnswer {
        JsonNode content = body.path("choices").path(0).path("message").path("content");
        if (!content.isString()) {
            throw new VerdictParser.MalformedAnswer("chat completion without choices[0].message.content");
        }
        JsonNode usage = body.path("usage");
        return new Reply(
                content.asString(),
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0));
    }
}
