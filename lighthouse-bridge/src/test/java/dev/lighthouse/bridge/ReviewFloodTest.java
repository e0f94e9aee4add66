package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.alert.Alert;
import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventType;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.review.Expert;
import dev.lighthouse.review.ExpertVerdict;
import dev.lighthouse.review.ReviewCase;
import dev.lighthouse.review.ReviewLimits;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 26, item 3: a flood of calls that need review cannot exhaust memory, hide other agents' reviews, stop a
 * restart or run up a model bill.
 */
@Timeout(120)
class ReviewFloodTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path dataDir;

    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private final MemoryEventStore store = new MemoryEventStore();

    private Bridge start(Judge judge, ReviewLimits limits, List<Expert> experts) {
        return Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        judge,
                        store,
                        AgentTokens.inDataDir(dataDir))
                .agentHome(Path.of("/home/agent"))
                .reviewLimits(limits)
                .experts(experts)
                .alerts(new Alerts() {
                    @Override
                    public void trigger(Alert alert) {
                        alerts.add(alert);
                    }

                    @Override
                    public void resolve(Alert alert) {}
                })
                .start();
    }

    private Bridge start(ReviewLimits limits) {
        return start(new TableJudge(), limits, List.of());
    }

    private final class Client implements AutoCloseable {
        final Bridge bridge;
        final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        Client(Bridge bridge) {
            this.bridge = bridge;
        }

        JsonNode send(String method, String path, String body, String token) {
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(bridge.baseUrl() + path))
                    .method(
                            method,
                            body == null
                                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                    : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            try {
                return RunningBridge.JSON.readTree(
                        http.send(req.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                                .body());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        String hook(String command, String token) {
            return send("POST", "/v1/hooks/claude-code", RunningBridge.claudeCodeBash(command), token)
                    .at("/hookSpecificOutput/permissionDecision")
                    .asString();
        }

        String reason(String command, String token) {
            return send("POST", "/v1/hooks/claude-code", RunningBridge.claudeCodeBash(command), token)
                    .at("/hookSpecificOutput/permissionDecisionReason")
                    .asString();
        }

        JsonNode reviews(String query) {
            return send("GET", "/v1/reviews" + query, null, owner());
        }

        void approve(String id) {
            send("POST", "/v1/reviews/" + id + "/verdict", "{\"verdict\":\"approve\",\"reason\":\"ok\"}", owner());
        }

        /** Reviews are read and decided as the owner (the person at the machine), as the CLI does. */
        String owner() {
            try {
                return java.nio.file.Files.readString(dataDir.resolve("owner.token"))
                        .strip();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            bridge.stop();
            http.close();
        }
    }

    @Test
    void openReviews_pastTheAgentsCap_areDeniedAsOverloaded_withAnEventAndAnAlert_whileOthersStillGetReviews() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String a1 = tokens.add("a1", Role.AGENT, NOW).token();
        String a2 = tokens.add("a2", Role.AGENT, NOW).token();
        try (Client c = new Client(start(new ReviewLimits(2, 100, 100, 60)))) {
            assertThat(c.hook("sudo one", a1)).isEqualTo("ask");
            assertThat(c.hook("sudo two", a1)).isEqualTo("ask");

            assertThat(c.hook("sudo three", a1)).isEqualTo("deny");
            assertThat(c.reason("sudo four", a1)).contains("overloaded", "a1 has 2 reviews open");
            assertThat(c.hook("sudo one", a2)).isEqualTo("ask");

            List<Event> refused =
                    store.query(EventQuery.all().type(EventType.REVIEW_REFUSED)).events();
            assertThat(refused).hasSize(2);
            assertThat(refused.getFirst().payloadJson().path("reason").asString())
                    .isEqualTo("overloaded");
            assertThat(alerts).singleElement().extracting(Alert::dedupKey).isEqualTo("reviews/overloaded/a1");
            assertThat(store.query(EventQuery.all().type(EventType.REVIEW_REQUESTED))
                            .events())
                    .hasSize(3);
        }
    }

    @Test
    void openReviews_pastTheOverallCap_areDeniedForEveryAgent_untilOneIsResolved() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String a1 = tokens.add("a1", Role.AGENT, NOW).token();
        String a2 = tokens.add("a2", Role.AGENT, NOW).token();
        String a3 = tokens.add("a3", Role.AGENT, NOW).token();
        try (Client c = new Client(start(new ReviewLimits(10, 2, 100, 60)))) {
            assertThat(c.hook("sudo one", a1)).isEqualTo("ask");
            assertThat(c.hook("sudo one", a2)).isEqualTo("ask");

            assertThat(c.reason("sudo one", a3)).contains("overloaded", "2 reviews are open");

            c.approve(c.reviews("").path("reviews").get(0).path("id").asString());
            assertThat(c.hook("sudo one", a3)).isEqualTo("ask");
        }
    }

    @Test
    void aReviewOfALongCall_isKeptBrief_andShownWhole() {
        String command = "sudo dbtool " + "x".repeat(60_000);
        try (Client c = new Client(start(ReviewLimits.defaults()))) {
            c.hook(command, null);

            JsonNode listed = c.reviews("").path("reviews").get(0);
            JsonNode shown = c.send("GET", "/v1/reviews/" + listed.path("id").asString(), null, c.owner());

            assertThat(listed.at("/case/input/command").asString())
                    .hasSizeLessThan(ReviewCaseLimits.BRIEF + 100)
                    .contains("more characters");
            assertThat(shown.at("/case/input/command").asString()).isEqualTo(command);
        }
    }

    @Test
    void resolvedReviews_pastTheCountKept_areForgottenOldestFirst_alsoAfterARestart() {
        List<String> ids = new ArrayList<>();
        try (Client c = new Client(start(new ReviewLimits(100, 100, 3, 60)))) {
            for (int i = 0; i < 5; i++) {
                c.hook("sudo job " + i, null);
                String id = c.reviews("").path("reviews").get(0).path("id").asString();
                ids.add(id);
                c.approve(id);
            }
            c.hook("sudo still pending", null);

            assertThat(c.reviews("?status=resolved")
                            .path("reviews")
                            .valueStream()
                            .map(r -> r.path("id").asString()))
                    .containsExactlyElementsOf(ids.subList(2, 5));
        }
        try (Client c = new Client(start(new ReviewLimits(100, 100, 3, 60)))) {
            assertThat(c.reviews("?status=resolved")
                            .path("reviews")
                            .valueStream()
                            .map(r -> r.path("id").asString()))
                    .containsExactlyElementsOf(ids.subList(2, 5));
            assertThat(c.reviews("").path("reviews")).hasSize(1);
        }
    }

    @Test
    void listing_pagesWithACursor_andFiltersByAgent() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String a1 = tokens.add("a1", Role.AGENT, NOW).token();
        String a2 = tokens.add("a2", Role.AGENT, NOW).token();
        try (Client c = new Client(start(ReviewLimits.defaults()))) {
            for (int i = 0; i < 5; i++) {
                c.hook("sudo a1 job " + i, a1);
            }
            c.hook("sudo a2 job", a2);

            List<String> seen = new ArrayList<>();
            String after = "";
            int pages = 0;
            do {
                JsonNode page = c.reviews("?limit=2" + after);
                page.path("reviews").forEach(r -> seen.add(r.path("id").asString()));
                after = page.path("next").isNull()
                        ? null
                        : "&after=" + URLEncoder.encode(page.path("next").asString(), StandardCharsets.UTF_8);
                pages++;
            } while (after != null);

            assertThat(pages).isEqualTo(3);
            assertThat(seen).hasSize(6).doesNotHaveDuplicates();
            assertThat(c.reviews("?agent=a2").path("reviews"))
                    .singleElement()
                    .extracting(r -> r.at("/case/agent").asString())
                    .isEqualTo("a2");
            assertThat(c.send("GET", "/v1/reviews?after=nonsense", null, c.owner())
                            .at("/error/code")
                            .asString())
                    .isEqualTo("bad_request");
        }
    }

    @Test
    void llmConsultations_pastTheAgentsHourlyAllowance_areNotMade_andTheReviewWaitsForPeople() {
        AtomicInteger asked = new AtomicInteger();
        Expert counting = new Expert() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public ExpertVerdict review(ReviewCase c) throws ExpertUnavailable {
                asked.incrementAndGet();
                throw new ExpertUnavailable("scripted: no verdict");
            }
        };
        Layer team =
                Policies.parse("team.yaml", "routes:\n  production_deployment:\n    reviewers: [llm]\n    wait: 0\n");
        Judge judge = Judge.of(PolicyEngine.of(
                Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team))));
        try (Client c = new Client(
                start(judge, new ReviewLimits(100, 100, 100, 2).withLlmAloneOnHighRisk(true), List.of(counting)))) {
            for (int i = 0; i < 4; i++) {
                c.hook("terraform apply -target=m" + i, null);
            }
            while (asked.get() < 2) {
                Thread.onSpinWait(); // the experts run on threads of their own; the test's timeout bounds this
            }

            assertThat(asked.get()).isEqualTo(2);
            assertThat(store.query(EventQuery.all().type(EventType.REVIEW_REQUESTED)).events().stream()
                            .filter(e -> e.payloadJson().path("llm").asString().equals("rate_limited")))
                    .hasSize(2);
        }
    }

    @Test
    void aRouteWhereOneLlmVerdictDecides_isRefusedForHighRiskCalls_unlessAllowed() {
        AtomicInteger asked = new AtomicInteger();
        Expert counting = new Expert() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public ExpertVerdict review(ReviewCase c) throws ExpertUnavailable {
                asked.incrementAndGet();
                throw new ExpertUnavailable("scripted: no verdict");
            }
        };
        Layer team = Policies.parse("team.yaml", "routes:\n  database_operation:\n    reviewers: [llm]\n    wait: 0\n");
        Judge judge = Judge.of(PolicyEngine.of(
                Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team))));
        try (Client c = new Client(start(judge, ReviewLimits.defaults(), List.of(counting)))) {
            String reason = c.reason("psql -c 'DROP TABLE users'", null);

            assertThat(reason).contains("without review", "one LLM verdict", "review.llm-alone-on-high-risk");
            assertThat(store.query(EventQuery.all().type(EventType.REVIEW_REFUSED))
                            .events())
                    .singleElement()
                    .extracting(e -> e.payloadJson().path("reason").asString())
                    .isEqualTo("llm_alone");
            assertThat(store.query(EventQuery.all().type(EventType.REVIEW_REQUESTED))
                            .events())
                    .isEmpty();
            assertThat(asked.get()).isZero();
        }
        try (Client c =
                new Client(start(judge, ReviewLimits.defaults().withLlmAloneOnHighRisk(true), List.of(counting)))) {
            assertThat(c.reason("psql -c 'DROP TABLE users'", null)).contains("pending");
        }
    }

    /** The brief case's text limit, as the board applies it. */
    private static final class ReviewCaseLimits {
        static final int BRIEF = 1_024;
    }
}
