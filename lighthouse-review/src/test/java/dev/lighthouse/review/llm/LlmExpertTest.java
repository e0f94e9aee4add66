package dev.lighthouse.review.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.lighthouse.review.Expert.ExpertUnavailable;
import dev.lighthouse.review.ExpertVerdict;
import dev.lighthouse.review.ReviewCase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** LLM experts against a real HTTP stub server on loopback standing in for the providers. */
class LlmExpertTest {
    private static final String MESSAGES = "/v1/messages";
    private static final String CHAT = "/v1/chat/completions";
    private static final String APPROVE =
            "{\"verdict\":\"approve\",\"reason\":\"plan-only terraform run\",\"confidence\":0.9}";

    private WireMockServer provider;
    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

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
    void anthropic_goodVerdict_countsWithTokensAndCost() throws Exception {
        provider.stubFor(post(MESSAGES)
                .withHeader("x-api-key", equalTo("sk-test"))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .willReturn(anthropic(APPROVE, 1200, 40)));
        LlmExpert expert = expert("""
                {"name":"claude","provider":"anthropic","model":"claude-test","api-key-env":"TEST_KEY",
                 "price-input":"3","price-output":"15"}""");

        ExpertVerdict verdict = expert.review(terraformCase());

        assertThat(verdict.approve()).isTrue();
        assertThat(verdict.reason()).isEqualTo("plan-only terraform run");
        assertThat(verdict.confidence()).isEqualTo(0.9);
        assertThat(verdict.usage().inputTokens()).isEqualTo(1200);
        assertThat(verdict.usage().outputTokens()).isEqualTo(40);
        assertThat(verdict.usage().costUsd()).isCloseTo(0.0042, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(verdict.usage().attempts()).isEqualTo(1);
        assertThat(registry.get("lighthouse.expert.tokens")
                        .tag("expert", "llm:claude")
                        .tag("direction", "input")
                        .counter()
                        .count())
                .isEqualTo(1200);
        assertThat(registry.get("lighthouse.expert.cost").counter().count())
                .isCloseTo(0.0042, org.assertj.core.data.Offset.offset(1e-9));
        provider.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-test")))
                .withRequestBody(matchingJsonPath("$.max_tokens"))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0")))
                .withRequestBody(matchingJsonPath("$.system"))
                .withRequestBody(matchingJsonPath(
                        "$.messages[0].content",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("terraform apply"))));
    }

    @Test
    void openAi_fencedJsonVerdict_countsAndAsksForJsonMode() throws Exception {
        provider.stubFor(post(CHAT)
                .withHeader("authorization", equalTo("Bearer sk-test"))
                .willReturn(openAi(
                        "```json\n{\"verdict\":\"deny\",\"reason\":\"applies to prod\",\"confidence\":0.75}\n```",
                        900,
                        30)));
        LlmExpert expert = expert("""
                {"name":"gpt","provider":"openai","model":"gpt-test","api-key-env":"TEST_KEY"}""");

        ExpertVerdict verdict = expert.review(terraformCase());

        assertThat(verdict.approve()).isFalse();
        assertThat(verdict.reason()).isEqualTo("applies to prod");
        assertThat(verdict.usage().inputTokens()).isEqualTo(900);
        assertThat(verdict.usage().costUsd()).isZero();
        provider.verify(postRequestedFor(urlEqualTo(CHAT))
                .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_object")))
                .withRequestBody(matchingJsonPath("$.max_tokens"))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user"))));
    }

    @Test
    void openAiCompatible_localServerWithoutKey_sendsNoAuthorizationNorJsonModeWhenOff() throws Exception {
        provider.stubFor(post(CHAT).willReturn(openAi(APPROVE, 10, 5)));
        LlmExpert expert = expert("""
                {"name":"ollama","provider":"openai","model":"llama3.1","json-mode":"false"}""");

        assertThat(expert.review(terraformCase()).approve()).isTrue();
        provider.verify(postRequestedFor(urlEqualTo(CHAT))
                .withHeader("authorization", absent())
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("response_format")));
    }

    @Test
    void malformedAnswer_isAskedAgainOnce_thenCounts() throws Exception {
        provider.stubFor(post(MESSAGES)
                .inScenario("garbled")
                .whenScenarioStateIs(STARTED)
                .willReturn(anthropic("Sure! I think this is fine: {\"verdict\":\"approve\"}", 100, 20))
                .willSetStateTo("second"));
        provider.stubFor(post(MESSAGES)
                .inScenario("garbled")
                .whenScenarioStateIs("second")
                .willReturn(anthropic(APPROVE, 100, 20)));

        ExpertVerdict verdict = anthropicExpert("").review(terraformCase());

        assertThat(verdict.approve()).isTrue();
        assertThat(verdict.usage().attempts()).isEqualTo(2);
        assertThat(verdict.usage().inputTokens()).isEqualTo(200); // the garbled attempt cost tokens too
    }

    @Test
    void malformedJsonTwice_isUnavailable() {
        provider.stubFor(post(MESSAGES).willReturn(anthropic("{\"verdict\": \"approve\", \"reason\": ", 100, 20)));

        assertThatThrownBy(() -> anthropicExpert("").review(terraformCase()))
                .isInstanceOf(ExpertUnavailable.class)
                .hasMessageContaining("malformed answer twice")
                .hasMessageContaining("well-formed JSON");
        provider.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void missingConfidence_isUnavailable() {
        provider.stubFor(post(MESSAGES).willReturn(anthropic("{\"verdict\":\"approve\",\"reason\":\"fine\"}", 1, 1)));

        assertThatThrownBy(() -> anthropicExpert("").review(terraformCase()))
                .isInstanceOf(ExpertUnavailable.class)
                .hasMessageContaining("confidence is missing");
    }

    @Test
    void providerBodyNotJson_isGarbledTwice_thenUnavailable() {
        provider.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withBody("<html>gateway</html>")));

        assertThatThrownBy(() -> expert("""
                        {"name":"gpt","provider":"openai","model":"m"}""").review(terraformCase()))
                .isInstanceOf(ExpertUnavailable.class)
                .hasMessageContaining("not JSON");
        provider.verify(2, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void noAnswerWithinTimeout_isRetried_thenUnavailable() {
        provider.stubFor(post(MESSAGES).willReturn(anthropic(APPROVE, 1, 1).withFixedDelay(3_000)));

        assertThatThrownBy(() -> anthropicExpert(", \"timeout\":\"300ms\", \"retries\":\"1\"")
                        .review(terraformCase()))
                .isInstanceOf(ExpertUnavailable.class)
                .hasMessageContaining("within 300 ms")
                .hasMessageContaining("gave up after 2 attempts");
        provider.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void slowDribbledBody_beyondTimeout_isUnavailable() {
        provider.stubFor(post(MESSAGES).willReturn(anthropic(APPROVE, 1, 1).withChunkedDribbleDelay(10, 3_000)));

        assertThatThrownBy(() -> anthropicExpert(", \"timeout\":\"400ms\", \"retries\":\"0\"")
                        .review(terraformCase()))
                .isInstanceOf(ExpertUnavailable.class)
                .hasMessageContaining("no complete answer within 400 ms");
    }

    @Test
    void slowDribbledBody_withinTimeout_counts() throws Exception {
        provider.stubFor(post(MESSAGES).willReturn(anthropic(APPROVE, 1, 1).withChunkedDribbleDelay(5, 500)));

        ExpertVerdict verdict = anthropicExpert(", \"timeout\":\"10s\"").review(terraformCase());

        assertThat(verdict.approve()).isTrue();
        assertThat(verdict.usage().attempts()).isEqualTo(1);
    }

    @Test
    void tooManyRequests_honoursRetryAfter_thenCounts() throws Exception {
        provider.stubFor(post(MESSAGES)
                .inScenario("limited")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("retry-after", "1")
                        .withBody("{}"))
                .willSetStateTo("ok"));
        provider.stubFor(
                post(MESSAGES).inScenario("limited").whenScenarioStateIs("ok").willReturn(anthropic(APPROVE, 5, 5)));

        ExpertVerdict verdict = anthropicExpert("").review(terraformCase());

        assertThat(verdict.approve()).isTrue();
        assertThat(verdict.usage().attempts()).isEqualTo(2);
        // the pause the provider asked for is a lower bound the expert cannot beat by being fast
        assertThat(verdict.usage().millis()).isGreaterThanOrEqualTo(1_000);
    }

    @Test
    void retryAfterBeyondDeadline_givesUpAtOnce() {
        provider.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(429).withHeader("retry-after", "120")));

        assertThatThrownBy(() -> anthropicExpert(", \"deadline\":\"20s\"").review(terraformCase()))
                .isInstanceOf(ExpertUnavailable.class)
                .hasMessageContaining("HTTP 429")
                .hasMessageContaining("would pass the deadline");
        provider.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void serverError_thenSuccess_counts() throws Exception {
        provider.stubFor(post(CHAT)
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("overloaded"))
                .willSetStateTo("ok"));
        provider.stubFor(
                post(CHAT).inScenario("flaky").whenScenarioStateIs("ok").willReturn(openAi(APPROVE, 3, 3)));

        ExpertVerdict verdict = expert("""
                {"name":"gpt","provider":"openai","model":"m"}""").review(terraformCase());

        assertThat(verdict.usage().attempts()).isEqualTo(2);
    }

    @Test
    void badKey_failsAtOnce_withoutRetry() {
        provider.stubFor(post(MESSAGES)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"invalid x-api-key\"}}")));

        assertThatThrownBy(() -> anthropicExpert("").review(terraformCase()))
                .isInstanceOf(ExpertUnavailable.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("invalid x-api-key");
        provider.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void connectionRefused_isRetried_thenUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LlmExpert expert = LlmExpert.create(
                LlmExpertConfig.parseList("""
                        [{"name":"gone","provider":"openai","model":"m","endpoint":"http://127.0.0.1:%d","retries":"1"}]""".formatted(closedPort)).getFirst(), Map.of(), clock);

        assertThatThrownBy(() -> expert.review(terraformCase()))
                .isInstanceOf(ExpertUnavailable.class)
                .hasMessageContaining("connection failed")
                .hasMessageContaining("gave up after 2 attempts");
    }

    @Test
    void persistentServerErrors_openTheCircuit_thenOneTrialAfterCoolDown() throws Exception {
        provider.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(500).withBody("down")));
        LlmExpert expert =
                anthropicExpert(", \"retries\":\"1\", \"circuit-failures\":\"2\", \"circuit-cool-down\":\"30s\"");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> expert.review(terraformCase()))
                    .isInstanceOf(ExpertUnavailable.class)
                    .hasMessageContaining("HTTP 500");
        }
        provider.verify(4, postRequestedFor(urlEqualTo(MESSAGES)));
        assertThat(expert.circuit()).isEqualTo("open");
        assertThat(registry.get("lighthouse.expert.circuit").gauge().value()).isEqualTo(1);

        assertThatThrownBy(() -> expert.review(terraformCase()))
                .isInstanceOf(ExpertUnavailable.class)
                .hasMessageContaining("circuit open after 2 consecutive failures");
        provider.verify(4, postRequestedFor(urlEqualTo(MESSAGES))); // refused without asking

        clock.advance(Duration.ofSeconds(31));
        provider.resetAll();
        provider.stubFor(post(MESSAGES).willReturn(anthropic(APPROVE, 1, 1)));

        assertThat(expert.review(terraformCase()).approve()).isTrue();
        assertThat(expert.circuit()).isEqualTo("closed");
    }

    @Test
    void halfOpenTrialThatFails_reopensTheCircuit() {
        provider.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(502)));
        LlmExpert expert =
                anthropicExpert(", \"retries\":\"0\", \"circuit-failures\":\"1\", \"circuit-cool-down\":\"10s\"");
        assertThatThrownBy(() -> expert.review(terraformCase())).isInstanceOf(ExpertUnavailable.class);
        assertThat(expert.circuit()).isEqualTo("open");

        clock.advance(Duration.ofSeconds(11));
        assertThatThrownBy(() -> expert.review(terraformCase())).hasMessageContaining("HTTP 502");
        assertThat(expert.circuit()).isEqualTo("open");
        provider.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    private LlmExpert anthropicExpert(String extraFields) {
        return expert(
                "{\"name\":\"claude\",\"provider\":\"anthropic\",\"model\":\"claude-test\",\"api-key-env\":\"TEST_KEY\""
                        + extraFields + "}");
    }

    private LlmExpert expert(String item) {
        ObjectNode node = (ObjectNode)
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(item);
        node.put("endpoint", provider.baseUrl());
        LlmExpertConfig config = LlmExpertConfig.parseList("[" + node + "]").getFirst();
        return LlmExpert.create(config, Map.of("TEST_KEY", "sk-test"), clock, registry);
    }

    static ReviewCase terraformCase() {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("command", "terraform apply -auto-approve");
        return new ReviewCase(
                "r-1",
                "agent-7",
                "/srv/project",
                "/srv/project/infra",
                "Bash",
                input,
                List.of("terraform apply -auto-approve (changes infrastructure)"),
                List.of("production-deployment"),
                "infrastructure change",
                "high",
                "production_deployment",
                "Is this the staging workspace?",
                List.of("allow: terraform plan"));
    }

    private static ResponseDefinitionBuilder anthropic(String text, long in, long out) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "message");
        body.putArray("content").addObject().put("type", "text").put("text", text);
        body.putObject("usage").put("input_tokens", in).put("output_tokens", out);
        return aResponse()
                .withStatus(200)
                .withHeader("content-type", "application/json")
                .withBody(body.toString());
    }

    private static ResponseDefinitionBuilder openAi(String text, long in, long out) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("choices")
                .addObject()
                .putObject("message")
                .put("role", "assistant")
                .put("content", text);
        body.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out);
        return aResponse()
                .withStatus(200)
                .withHeader("content-type", "application/json")
                .withBody(body.toString());
    }

    /** A clock the test moves, so the circuit's cool-down passes without waiting. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
