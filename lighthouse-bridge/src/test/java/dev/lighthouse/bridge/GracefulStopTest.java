package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.bridge.limits.Limits;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.PolicyVersion;
import dev.lighthouse.policy.call.ToolCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the bridge lets the calls being decided finish and answers them; readiness goes down first. */
class GracefulStopTest {
    @TempDir
    Path dataDir;

    /** Blocks every decision until released, so a call is reliably in flight when the bridge stops. */
    static final class GatedJudge implements Judge {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final TableJudge table = new TableJudge();

        @Override
        public Decision decide(ToolCall call, Instant now) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return table.decide(call, now);
        }

        @Override
        public PolicyVersion version() {
            return TableJudge.VERSION;
        }
    }

    @Test
    void stop_drainsInFlightCall_thenCloses() throws Exception {
        GatedJudge judge = new GatedJudge();
        Bridge bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        judge,
                        new MemoryEventStore(),
                        AgentTokens.inDataDir(dataDir))
                .agentHome(dataDir)
                .start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<String>> call = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/hooks/claude-code"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(RunningBridge.claudeCodeBash("rm -rf ~")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(judge.entered.await(30, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(bridge::stop);
            HttpResponse<String> ready = awaitNotReady(http, bridge);
            judge.release.countDown();

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("draining");
            HttpResponse<String> answered = call.get(30, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("\"permissionDecision\":\"deny\"");
            stopping.get(30, TimeUnit.SECONDS);
            assertThat(bridge.inFlight()).isZero();
        }
    }

    @Test
    void overInFlightLimit_waitingCallDeniedAsOverloaded() throws Exception {
        GatedJudge judge = new GatedJudge();
        BridgeConfig config = BridgeConfig.defaults().withListen("127.0.0.1", 0);
        Limits one = new Limits(
                config.limits().bodyBytes(),
                config.limits().jsonDepth(),
                config.limits().commandChars(),
                1);
        Bridge bridge = Bridge.builder(
                        config.withLimits(one), judge, new MemoryEventStore(), AgentTokens.inDataDir(dataDir))
                .agentHome(dataDir)
                .start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<String>> first =
                    http.sendAsync(hook(bridge, "ls"), HttpResponse.BodyHandlers.ofString());
            assertThat(judge.entered.await(30, TimeUnit.SECONDS)).isTrue();

            HttpResponse<String> second = http.send(hook(bridge, "pwd"), HttpResponse.BodyHandlers.ofString());
            judge.release.countDown();

            assertThat(second.body()).contains("\"permissionDecision\":\"deny\"", "overloaded");
            assertThat(first.get(30, TimeUnit.SECONDS).body()).contains("\"permissionDecision\":\"allow\"");
        } finally {
            judge.release.countDown();
            bridge.stop();
        }
    }

    private static HttpRequest hook(Bridge bridge, String command) {
        return HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/hooks/claude-code"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RunningBridge.claudeCodeBash(command)))
                .build();
    }

    /** Polls readiness until the drain has begun (a condition, not a sleep), for at most 30 s. */
    private static HttpResponse<String> awaitNotReady(HttpClient http, Bridge bridge) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> ready;
        do {
            ready = http.send(
                    HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/health/ready"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } while (ready.statusCode() == 200 && System.nanoTime() < deadline);
        return ready;
    }
}
