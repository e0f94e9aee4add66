package dev.lighthouse.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** review.webhook: each new review is posted to a real HTTP receiver, retried once it answers 503. */
@Timeout(60)
class ReviewWebhookTest {
    @TempDir
    Path dir;

    @Test
    void newReview_isPostedToTheWebhook_andRetriedAfterA503() throws Exception {
        WireMockServer receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/reviews"))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo("/reviews"))
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(204)));
        Bridge bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        Judge.of(PolicyEngine.of(Policies.defaultPolicy())),
                        new MemoryEventStore(),
                        AgentTokens.inDataDir(dir))
                .agentHome(Path.of("/home/agent"))
                .reviewWebhook(URI.create(receiver.baseUrl() + "/reviews"))
                .start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/hooks/codex"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(RunningBridge.claudeCodeBash("terraform apply")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String reason = RunningBridge.JSON
                    .readTree(response.body())
                    .at("/hookSpecificOutput/permissionDecisionReason")
                    .asString();
            assertThat(reason).contains("is pending");

            List<LoggedRequest> posts = awaitPosts(receiver, 2);
            assertThat(posts).hasSize(2);
            JsonNode body = RunningBridge.JSON.readTree(posts.get(1).getBodyAsString());
            assertThat(body.path("type").asString()).isEqualTo("review.requested");
            assertThat(body.at("/review/id").asString()).startsWith("rv_");
            assertThat(reason).contains(body.at("/review/id").asString());
        } finally {
            bridge.stop();
            receiver.stop();
        }
    }

    private static List<LoggedRequest> awaitPosts(WireMockServer receiver, int n) {
        while (true) {
            List<LoggedRequest> posts = receiver.findAll(postRequestedFor(urlEqualTo("/reviews")));
            if (posts.size() >= n) {
                return posts;
            }
            Thread.onSpinWait();
        }
    }
}
