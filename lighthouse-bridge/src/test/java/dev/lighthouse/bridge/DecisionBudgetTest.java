package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 26: a decision that runs out of its time budget is answered review (never allow) and counted in
 * {@code lighthouse_decision_over_budget_total}. The policy engine's ticker jumps a second per read, so the budget is
 * spent at once without any real waiting.
 */
class DecisionBudgetTest {
    @TempDir
    Path dataDir;

    @Test
    void decisionOverItsBudget_isAReview_andCounted() throws Exception {
        AtomicLong nanos = new AtomicLong();
        Ticker jumping = () -> nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        PolicyEngine engine = new PolicyEngine(Policies.defaultPolicy(), 100, jumping);
        Bridge bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        Judge.of(engine),
                        new MemoryEventStore(),
                        AgentTokens.inDataDir(dataDir))
                .agentHome(Path.of("/home/agent"))
                .start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> decided = http.send(
                    HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/decisions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(AuthTest.nativeCall("ls -la")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();

            JsonNode d = RunningBridge.JSON.readTree(decided.body());
            assertThat(d.path("decision").asString()).as(decided.body()).isEqualTo("review");
            assertThat(d.path("rules").get(0).asString()).isEqualTo("decision-budget");
            assertThat(metrics).contains("lighthouse_decision_over_budget_total 1.0");
        } finally {
            bridge.stop();
        }
    }
}
