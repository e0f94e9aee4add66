package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.rules.Layer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A store written by an earlier version still rebuilds the same reviews: the review and approval events of
 * {@code compat/review-events-2026-12.jsonl} (an approval granted, used and revoked; a review denied by an LLM expert
 * with a late human vote; one pending; one refused as overloaded) replay into exactly the API views recorded then.
 */
class ReviewEventsCompatibilityTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant RECORDED = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void reviewsRecordedByAnEarlierVersion_rebuildIntoTheSameViews_andStillDecideRetries() throws IOException {
        MemoryEventStore store = new MemoryEventStore();
        for (String line : Files.readAllLines(resource("review-events-2026-12.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            store.append(List.of(new NewEvent(
                    EventType.of(e.path("type").asString()),
                    e.path("stream").asString(),
                    Optional.ofNullable(e.path("agent").asStringOpt().orElse(null)),
                    JSON.writeValueAsString(e.path("payload")))));
        }
        AgentTokens tokens = AgentTokens.inDataDir(dir);
        String builder = tokens.add("builder", Role.AGENT, RECORDED).token();
        String ops = tokens.add("ops", Role.ADMIN, RECORDED).token();
        Bridge bridge = Bridge.builder(BridgeConfig.defaults().withListen("127.0.0.1", 0), judge(), store, tokens)
                .agentHome(Path.of("/home/agent"))
                .clock(Clock.fixed(RECORDED.plusSeconds(300), ZoneOffset.UTC))
                .start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            JsonNode expected = JSON.readTree(resource("review-views-2026-12.json"));
            ObjectNode actual = JSON.createObjectNode();
            for (String status : List.of("pending", "resolved")) {
                actual.set(status, JSON.readTree(get(http, bridge, "/v1/reviews?status=" + status, ops)));
            }
            actual.set("approvals", JSON.readTree(get(http, bridge, "/v1/approvals", ops)));
            assertThat(actual).isEqualTo(expected);

            assertThat(hook(http, bridge, "helm upgrade web ./chart", builder))
                    .contains("\"deny\"", "after review rv_b8786f86d7074b09 (denied)");
            assertThat(hook(http, bridge, "terraform apply -target=a", builder)).isEqualTo("{}");
        } finally {
            bridge.stop();
        }
    }

    private static Judge judge() {
        Layer team = Policies.parse(
                "team.yaml",
                "routes:\n  production_deployment:\n    reviewers: [human, llm:stub]\n    quorum: 1\n    wait: 0\n"
                        + "    timeout: 1h\n");
        return Judge.of(PolicyEngine.of(
                Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team))));
    }

    private static Path resource(String name) {
        try {
            return Path.of(ReviewEventsCompatibilityTest.class
                    .getResource("/compat/" + name)
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hook(HttpClient http, Bridge bridge, String command, String token) {
        ObjectNode body = JSON.createObjectNode()
                .put("session_id", "s1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash");
        body.putObject("tool_input").put("command", command);
        return send(http, bridge, "POST", "/v1/hooks/codex", JSON.writeValueAsString(body), token);
    }

    private static String get(HttpClient http, Bridge bridge, String path, String token) {
        return send(http, bridge, "GET", path, null, token);
    }

    private static String send(HttpClient http, Bridge bridge, String method, String path, String body, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
