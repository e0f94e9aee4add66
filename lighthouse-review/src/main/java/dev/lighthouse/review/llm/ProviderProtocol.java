package dev.lighthouse.review.llm;

import java.net.URI;
import java.net.http.HttpRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How one provider's HTTP API is asked and how its reply is read. */
sealed interface ProviderProtocol permits AnthropicMessages, OpenAiChat {
    /** Writes the request bodies (records). */
    JsonMapper JSON = JsonMapper.builder().build();

    /** The request for one attempt, without timeout (the caller sets it). */
    HttpRequest.Builder request(LlmExpertConfig config, String apiKey, Prompt prompt);

    /**
     * The model's text and the tokens the provider reported.
     *
     * @throws VerdictParser.MalformedAnswer the body is not a reply of this provider's shape
     */
    Reply read(JsonNode body) throws VerdictParser.MalformedAnswer;

    /** The model's answer text and the tokens it cost. */
    record Reply(String text, long inputTokens, long outputTokens) {}

    static ProviderProtocol of(LlmExpertConfig.Provider provider) {
        return switch (provider) {
            case ANTHROPIC -> new AnthropicMessages();
            case OPENAI -> new OpenAiChat();
        };
    }

    static URI resolve(URI base, String path) {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
    }
}
