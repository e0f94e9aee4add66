package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutSettings;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Policies;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The policy endpoints of a real bridge (loopback, SQLite store, the default policy under a {@link Rollout}): apply,
 * canary, promote, shadow, abort, rollback and their errors over HTTP, each answer checked against the OpenAPI
 * document.
 */
class PolicyApiTest {
    static final String TEAM = """
            metadata: {name: team}
            rules:
              - id: no-make-deploy
                decision: deny
                match: {program: [make]}
                reason: Deploys go through CI.
            """;

    @TempDir
    Path dir;

    EventStore store;
    Rollout rollout;
    Bridge bridge;
    AgentTokens tokens;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> problems = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        try (InputStream in = PolicyApiTest.class.getResourceAsStream("/dev/lighthouse/bridge/openapi.yaml")) {
            OpenApiContractTest.spec = YAMLMapper.builder().build().readTree(in);
        }
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        store = EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
        rollout = Rollout.open(
                store,
                PolicySource.of(Policies.defaultPolicy()),
                RolloutSettings.defaults(),
                Alerts.NONE,
                Clock.systemUTC());
        tokens = AgentTokens.inDataDir(dir);
        bridge = Bridge.builder(BridgeConfig.defaults().withListen("127.0.0.1", 0), rollout.judge(), store, tokens)
                .rollout(rollout)
                .agentHome(Path.of("/home/agent"))
                .start();
    }

    @AfterEach
    void stop() {
        bridge.stop();
        rollout.close();
        store.close();
        http.close();
    }

    @Test
    void applyCanaryPromoteRollback_overHttp_answerAsDocumented() {
        JsonNode status = call("GET", "/v1/policy", null, null, 200);
        String first = status.path("active").path("version").asString();
        assertThat(status.path("active").path("knownGood").asBoolean()).isTrue();

        JsonNode canary = call("POST", "/v1/policy", apply("canary").put("canaryPercent", 10), null, 200);
        assertThat(canary.path("canary").path("percent").asInt()).isEqualTo(10);
        assertThat(canary.path("watch").path("mode").asString()).isEqualTo("canary");

        JsonNode promoted = call("POST", "/v1/policy/promote", body("looks good"), null, 200);
        String team = promoted.path("active").path("version").asString();
        assertThat(promoted.path("active").path("name").asString()).isEqualTo("team");
        assertThat(promoted.has("canary")).isFalse();
        assertThat(hook("make deploy")).contains("\"deny\"");

        call("POST", "/v1/policy", apply("active"), null, 409);
        JsonNode back = call("POST", "/v1/policy/rollback", body("too strict"), null, 200);
        assertThat(back.path("active").path("version").asString()).isEqualTo(first);
        assertThat(back.path("history").get(0).path("by").asString()).isEqualTo("owner");
        assertThat(back.path("history").get(0).path("reason").asString()).isEqualTo("too strict");

        JsonNode named =
                call("POST", "/v1/policy/rollback", body("after all").put("version", team.substring(0, 12)), null, 200);
        assertThat(named.path("active").path("version").asString()).isEqualTo(team);
        call("POST", "/v1/policy/rollback", body("?").put("version", "0123456789ab"), null, 404);
        assertThat(problems).isEmpty();
    }

    @Test
    void versionLayers_areServedByHashOrPrefix() {
        call("POST", "/v1/policy", apply("active"), null, 200);
        String team = call("GET", "/v1/policy", null, null, 200)
                .path("active")
                .path("version")
                .asString();

        HttpResponse<String> full = send(
                HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/policy/versions/" + team.substring(0, 12)))
                        .header("Authorization", "Bearer " + owner())
                        .GET());
        assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
        JsonNode version = RunningBridge.JSON.readTree(full.body());
        assertThat(version.path("version").asString()).isEqualTo(team);
        assertThat(version.path("name").asString()).isEqualTo("team");
        assertThat(version.path("layers").valueStream().map(l -> l.path("text").asString()))
                .anyMatch(text -> text.contains("no-make-deploy"));

        HttpResponse<String> unknown =
                send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/policy/versions/0123456789ab"))
                        .header("Authorization", "Bearer " + owner())
                        .GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/policy/versions/XYZ"))
                .header("Authorization", "Bearer " + owner())
                .GET());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void invalidPolicy_is400WithFileLineProblems() {
        ObjectNode bad = body("typo");
        bad.putArray("layers")
                .addObject()
                .put("file", "team.yaml")
                .put("text", "rules:\n  - id: x\n    decision: dney\n    match: {program: [ls]}\n");
        JsonNode error = call("POST", "/v1/policy", bad, null, 400).path("error");

        assertThat(error.path("code").asString()).isEqualTo("invalid_policy");
        assertThat(error.path("problems").get(0).asString())
                .startsWith("team.yaml:3:")
                .contains("dney");
        call("POST", "/v1/policy", body("no layers"), null, 400);
        call("POST", "/v1/policy", apply("canary"), null, 400); // no canaryPercent
        call("POST", "/v1/policy/promote", body("nothing"), null, 409);
        assertThat(problems).isEmpty();
    }

    @Test
    void shadow_reportsWouldBeDifferences_andAbortEndsIt() throws InterruptedException {
        call("GET", "/v1/policy/shadow", null, null, 404);
        call("POST", "/v1/policy", apply("shadow"), null, 200);
        assertThat(hook("make deploy")).doesNotContain("\"deny\"");

        JsonNode report = call("GET", "/v1/policy/shadow", null, null, 200);
        Instant deadline = Instant.now().plusSeconds(10); // safety net: the shadow judges on its own thread
        while (report.path("compared").asLong() < 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
            report = call("GET", "/v1/policy/shadow", null, null, 200);
        }
        assertThat(report.path("differing").asLong()).isEqualTo(1);
        assertThat(report.path("recent").get(0).path("candidate").asString()).isEqualTo("deny");

        call("POST", "/v1/policy/abort", body("seen enough"), null, 200);
        call("GET", "/v1/policy/shadow", null, null, 404);
        assertThat(problems).isEmpty();
    }

    @Test
    void changes_needOperate_readsNeedRead() {
        String agent = tokens.add("ci-agent", Role.AGENT, Instant.now()).token();

        call("GET", "/v1/policy", null, agent, 200);
        call("POST", "/v1/policy", apply("active"), agent, 403);
        call("POST", "/v1/policy/rollback", body("x"), agent, 403);
        assertThat(problems).isEmpty();
    }

    private ObjectNode apply(String mode) {
        ObjectNode body = body("block make deploy").put("mode", mode);
        body.putArray("layers").addObject().put("file", "team.yaml").put("text", TEAM);
        return body;
    }

    private static ObjectNode body(String reason) {
        return RunningBridge.JSON.createObjectNode().put("reason", reason);
    }

    private String hook(String command) {
        return send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/hooks/claude-code"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(RunningBridge.claudeCodeBash(command))))
                .body();
    }

    private String owner() {
        try {
            return java.nio.file.Files.readString(dir.resolve("owner.token")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode call(String method, String path, JsonNode body, String token, int status) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path));
        // without a token given, a person calls: as the owner, as the CLI does
        req.header("Authorization", "Bearer " + (token != null ? token : owner()));
        if (body == null) {
            req.GET();
        } else {
            req.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> res = send(req);
        assertThat(res.statusCode()).as("%s %s: %s", method, path, res.body()).isEqualTo(status);
        JsonNode json = RunningBridge.JSON.readTree(res.body());
        JsonNode documented = OpenApiContractTest.spec.at(
                "/paths/" + path.replace("/", "~1") + "/" + method.toLowerCase() + "/responses/" + status);
        assertThat(documented.isMissingNode())
                .as("%s %s %d documented", method, path, status)
                .isFalse();
        JsonNode schema = OpenApiContractTest.resolve(documented).at("/content/application~1json/schema");
        OpenApiContractTest.validate(schema, json, method + " " + path + " " + status + " $", problems);
        return json;
    }

    private HttpResponse<String> send(HttpRequest.Builder req) {
        try {
            return http.send(req.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
