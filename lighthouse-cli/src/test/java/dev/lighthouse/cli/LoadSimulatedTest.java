package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.cli.config.Settings;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.rules.Layer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code lighthouse load} keeps its simulated agents apart from real ones on a real bridge (SQLite store, the default
 * policy with its review routes holding the hook): calls are recorded as simulated, open no review, stay out of real
 * reviews' recent calls; only the owner may mark a call simulated; and load refuses a store with real decisions.
 */
class LoadSimulatedTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private EventStore store;
    private Bridge bridge;
    private String owner;
    private String agent;
    private final HttpClient http = HttpClient.newHttpClient();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        Settings settings =
                Settings.load(new Settings.Flags(Optional.empty(), Map.of("data-dir", dir.toString())), Map.of(), dir);
        store = EventStoreWiring.open(settings, Map.of());
        agent = AgentTokens.inDataDir(dir)
                .add("ci-bot", Role.AGENT, Instant.now())
                .token();
        bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        Judge.of(PolicyEngine.of(holdingRoutes())),
                        store,
                        AgentTokens.inDataDir(dir))
                .start();
        owner = Files.readString(dir.resolve("owner.token")).strip();
    }

    @AfterEach
    void stop() {
        bridge.close();
        store.close();
    }

    @Test
    void simulatedCalls_areRecordedAsSimulated_andOpenNoReview() throws Exception {
        assertThat(load()).as(err.toString()).isZero();

        List<JsonNode> decisions = decisions();
        assertThat(decisions).isNotEmpty();
        assertThat(decisions)
                .allSatisfy(d -> assertThat(d.path("simulated").asBoolean(false))
                        .as("%s", d)
                        .isTrue());
        assertThat(decisions.stream().filter(d -> d.path("answer").asString().equals("review")))
                .as("the load raised calls the policy reviews")
                .isNotEmpty();
        assertThat(get("/v1/reviews?status=pending", owner).path("reviews").size())
                .isZero();
        assertThat(get("/v1/reviews?status=resolved", owner).path("reviews").size())
                .isZero();
    }

    @Test
    void realReviews_recentCalls_leaveOutSimulatedOnes() throws Exception {
        assertThat(load()).as(err.toString()).isZero();

        // The owner's own real call, reviewed: its agent (owner) also sent every simulated call.
        JsonNode answer = JSON.readTree(hook("terraform apply -auto-approve", owner, Optional.empty()));
        assertThat(answer.toString()).contains("ask");
        JsonNode pending = get("/v1/reviews?status=pending", owner).path("reviews");
        assertThat(pending.size()).isEqualTo(1);
        JsonNode review = get("/v1/reviews/" + pending.get(0).path("id").asString(), owner);
        JsonNode history = review.findValue("recentHistory");
        assertThat(history).as("%s", review).isNotNull();
        assertThat(history.size()).as("%s", history).isZero();
    }

    /** With --simulate-reviewers, the reviews opened for simulated calls stay out of the real reviewers' queue. */
    @Test
    void simulatedReviews_areListedOnlyWhenAskedFor() throws Exception {
        assertThat(JSON.readTree(hook("terraform apply -auto-approve", owner, Optional.of("review")))
                        .toString())
                .contains("ask");

        assertThat(get("/v1/reviews?status=pending", owner).path("reviews").size())
                .isZero();
        JsonNode simulated =
                get("/v1/reviews?status=pending&simulated=true", owner).path("reviews");
        assertThat(simulated.size()).isEqualTo(1);
        assertThat(simulated.get(0).path("simulated").asBoolean(false)).isTrue();
    }

    /** The check pages through the store: real decisions after a page of simulated ones are found too. */
    @Test
    void load_findsRealDecisions_behindAFullPageOfSimulatedOnes() throws Exception {
        for (int i = 0; i < 1001; i++) {
            hook("ls", owner, Optional.of("decide"));
        }
        assertThat(hook("ls", owner, Optional.empty())).contains("allow");

        assertThat(load()).isEqualTo(1);
        assertThat(err.toString()).contains("1 real decision");
    }

    @Test
    void onlyTheOwner_mayMarkACallSimulated() throws Exception {
        String answer = hook("ls", agent, Optional.of("decide"));
        assertThat(answer).contains("deny", "owner");
        assertThat(decisions()).as("the refused call is not recorded at all").isEmpty();

        assertThat(hook("ls", owner, Optional.of("decide"))).contains("allow");
        assertThat(decisions())
                .singleElement()
                .satisfies(d -> assertThat(d.path("simulated").asBoolean(false)).isTrue());
    }

    @Test
    void load_refusesAStoreWithRealDecisions_unlessToldToProceed() throws Exception {
        assertThat(hook("ls", owner, Optional.empty())).contains("allow");

        assertThat(load()).isEqualTo(1);
        assertThat(err.toString()).contains("1 real decision", "--real-store", "scratch bridge");
        assertThat(decisions()).hasSize(1);

        assertThat(load("--real-store")).as(err.toString()).isZero();
        assertThat(decisions().size()).isGreaterThan(1);
    }

    private int load(String... more) {
        CommandLine cmd = Lighthouse.commandLine(Map.of("LIGHTHOUSE_HOME", dir.toString()), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of(
                "load",
                "--url",
                bridge.baseUrl(),
                "--pattern",
                "incident_response",
                "--agents",
                "8",
                "--duration",
                "2s",
                "--ramp",
                "0",
                "--think",
                "200ms",
                "--network-errors",
                "0",
                "--progress",
                "off",
                "--seed",
                "7",
                "--json"));
        args.addAll(List.of(more));
        return cmd.execute(args.toArray(String[]::new));
    }

    private List<JsonNode> decisions() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        get("/v1/decisions?limit=1000", owner).path("decisions").forEach(all::add);
        return all;
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private String hook(String command, String token, Optional<String> simulated) throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/hooks/claude-code"))
                .header("Authorization", "Bearer " + token)
                .header("Lighthouse-Max-Wait", "0")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(JSON.createObjectNode()
                        .put("session_id", "real")
                        .put("cwd", "/srv/project")
                        .put("hook_event_name", "PreToolUse")
                        .put("tool_name", "Bash")
                        .set("tool_input", JSON.createObjectNode().put("command", command)))));
        simulated.ifPresent(s -> post.header("Lighthouse-Simulated", s));
        return http.send(post.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The default policy with its scenario routes holding the hook for the verdict. */
    private static Policy holdingRoutes() {
        StringBuilder routes = new StringBuilder("routes:\n");
        for (String route :
                new String[] {"production_deployment", "database_operation", "security_command", "network_change"}) {
            routes.append("  ").append(route).append(":\n    reviewers: [human]\n    wait: 30s\n");
        }
        Layer fleet = Policies.parse("fleet.yaml", routes.toString());
        return Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), fleet));
    }
}
