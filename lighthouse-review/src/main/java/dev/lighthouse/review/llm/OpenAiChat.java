package dev.lighthouse.review.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI-compatible chat completions: {@code POST {base}/v1/chat/completions}, spoken by OpenAI, Ollama, vLLM and
 * llama.cpp's server. The bearer token is sent only when a key is configured (local servers need none), and JSON mode
 * ({@code response_format}) only when enabled, because not every compatible server accepts it.
 */
final class OpenAiChat implements ProviderProtocol {
    /** The request body; {@code response_format} only in JSON mode. */
    record ChatRequest(
            String model,
            @JsonProperty("max_tokens") int maxTokens,
            int temperature,
            List<Message> messages,

            @JsonProperty("response_format") @JsonInclude(JsonInclude.Include.NON_ABSENT)
            Optional<ResponseFormat> responseFormat) {}

    record Message(String role, String content) {}

    record ResponseFormat(String type) {}

    @Override
    public HttpRequest.Builder request(LlmExpertConfig config, String apiKey, Prompt prompt) {
        ChatRequest body = new ChatRequest(
                config.model(),
                config.maxTokens(),
                0,
                List.of(new Message("system", prompt.system()), new Message("user", prompt.user())),
                config.jsonMode() ? Optional.of(new ResponseFormat("json_object")) : Optional.empty());
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        ProviderProtocol.resolve(config.endpoint(), "/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ProviderProtocol.JSON.writeValueAsString(body)));
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
