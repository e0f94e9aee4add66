package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.review.Expert;
import dev.lighthouse.review.ExpertVerdict;
import dev.lighthouse.review.ReviewLimits;
import dev.lighthouse.review.VerdictSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reviews end to end over real HTTP on loopback: held hooks, verdicts, consensus, timeouts, retries, restarts. */
@Timeout(120)
class ReviewFlowTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** The default policy with the production route set by a team layer. */
    private static Judge judge(String productionRoute) {
        Layer team = Policies.parse("team.yaml", "routes:\n  production_deployment:\n" + productionRoute.indent(4));
        return Judge.of(PolicyEngine.of(
                Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team))));
    }

    private final class Running implements AutoCloseable {
        final AgentTokens tokens = AgentTokens.inDataDir(dir);
        final EventStore store;
        final Bridge bridge;
        final HttpClient http = HttpClient.newBuilder().build();

        Running(Judge judge, EventStore store, List<Expert> experts) {
            this(judge, store, experts, ReviewLimits.defaults());
        }

        Running(Judge judge, EventStore store, List<Expert> experts, ReviewLimits limits) {
            this(judge, store, experts, limits, java.time.Clock.systemUTC());
        }

        Running(Judge judge, EventStore store, List<Expert> experts, ReviewLimits limits, java.time.Clock clock) {
            this.store = store;
            this.bridge = Bridge.builder(BridgeConfig.defaults().withListen("127.0.0.1", 0), judge, store, tokens)
                    .agentHome(Path.of("/home/agent"))
                    .experts(experts)
                    .reviewLimits(limits)
                    .clock(clock)
                    .start();
        }

        /** The value of a gauge without labels in the bridge's Prometheus metrics. */
        double gauge(String name) {
            return send("GET", "/metrics", null, null)
                    .body()
                    .lines()
                    .filter(l -> l.startsWith(name + " "))
                    .mapToDouble(l ->
                            Double.parseDouble(l.substring(name.length() + 1).strip()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " is not exported"));
        }

        Running(Judge judge) {
            this(judge, new MemoryEventStore(), List.of());
        }

        /** The owner's token, which the first start left in the data dir (the CLI sends it for a person). */
        String owner() {
            try {
                return java.nio.file.Files.readString(dir.resolve("owner.token"))
                        .strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Without a token, a person's calls go as the owner; decisions are asked for without one, as hooks do. */
        HttpResponse<String> send(String method, String path, String body, String token) {
            boolean decision =
                    path.startsWith("/v1/hooks/") || (method.equals("POST") && path.startsWith("/v1/decisions"));
            if (token == null && !decision) {
                token = owner();
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path))
                    .timeout(Duration.ofSeconds(100))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            try {
                return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        JsonNode hook(String dialect, String command, String token) {
            return JSON.readTree(
                    send("POST", "/v1/hooks/" + dialect, bash(command), token).body());
        }

        JsonNode pending(String token) {
            return JSON.readTree(send("GET", "/v1/reviews?status=pending", null, token)
                            .body())
                    .path("reviews");
        }

        /** Waits (polling the API) until {@code n} reviews are pending. */
        JsonNode awaitPending(int n, String token) {
            while (true) {
                JsonNode reviews = pending(token);
                if (reviews.size() >= n) {
                    return reviews;
                }
                Thread.onSpinWait();
            }
        }

        HttpResponse<String> verdict(String id, String body, String token) {
            return send("POST", "/v1/reviews/" + id + "/verdict", body, token);
        }

        List<Event> events(EventType type) {
            return store.query(EventQuery.all().type(type).limit(10_000)).events();
        }

        @Override
        public void close() {
            bridge.stop();
            http.close();
        }
    }

    private static String bash(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", "s1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash")
                .set("tool_input", JSON.createObjectNode().put("command", command)));
    }

    private static String decision(JsonNode answer) {
        return answer.at("/hookSpecificOutput/permissionDecision").asString();
    }

    private static String reason(JsonNode answer) {
        return answer.at("/hookSpecificOutput/permissionDecisionReason").asString();
    }

    @Test
    void heldCall_twoOfThreeReviewersApprove_isAllowedWithTwoSignedVerdicts() throws Exception {
        try (Running b = new Running(judge("reviewers: [human]\nquorum: 2\nwait: 60s"))) {
            String agent = b.tokens.add("builder", Role.AGENT, Instant.now()).token();
            String alice = b.tokens.add("alice", Role.REVIEWER, Instant.now()).token();
            String bob = b.tokens.add("bob", Role.REVIEWER, Instant.now()).token();
            b.tokens.add("carol", Role.REVIEWER, Instant.now());
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<JsonNode> held =
                        pool.submit(() -> b.hook("claude-code", "terraform apply -auto-approve", agent));
                String id = b.awaitPending(1, alice).get(0).path("id").asString();
                assertThat(b.verdict(id, "{\"verdict\":\"approve\",\"reason\":\"plan reviewed\"}", alice)
                                .statusCode())
                        .isEqualTo(200);
                assertThat(held.isDone()).isFalse();
                assertThat(b.verdict(id, "{\"verdict\":\"approve\",\"reason\":\"change window open\"}", bob)
                                .statusCode())
                        .isEqualTo(200);
                JsonNode answer = held.get();
                assertThat(decision(answer)).isEqualTo("allow");
                assertThat(reason(answer)).contains(id, "alice: plan reviewed", "bob: change window open");
            }
            List<Event> verdicts = b.events(EventType.REVIEW_VERDICT);
            assertThat(verdicts).hasSize(2);
            for (Event v : verdicts) {
                JsonNode p = v.payloadJson();
                AgentTokens.Agent reviewer =
                        b.tokens.active(p.path("reviewer").asString()).orElseThrow();
                VerdictSigner.Key key = VerdictSigner.Key.ofToken(reviewer.name(), reviewer.tokenSha256());
                assertThat(p.path("keyId").asString()).isEqualTo(key.id());
                String text = VerdictSigner.canonical(
                        p.path("review").asString(),
                        reviewer.name(),
                        true,
                        p.path("reason").asString(),
                        "",
                        p.path("at").asString());
                assertThat(VerdictSigner.verify(key, text, p.path("signature").asString()))
                        .isTrue();
                assertThat(VerdictSigner.verify(
                                key,
                                text.replace("approve", "deny"),
                                p.path("signature").asString()))
                        .isFalse();
            }
            assertThat(b.events(EventType.REVIEW_RESOLVED))
                    .singleElement()
                    .extracting(e -> e.payloadJson().path("outcome").asString())
                    .isEqualTo("approved");
        }
    }

    @Test
    void votes_duplicateIneligibleAndLate_areRecordedButNotCounted() {
        try (Running b = new Running(judge("reviewers: [human]\nquorum: 1\nwait: 0"))) {
            String agent = b.tokens.add("builder", Role.AGENT, Instant.now()).token();
            String alice = b.tokens.add("alice", Role.REVIEWER, Instant.now()).token();
            String bob = b.tokens.add("bob", Role.REVIEWER, Instant.now()).token();
            String db = b.tokens
                    .add("db-expert", Role.EXPERT, Set.of("database"), Instant.now())
                    .token();
            assertThat(decision(b.hook("claude-code", "terraform apply", agent)))
                    .isEqualTo("ask");
            String id = b.pending(alice).get(0).path("id").asString();
            HttpResponse<String> ineligible = b.verdict(id, "{\"verdict\":\"deny\",\"reason\":\"no\"}", db);
            assertThat(ineligible.statusCode()).isEqualTo(403);
            assertThat(ineligible.body()).contains("not_eligible");
            assertThat(b.verdict(id, "{\"verdict\":\"approve\",\"reason\":\"ok\"}", alice)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(b.verdict(id, "{\"verdict\":\"deny\",\"reason\":\"changed my mind\"}", alice)
                            .body())
                    .contains("already_resolved");
            assertThat(b.verdict(id, "{\"verdict\":\"deny\",\"reason\":\"too late\"}", bob)
                            .statusCode())
                    .isEqualTo(409);
            List<JsonNode> payloads = b.events(EventType.REVIEW_VERDICT).stream()
                    .map(Event::payloadJson)
                    .toList();
            assertThat(payloads)
                    .extracting(p -> p.path("counted").asBoolean())
                    .containsExactly(false, true, false, false);
            assertThat(payloads)
                    .extracting(p -> p.path("ignored").asString())
                    .containsExactly("ineligible", "", "late", "late");
        }
    }

    @Test
    void pendingPastTheWait_claudeCodeAsks_codexAndGeminiDenyWithRetryInstructions() {
        try (Running b = new Running(judge("reviewers: [human]\nwait: 0"))) {
            JsonNode cc = b.hook("claude-code", "terraform apply", null);
            assertThat(decision(cc)).isEqualTo("ask");
            String id = b.pending(null).get(0).path("id").asString();
            assertThat(reason(cc)).contains("Review " + id, "lighthouse review approve " + id);

            JsonNode codex = b.hook("codex", "kubectl apply -f deployment.yaml", null);
            assertThat(decision(codex)).isEqualTo("deny");
            assertThat(reason(codex)).contains("is pending", "NOT run", "retry exactly the same call");
        }
    }

    @Test
    void metrics_giveTheAgeOfTheOldestPendingReview_andZeroWhenNoneWaits() {
        TestClock clock = new TestClock(java.time.Instant.parse("2026-12-07T10:00:00Z"));
        try (Running b = new Running(
                judge("reviewers: [human]\nwait: 0"),
                new MemoryEventStore(),
                List.of(),
                ReviewLimits.defaults(),
                clock)) {
            assertThat(b.gauge("lighthouse_reviews_oldest_pending_seconds")).isZero();
            b.hook("claude-code", "terraform apply", null);
            String first = b.pending(null).get(0).path("id").asString();
            clock.advance(Duration.ofSeconds(20));
            b.hook("claude-code", "kubectl apply -f deployment.yaml", null);
            clock.advance(Duration.ofSeconds(10));
            assertThat(b.gauge("lighthouse_reviews_oldest_pending_seconds")).isEqualTo(30.0);

            assertThat(b.verdict(first, "{\"verdict\":\"approve\",\"reason\":\"planned\"}", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(b.gauge("lighthouse_reviews_oldest_pending_seconds")).isEqualTo(10.0);
        }
    }

    @Test
    void retriedIdenticalCall_afterApproval_isAllowedWithoutSecondReview_andAfterDenial_isDenied() {
        try (Running b = new Running(judge("reviewers: [human]\nwait: 0"))) {
            assertThat(decision(b.hook("codex", "terraform apply", null))).isEqualTo("deny");
            String id = b.pending(null).get(0).path("id").asString();
            b.verdict(id, "{\"verdict\":\"approve\",\"reason\":\"fine\"}", null);
            JsonNode retried = b.hook("codex", "terraform apply", null);
            assertThat(retried.isEmpty()).as("codex allow is {}").isTrue();

            assertThat(decision(b.hook("codex", "terraform destroy", null))).isEqualTo("deny");
            String second = b.pending(null).get(0).path("id").asString();
            b.verdict(second, "{\"verdict\":\"deny\",\"reason\":\"not in prod\"}", null);
            assertThat(reason(b.hook("codex", "terraform destroy", null)))
                    .contains("denied after review " + second, "not in prod");

            assertThat(b.events(EventType.REVIEW_REQUESTED)).hasSize(2);
            assertThat(b.events(EventType.REVIEW_APPLIED))
                    .extracting(e -> e.payloadJson().path("decision").asString())
                    .containsExactly("allow", "deny");
        }
    }

    @Test
    void nativeApi_opensTheReview_holdsWithWait_andTheApprovedRetryIsAllowed() throws Exception {
        try (Running b = new Running(judge("reviewers: [human]\nwait: 60s"))) {
            String call = "{\"tool\":\"Bash\",\"input\":{\"command\":\"terraform apply\"},\"cwd\":\"/srv/project\"}";
            JsonNode first =
                    JSON.readTree(b.send("POST", "/v1/decisions", call, null).body());
            assertThat(first.path("decision").asString()).isEqualTo("review");
            assertThat(first.path("answer").asString()).isEqualTo("review");
            String id = first.path("review").asString();
            assertThat(id).startsWith("rv_");
            assertThat(first.path("reason").asString()).contains(id, "pending");

            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<HttpResponse<String>> held =
                        pool.submit(() -> b.send("POST", "/v1/decisions?wait=60", call, null));
                b.verdict(id, "{\"verdict\":\"approve\",\"reason\":\"plan reviewed\"}", null);
                JsonNode answered = JSON.readTree(held.get().body());
                assertThat(answered.path("answer").asString()).isEqualTo("allow");
                assertThat(answered.path("review").asString()).isEqualTo(id);
                assertThat(answered.path("reason").asString()).contains("plan reviewed");
            }
            assertThat(b.events(EventType.REVIEW_REQUESTED)).hasSize(1);
            assertThat(b.send("POST", "/v1/decisions?wait=soon", call, null).statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void reviewStream_deliversRequestVerdictAndResolutionLive() throws Exception {
        try (Running b = new Running(judge("reviewers: [human]\nwait: 0"))) {
            HttpResponse<java.util.stream.Stream<String>> stream = b.http.send(
                    HttpRequest.newBuilder(URI.create(b.bridge.baseUrl() + "/v1/reviews/stream"))
                            .header("Authorization", "Bearer " + b.owner())
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            b.hook("claude-code", "terraform apply", null);
            String id = b.pending(null).get(0).path("id").asString();
            b.verdict(id, "{\"verdict\":\"approve\",\"reason\":\"ok\"}", null);
            List<String> events =
                    stream.body().filter(l -> l.startsWith("event: ")).limit(3).toList();
            assertThat(events)
                    .containsExactly("event: review.requested", "event: review.verdict", "event: review.resolved");
        }
    }

    @Test
    void identicalCallWhilePending_waitsOnTheSameReview_andBothAreReleasedByOneVerdict() throws Exception {
        try (Running b = new Running(judge("reviewers: [human]\nwait: 60s"));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JsonNode> first = pool.submit(() -> b.hook("claude-code", "terraform apply", null));
            String id = b.awaitPending(1, null).get(0).path("id").asString();
            Future<JsonNode> second = pool.submit(() -> b.hook("claude-code", "terraform apply", null));
            while (b.store
                            .query(EventQuery.all().type(EventType.DECISION_MADE))
                            .events()
                            .size()
                    < 2) {
                Thread.onSpinWait();
            }
            assertThat(b.verdict(id, "{\"verdict\":\"approve\",\"reason\":\"once\"}", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(decision(first.get())).isEqualTo("allow");
            assertThat(decision(second.get())).isEqualTo("allow");
            assertThat(b.events(EventType.REVIEW_REQUESTED)).hasSize(1);
        }
    }

    @Test
    void reviewOpenAtItsDeadline_getsTheRoutesOnTimeout_deny_andCountsAMissForSilentReviewers() {
        try (Running b = new Running(judge("reviewers: [human]\ntimeout: 1s\nwait: 30s"))) {
            String admin = b.tokens.add("ops", Role.ADMIN, Instant.now()).token();
            b.tokens.add("alice", Role.REVIEWER, Instant.now());
            b.tokens.add("dba", Role.EXPERT, Set.of("database"), Instant.now());
            JsonNode answer = b.hook("claude-code", "helm upgrade web ./chart", admin);
            assertThat(decision(answer)).isEqualTo("deny");
            assertThat(reason(answer)).contains("timed_out", "on_timeout");
            JsonNode reviewers = JSON.readTree(
                            b.send("GET", "/v1/reviewers", null, admin).body())
                    .path("reviewers");
            assertThat(reviewers)
                    .extracting(r -> r.path("reviewer").asString() + "="
                            + r.path("missed").asInt())
                    .containsExactly("alice=1");
        }
    }

    @Test
    void temporaryApproval_coversLikeCallsOfThatAgent_untilRevoked() {
        try (Running b = new Running(judge("reviewers: [human]\nwait: 0"))) {
            String agent = b.tokens.add("builder", Role.AGENT, Instant.now()).token();
            String admin = b.tokens.add("ops", Role.ADMIN, Instant.now()).token();
            b.hook("codex", "terraform apply -target=a", agent);
            String id = b.pending(admin).get(0).path("id").asString();
            b.verdict(id, "{\"verdict\":\"approve\",\"reason\":\"sprint work\",\"for\":\"1h\"}", admin);
            assertThat(b.hook("codex", "terraform apply -target=b", agent).isEmpty())
                    .isTrue();
            JsonNode approvals = JSON.readTree(
                            b.send("GET", "/v1/approvals", null, admin).body())
                    .path("approvals");
            assertThat(approvals)
                    .singleElement()
                    .extracting(a -> a.path("pattern").asString())
                    .isEqualTo("Bash: terraform apply");
            String approval = approvals.get(0).path("id").asString();
            assertThat(b.send("DELETE", "/v1/approvals/" + approval, null, admin)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(decision(b.hook("codex", "terraform apply -target=c", agent)))
                    .isEqualTo("deny");
            assertThat(b.events(EventType.APPROVAL_GRANTED)).hasSize(1);
            assertThat(b.events(EventType.APPROVAL_REVOKED)).hasSize(1);
        }
    }

    @Test
    void askedAtTheTerminal_theRunIsRecordedOnTheReview_andNoRunByTheDeadlineAsNotRun_neitherSettlesIt() {
        try (Running b = new Running(judge("reviewers: [human]\ntimeout: 2s\nwait: 0"))) {
            String agent = b.tokens.add("builder", Role.AGENT, Instant.now()).token();
            assertThat(decision(b.hook("claude-code", "terraform apply", agent)))
                    .isEqualTo("ask");
            assertThat(decision(b.hook("claude-code", "helm upgrade web ./chart", agent)))
                    .isEqualTo("ask");
            // A call nobody was asked about: its run is not recorded.
            assertThat(b.send("POST", "/v1/hooks/claude-code/ran", ran("ls -la"), agent)
                            .body())
                    .isEqualTo("{}");
            assertThat(b.send("POST", "/v1/hooks/claude-code/ran", ran("terraform apply"), agent)
                            .body())
                    .isEqualTo("{}");

            JsonNode pending = b.awaitPending(2, null);
            String applied = pending.get(0).at("/case/input/command").asString().equals("terraform apply")
                    ? pending.get(0).path("id").asString()
                    : pending.get(1).path("id").asString();
            JsonNode ran = JSON.readTree(
                    b.send("GET", "/v1/reviews/" + applied, null, null).body());
            assertThat(ran.at("/terminal/outcome").asString()).isEqualTo("ran");
            assertThat(ran.path("status").asString()).isEqualTo("pending");

            List<Event> atTerminal;
            while ((atTerminal = b.events(EventType.REVIEW_AT_TERMINAL)).size() < 2) {
                Thread.onSpinWait(); // the other call's deadline, 2 s after it was asked
            }
            assertThat(atTerminal)
                    .extracting(e -> e.payloadJson().path("outcome").asString())
                    .containsExactly("ran", "not_run");
        }
    }

    private static String ran(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", "s1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PostToolUse")
                .put("tool_name", "Bash")
                .<tools.jackson.databind.node.ObjectNode>set(
                        "tool_input", JSON.createObjectNode().put("command", command))
                .set("tool_response", JSON.createObjectNode().put("stdout", "done")));
    }

    @Test
    void llmExpert_onTheRoute_votesBySignedBridgeKey() {
        Expert approving = new Expert() {
            @Override
            public String name() {
                return "llm:stub";
            }

            @Override
            public ExpertVerdict review(dev.lighthouse.review.ReviewCase call) {
                return new ExpertVerdict(
                        call.analysis().toString().contains("terraform"),
                        "plan only touches staging",
                        0.9,
                        ExpertVerdict.Usage.NONE);
            }
        };
        try (Running b =
                new Running(judge("reviewers: [llm:stub]\nwait: 30s"), new MemoryEventStore(), List.of(approving))) {
            assertThat(decision(b.hook("claude-code", "terraform apply", null))).isEqualTo("allow");
            JsonNode vote = b.events(EventType.REVIEW_VERDICT).getFirst().payloadJson();
            assertThat(vote.path("reviewer").asString()).isEqualTo("llm:stub");
            assertThat(vote.path("keyId").asString()).startsWith("bridge:");
            assertThat(vote.path("confidence").asDouble()).isEqualTo(0.9);
            JsonNode reviewers = JSON.readTree(
                            b.send("GET", "/v1/reviewers", null, null).body())
                    .path("reviewers");
            assertThat(reviewers.get(0).path("agreed").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json                                         | 400 | bad_request
            []                                               | 400 | bad_request
            {"reason":"x"}                                   | 400 | bad_request
            {"verdict":"maybe","reason":"x"}                 | 400 | bad_request
            {"verdict":"approve"}                            | 400 | bad_request
            {"verdict":"approve","reason":"  "}              | 400 | bad_request
            {"verdict":"deny","reason":"x","for":"1h"}       | 400 | bad_request
            {"verdict":"approve","reason":"x","for":"soon"}  | 400 | bad_request
            {"verdict":"approve","reason":"x","for":"30d"}   | 400 | bad_request
            """)
    void badVerdictBodies_getA4xxJsonError(String body, int status, String code) {
        try (Running b = new Running(judge("reviewers: [human]\nwait: 0"))) {
            b.hook("claude-code", "terraform apply", null);
            String id = b.pending(null).get(0).path("id").asString();
            HttpResponse<String> res = b.verdict(id, body, null);
            assertThat(res.statusCode()).isEqualTo(status);
            assertThat(JSON.readTree(res.body()).at("/error/code").asString()).isEqualTo(code);
            assertThat(b.verdict("rv_nope", "{\"verdict\":\"approve\",\"reason\":\"x\"}", null)
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void agentCaller_mayNotReview_andExpertSeesOnlyItsCapabilities() {
        try (Running b = new Running(judge("reviewers: [agent:terraform]\nwait: 0"))) {
            String agent = b.tokens.add("builder", Role.AGENT, Instant.now()).token();
            String tf = b.tokens
                    .add("tf-expert", Role.EXPERT, Set.of("terraform"), Instant.now())
                    .token();
            String db = b.tokens
                    .add("db-expert", Role.EXPERT, Set.of("database"), Instant.now())
                    .token();
            b.hook("claude-code", "terraform apply", agent);
            assertThat(b.send("GET", "/v1/reviews", null, agent).statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(b.send("GET", "/v1/reviews?status=pending&for=me", null, db)
                                    .body())
                            .path("reviews"))
                    .isEmpty();
            JsonNode mine = JSON.readTree(b.send("GET", "/v1/reviews?status=pending&for=me", null, tf)
                            .body())
                    .path("reviews");
            assertThat(mine).hasSize(1);
            assertThat(b.verdict(mine.get(0).path("id").asString(), "{\"verdict\":\"approve\",\"reason\":\"ok\"}", tf)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void restart_pendingReviewSurvives_andItsApprovalAppliesToTheRetriedCall() {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.key"), Clock.systemUTC());
        Judge judge = judge("reviewers: [human]\nwait: 0");
        String id;
        try (EventStore store = EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("cp")));
                Running b = new Running(judge, store, List.of())) {
            assertThat(decision(b.hook("codex", "terraform apply", null))).isEqualTo("deny");
            id = b.pending(null).get(0).path("id").asString();
        }
        try (EventStore store = EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("cp")));
                Running b = new Running(judge, store, List.of())) {
            JsonNode pending = b.pending(null);
            assertThat(pending)
                    .singleElement()
                    .extracting(r -> r.path("id").asString())
                    .isEqualTo(id);
            assertThat(pending.get(0).at("/case/input/command").asString()).isEqualTo("terraform apply");
            assertThat(b.verdict(id, "{\"verdict\":\"approve\",\"reason\":\"after restart\"}", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(b.hook("codex", "terraform apply", null).isEmpty()).isTrue();
            assertThat(b.events(EventType.REVIEW_REQUESTED)).hasSize(1);
        }
    }

    @Test
    void thousandConcurrentHeldReviews_resolvedByAScriptedReviewer_noLostOrDoubleVerdicts() throws Exception {
        int n = 1000;
        // A thousand open at once, all the loopback user's: within caps raised for this test.
        try (Running b = new Running(
                        judge("reviewers: [human]\nwait: 100s"),
                        new MemoryEventStore(),
                        List.of(),
                        new ReviewLimits(n, n, n, 60));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            String reviewer =
                    b.tokens.add("scripted", Role.REVIEWER, Instant.now()).token();
            List<Future<JsonNode>> held = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String command = "terraform apply -target=module.m" + i;
                held.add(pool.submit(() -> b.hook("claude-code", command, null)));
            }
            Set<String> voted = new HashSet<>();
            while (voted.size() < n) {
                for (JsonNode r : b.pending(reviewer)) {
                    String id = r.path("id").asString();
                    if (voted.add(id)) {
                        boolean approve = r.at("/case/input/command").asString().hashCode() % 2 == 0;
                        String body =
                                "{\"verdict\":\"%s\",\"reason\":\"scripted\"}".formatted(approve ? "approve" : "deny");
                        assertThat(b.verdict(id, body, reviewer).statusCode()).isEqualTo(200);
                    }
                }
            }
            int allowed = 0;
            for (int i = 0; i < n; i++) {
                JsonNode answer = held.get(i).get();
                boolean approve = ("terraform apply -target=module.m" + i).hashCode() % 2 == 0;
                assertThat(decision(answer)).isEqualTo(approve ? "allow" : "deny");
                allowed += approve ? 1 : 0;
            }
            assertThat(allowed).isBetween(1, n - 1);
            assertThat(b.events(EventType.REVIEW_REQUESTED)).hasSize(n);
            assertThat(b.events(EventType.REVIEW_VERDICT)).hasSize(n);
            assertThat(b.events(EventType.REVIEW_RESOLVED))
                    .hasSize(n)
                    .extracting(e -> e.payloadJson().path("review").asString())
                    .doesNotHaveDuplicates();
        }
    }
}
