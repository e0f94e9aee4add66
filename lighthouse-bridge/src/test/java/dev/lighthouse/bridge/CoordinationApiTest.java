package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.testing.SqliteStore;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Elicitations, tasks and agent experts over real HTTP on loopback, on a real SQLite store, with two agents' tokens:
 * alice asks bob, bob hears of it in his next hook answer and answers (checked against alice's schema), alice reads it.
 */
class CoordinationApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCHEMA =
            "{\"type\":\"object\",\"required\":[\"approve\"],\"properties\":{\"approve\":{\"type\":\"boolean\"}}}";

    @TempDir
    Path dir;

    SqliteStore db;
    AgentTokens tokens;
    Bridge bridge;
    String alice;
    String bob;
    final HttpClient http = HttpClient.newBuilder().build();

    @BeforeEach
    void start() {
        db = new SqliteStore(dir);
        tokens = AgentTokens.inDataDir(dir);
        alice = tokens.add("alice", Role.AGENT, Instant.now()).token();
        bob = tokens.add("bob", Role.AGENT, Instant.now()).token();
        bridge = startBridge();
    }

    private Bridge startBridge() {
        Layer team = Policies.parse(
                "team.yaml", "routes:\n  production_deployment:\n    reviewers: [agent:terraform]\n    wait: 0\n");
        Judge judge = Judge.of(PolicyEngine.of(
                Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team))));
        return Bridge.builder(BridgeConfig.defaults().withListen("127.0.0.1", 0), judge, db.store, tokens)
                .agentHome(Path.of("/home/agent"))
                .start();
    }

    @AfterEach
    void stop() {
        bridge.stop();
        db.close();
        http.close();
    }

    record Reply(int status, JsonNode json) {}

    private Reply send(String method, String path, String body, String token) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Reply post(String path, String body, String token) {
        return send("POST", path, body, token);
    }

    private Reply get(String path, String token) {
        return send("GET", path, null, token);
    }

    private static String ccBash(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", "sess-1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash")
                .set("tool_input", JSON.createObjectNode().put("command", command)));
    }

    private String ask(String to) {
        Reply asked = post(
                "/v1/elicitations",
                "{\"to\":\"" + to + "\",\"question\":\"May I drop the staging database?\",\"schema\":" + SCHEMA + "}",
                alice);
        assertThat(asked.status()).as(asked.json().toString()).isEqualTo(201);
        return asked.json().path("id").asString();
    }

    @Test
    void aliceAsksBob_bobHearsInHisHookAnswer_answersToTheSchema_aliceReadsIt() {
        String id = ask("bob");

        Reply hook = post("/v1/hooks/claude-code", ccBash("ls -la"), bob);
        Reply again = post("/v1/hooks/claude-code", ccBash("ls -la"), bob);
        Reply wrong = post(
                "/v1/elicitations/" + id + "/answer",
                "{\"content\":{\"approve\":\"yes\"},\"nonce\":\"n-000000001\"}",
                bob);
        Reply right = post(
                "/v1/elicitations/" + id + "/answer",
                "{\"content\":{\"approve\":false},\"nonce\":\"n-000000002\"}",
                bob);
        Reply read = get("/v1/elicitations/" + id, alice);

        JsonNode out = hook.json().path("hookSpecificOutput");
        assertThat(out.path("permissionDecision").asString())
                .as("the notice does not change the verdict")
                .isEqualTo(again.json()
                        .path("hookSpecificOutput")
                        .path("permissionDecision")
                        .asString());
        assertThat(out.path("additionalContext").asString()).contains(id, "alice", "May I drop the staging database?");
        assertThat(again.json().path("hookSpecificOutput").has("additionalContext"))
                .as("told once")
                .isFalse();
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.json().path("error").path("code").asString()).isEqualTo("schema_violation");
        assertThat(wrong.json().path("error").path("field").asString()).isEqualTo("content/approve");
        assertThat(wrong.json().path("error").path("reason").asString()).contains("boolean");
        assertThat(right.status()).isEqualTo(200);
        assertThat(read.json().path("status").asString()).isEqualTo("accepted");
        assertThat(read.json().path("answer")).isEqualTo(JSON.readTree("{\"approve\":false}"));
        assertThat(db.events(EventType.of("elicitation.accepted"))).hasSize(1);
    }

    @Test
    void aHookAnswerThatCannotCarryTheNotice_leavesItForTheNextDeny() {
        String id = ask("bob");

        Reply allowed = post("/v1/hooks/gemini", RunningBridge.geminiShell("ls -la"), bob);
        Reply denied = post("/v1/hooks/gemini", RunningBridge.geminiShell("rm -rf /"), bob);

        assertThat(allowed.json().path("reason").asString()).doesNotContain(id);
        assertThat(denied.json().path("decision").asString()).isEqualTo("deny");
        assertThat(denied.json().path("reason").asString()).contains(id, "May I drop the staging database?");
    }

    @Test
    void refusals_areJson4xxWithFieldAndReason_andStoreNothing() {
        String id = ask("bob");
        int before = elicitationEvents();

        Reply unknown =
                post("/v1/elicitations", "{\"to\":\"mallory\",\"question\":\"q\",\"schema\":" + SCHEMA + "}", alice);
        Reply badType = post(
                "/v1/elicitations",
                "{\"to\":\"bob\",\"question\":\"q\",\"schema\":" + SCHEMA + ",\"timeout_seconds\":\"soon\"}",
                alice);
        Reply unknownField =
                post("/v1/elicitations", "{\"to\":\"bob\",\"question\":\"q\",\"schema\":{},\"ttl\":3}", alice);
        Reply notAsked = post(
                "/v1/elicitations/" + id + "/answer",
                "{\"content\":{\"approve\":true},\"nonce\":\"n-000000001\"}",
                alice);
        Reply notAsker = post("/v1/elicitations/" + id + "/cancel", null, bob);
        Reply tokenless = post("/v1/elicitations", "{\"to\":\"bob\",\"question\":\"q\",\"schema\":{}}", null);
        Reply notFound = get("/v1/elicitations/el_nothing", bob);

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").path("code").asString()).isEqualTo("unknown_agent");
        assertThat(unknown.json().path("error").path("field").asString()).isEqualTo("to");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().path("error").path("field").asString()).isEqualTo("timeout_seconds");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("error").path("field").asString()).isEqualTo("ttl");
        assertThat(notAsked.status()).isEqualTo(403);
        assertThat(notAsked.json().path("error").path("code").asString()).isEqualTo("not_the_asked_agent");
        assertThat(notAsker.status()).isEqualTo(403);
        assertThat(tokenless.status()).isEqualTo(401);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(elicitationEvents()).as("nothing stored").isEqualTo(before);
    }

    private int elicitationEvents() {
        return List.of("requested", "accepted", "declined", "cancelled", "expired").stream()
                .mapToInt(t -> db.events(EventType.of("elicitation." + t)).size())
                .sum();
    }

    @Test
    void aThirdAgent_seesNeitherTheQuestionNorItsListing() {
        String carol = tokens.add("carol", Role.AGENT, Instant.now()).token();
        String id = ask("bob");

        assertThat(get("/v1/elicitations/" + id, carol).status()).isEqualTo(404);
        assertThat(get("/v1/elicitations", carol).json().path("elicitations")).isEmpty();
        assertThat(get("/v1/elicitations?status=pending", bob).json().path("elicitations"))
                .hasSize(1);
        assertThat(get("/v1/elicitations?agent=bob", carol).status()).isEqualTo(403);
    }

    @Test
    void tasks_dispatchClaimComplete_forARegisteredCapability() {
        Reply registered = post("/v1/experts", "{\"capabilities\":[\"database\"]}", bob);
        Reply dispatched = post(
                "/v1/tasks",
                "{\"capability\":\"database\",\"title\":\"add an index\",\"payload\":{\"table\":\"users\"}}",
                alice);
        String id = dispatched.json().path("id").asString();
        Reply refused = post("/v1/tasks/claim", "{}", alice);
        Reply claimed = post("/v1/tasks/claim", "{\"capability\":\"database\"}", bob);
        Reply twice = post("/v1/tasks/claim", "{\"task\":\"" + id + "\"}", bob);
        Reply done = post("/v1/tasks/" + id + "/complete", "{\"result\":{\"index\":\"users_email\"}}", bob);

        assertThat(registered.json().path("capabilities"))
                .containsExactly(JSON.getNodeFactory().stringNode("database"));
        assertThat(dispatched.status()).isEqualTo(201);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(claimed.status()).isEqualTo(200);
        assertThat(claimed.json().path("claimed_by").asString()).isEqualTo("bob");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(done.json().path("status").asString()).isEqualTo("completed");
        assertThat(get("/v1/tasks/" + id, alice)
                        .json()
                        .path("result")
                        .path("index")
                        .asString())
                .isEqualTo("users_email");
        assertThat(get("/v1/experts", alice)
                        .json()
                        .path("experts")
                        .get(0)
                        .path("agent")
                        .asString())
                .isEqualTo("bob");
    }

    @Test
    void anAgentExpertRegisteredHere_isOneTheReviewBoardAsks() {
        String tf = tokens.add("tf-expert", Role.EXPERT, Instant.now()).token();
        post("/v1/hooks/claude-code", ccBash("terraform apply"), alice);
        Reply before = get("/v1/reviews?status=pending&for=me", tf);

        post("/v1/experts", "{\"capabilities\":[\"terraform\"]}", tf);
        Reply after = get("/v1/reviews?status=pending&for=me", tf);
        String review = after.json().path("reviews").get(0).path("id").asString();
        Reply vote =
                post("/v1/reviews/" + review + "/verdict", "{\"verdict\":\"approve\",\"reason\":\"plan read\"}", tf);

        assertThat(before.json().path("reviews")).isEmpty();
        assertThat(after.json().path("reviews")).hasSize(1);
        assertThat(vote.status()).isEqualTo(200);
        assertThat(vote.json().path("counted").asBoolean()).isTrue();
    }

    @Test
    void restart_keepsQuestionsAndAnswers_underTheSameKey() throws IOException {
        String id = ask("bob");
        post("/v1/elicitations/" + id + "/answer", "{\"content\":{\"approve\":true},\"nonce\":\"n-000000001\"}", bob);
        Path key = dir.resolve("coordination.key");

        bridge.stop();
        bridge = startBridge();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(get("/v1/elicitations/" + id, alice).json().path("status").asString())
                .isEqualTo("accepted");
    }

    @Test
    void aKeyFileOthersMayRead_stopsTheStart() throws IOException {
        bridge.stop();
        Files.setPosixFilePermissions(dir.resolve("coordination.key"), PosixFilePermissions.fromString("rw-r--r--"));

        org.assertj.core.api.Assertions.assertThatThrownBy(this::startBridge)
                .hasMessageContaining("coordination.key")
                .hasMessageContaining("chmod 600");
        bridge = startBridge(Set.of());
    }

    /** A bridge after the key was made private again, so {@link #stop} has one to stop. */
    private Bridge startBridge(Set<String> unused) {
        try {
            Files.setPosixFilePermissions(
                    dir.resolve("coordination.key"), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return startBridge();
    }
}
