package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code lighthouse load --simulate-reviewers} against a real bridge (default policy with its four scenario routes set
 * to hold the hook, SQLite store): the risky calls of the load are held for review, the simulated pool answers them
 * through the review API, and the held agents get their decision. Asserts counts, never speed.
 */
class LoadReviewersTest {
    @TempDir
    Path dir;

    @Test
    void simulatedReviewers_answerTheReviewsTheLoadRaises_andAgentsGetTheirDecision() throws Exception {
        Settings settings =
                Settings.load(new Settings.Flags(Optional.empty(), Map.of("data-dir", dir.toString())), Map.of(), dir);
        EventStore store = EventStoreWiring.open(settings, Map.of());
        Bridge bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        Judge.of(PolicyEngine.of(holdingRoutes())),
                        store,
                        AgentTokens.inDataDir(dir))
                .start();
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cmd = Lighthouse.commandLine(Map.of("LIGHTHOUSE_HOME", dir.toString()), dir);
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));

            int exit = cmd.execute(
                    "load",
                    "--url",
                    bridge.baseUrl(),
                    "--pattern",
                    "incident_response", // 50 % risky, 30 % complex: many reviews
                    "--agents",
                    "12",
                    "--duration",
                    "4s",
                    "--ramp",
                    "0",
                    "--think",
                    "300ms",
                    "--network-errors",
                    "0",
                    "--timeout",
                    "30s",
                    "--progress",
                    "off",
                    "--seed",
                    "7",
                    "--simulate-reviewers",
                    "--approval-share",
                    "0.5",
                    "--json");

            assertThat(exit).as(err.toString()).isZero();
            JsonNode result = JsonMapper.builder().build().readTree(out.toString());
            JsonNode reviews = result.path("reviews");
            assertThat(result.at("/totals/errors").asLong())
                    .as("load errors: %s", result.at("/totals"))
                    .isZero();
            assertThat(result.at("/decisions/ask").asLong())
                    .as("held calls get the verdict, not ask")
                    .isZero();
            assertThat(reviews.path("errors").asLong()).as("%s", reviews).isZero();
            assertThat(reviews.path("seen").asLong()).isPositive();
            assertThat(reviews.path("answered").asLong())
                    .isEqualTo(reviews.path("seen").asLong())
                    .isEqualTo(reviews.path("approved").asLong()
                            + reviews.path("denied").asLong());
            assertThat(reviews.at("/latency/count").asLong())
                    .isEqualTo(reviews.path("answered").asLong());

            // Every verdict the pool counted resolved a review on the bridge (listed apart: they are simulated).
            HttpResponse<String> resolved = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(bridge.baseUrl() + "/v1/reviews?status=resolved&simulated=true"))
                                    .header(
                                            "Authorization",
                                            "Bearer "
                                                    + java.nio.file.Files.readString(dir.resolve("owner.token"))
                                                            .strip())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(JsonMapper.builder()
                            .build()
                            .readTree(resolved.body())
                            .path("reviews")
                            .size())
                    .isGreaterThanOrEqualTo((int) reviews.path("answered").asLong());

            long regionAgents = 0;
            for (String region : new String[] {"us-east", "us-west", "eu", "asia"}) {
                regionAgents += result.at("/regions/" + region + "/agents").asLong();
            }
            assertThat(regionAgents).isEqualTo(12);
        } finally {
            bridge.close();
            store.close();
        }
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
