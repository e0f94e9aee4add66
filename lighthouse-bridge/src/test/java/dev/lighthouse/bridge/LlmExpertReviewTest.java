package dev.lighthouse.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventType;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.review.llm.LlmExpert;
import dev.lighthouse.review.llm.LlmExpertConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A held Claude Code call decided by an LLM expert: the real bridge, the real {@link LlmExpert}, and a WireMock
 * server on loopback standing in for the Anthropic Messages API.
 */
@Timeout(60)
class LlmExpertReviewTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private WireMockServer provider;

    @BeforeEach
    void start() {
        provider = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop();
    }

    @Test
    void heldCall_isDecidedByTheExpertsVerdict_withTokensAndCostRecorded() throws Exception {
        provider.stubFor(post("/v1/messages")
                .withRequestBody(containing("terraform apply"))
                .willReturn(
                        messages("{\"verdict\":\"deny\",\"reason\":\"applies to production\",\"confidence\":0.8}")));
        MemoryEventStore store = new MemoryEventStore();
        Bridge bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        judge("reviewers: [llm:claude]\nwait: 30s\nguidance: Is this the staging workspace?"),
                        store,
                        AgentTokens.inDataDir(dir))
                .agentHome(Path.of("/home/agent"))
                .experts(List.of(claude()))
                .start();
        try {
            JsonNode answer = hook(bridge, "terraform apply -auto-approve");

            assertThat(answer.at("/hookSpecificOutput/permissionDecision").asString())
                    .isEqualTo("deny");
            assertThat(answer.at("/hookSpecificOutput/permissionDecisionReason").asString())
                    .contains("llm:claude: applies to production");
            JsonNode vote = store.query(
                            EventQuery.all().type(EventType.REVIEW_VERDICT).limit(10))
                    .events()
                    .getFirst()
                    .payloadJson();
            assertThat(vote.path("reviewer").asString()).isEqualTo("llm:claude");
            assertThat(vote.path("confidence").asDouble()).isEqualTo(0.8);
            assertThat(vote.at("/usage/inputTokens").asLong()).isEqualTo(1000);
            assertThat(vote.at("/usage/costUsd").asDouble()).isEqualTo(0.0045); // 1000 × 3 + 100 × 15 per million
            provider.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                    .withRequestBody(
                            matchingJsonPath("$.messages[0].content", containing("Is this the staging workspace?"))));
        } finally {
            bridge.stop();
        }
    }

    private LlmExpert claude() {
        LlmExpertConfig config =
                LlmExpertConfig.parseList("""
                [{"name":"claude","provider":"anthropic","model":"claude-test","endpoint":"%s",
                  "price-input":3,"price-output":15}]""".formatted(provider.baseUrl())).getFirst();
        return LlmExpert.create(config, Map.of("ANTHROPIC_API_KEY", "sk-test"), Clock.systemUTC());
    }

    /** The default policy with the production route set by a team layer. */
    private static Judge judge(String productionRoute) {
        Layer team = Policies.parse("team.yaml", "routes:\n  production_deployment:\n" + productionRoute.indent(4));
        return Judge.of(PolicyEngine.of(
                Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team))));
    }

    private static JsonNode hook(Bridge bridge, String command) throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("session_id", "s1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash");
        body.putObject("tool_input").put("command", command);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/hooks/claude-code"))
                            .timeout(Duration.ofSeconds(40))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(res.body());
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder messages(String text) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("content").addObject().put("type", "text").put("text", text);
        body.putObject("usage").put("input_tokens", 1000).put("output_tokens", 100);
        return aResponse()
                .withStatus(200)
                .withHeader("content-type", "application/json")
                .withBody(body.toString());
    }
}
