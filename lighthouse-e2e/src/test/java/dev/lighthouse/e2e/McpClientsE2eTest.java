package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Real MCP clients against a real {@code lighthouse serve}: the official TypeScript SDK client (every tool's happy
 * path and refusals, a resource subscription's push) and the MCP Inspector CLI, over HTTP at {@code /mcp} and over
 * stdio through {@code lighthouse mcp}.
 */
@ExtendWith(McpClients.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpClientsE2eTest {
    private static final Pattern TOKEN = Pattern.compile("lh_[A-Za-z0-9_-]{43}");
    private static final List<String> TOOLS = List.of(
            "lighthouse_status",
            "check_call",
            "review_list",
            "review_vote",
            "events_query",
            "lease_acquire",
            "lease_renew",
            "lease_release",
            "lease_list",
            "elicit",
            "elicitation_list",
            "elicitation_respond",
            "elicitation_cancel",
            "task_dispatch",
            "task_claim",
            "task_complete",
            "task_list",
            "expert_register");

    @TempDir
    static Path dir;

    private Path home;
    private BridgeProcess bridge;
    private String agentToken;
    private String reviewerToken;
    private String secondToken;

    @BeforeAll
    void start() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        bridge = BridgeProcess.start(dir, home, AgentRun.policy());
        agentToken = issue("builder", "agent");
        reviewerToken = issue("alice", "reviewer");
        secondToken = issue("fixer", "agent");
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private String issue(String name, String role) {
        Processes.Outcome out = bridge.personRuns("agents", "add", name, "--role", role);
        Matcher token = TOKEN.matcher(out.stdout());
        assertThat(token.find()).as(out.describe()).isTrue();
        return token.group();
    }

    private Map<String, String> env() {
        return Map.of(
                "HOME", home.toString(), "PATH", Path.of(McpClients.node()).getParent() + ":/usr/bin:/bin");
    }

    @Test
    void sdkClient_callsEachTool_isRefusedAsDocumented_andIsPushedAResourceUpdate() throws IOException {
        Path client = Files.createDirectories(dir.resolve("sdk-client"));
        try (InputStream script = getClass().getResourceAsStream("/mcp/sdk-client.mjs")) {
            Files.copy(script, client.resolve("sdk-client.mjs"));
        }
        // The script imports the SDK as a package: node finds it through a node_modules beside the script.
        Files.createSymbolicLink(client.resolve("node_modules"), McpClients.nodeModules());
        Path project = Files.createDirectories(dir.resolve("project"));
        Map<String, String> env = new java.util.HashMap<>(env());
        env.putAll(Map.of(
                "LIGHTHOUSE_URL",
                bridge.url(),
                "AGENT_TOKEN",
                agentToken,
                "REVIEWER_TOKEN",
                reviewerToken,
                "SECOND_TOKEN",
                secondToken,
                "PROJECT",
                project.toString()));

        Processes.Outcome run;
        try {
            run = Processes.run(
                    List.of(McpClients.node(), client.resolve("sdk-client.mjs").toString()),
                    client,
                    env,
                    Duration.ofSeconds(120));
        } finally {
            Files.delete(client.resolve("node_modules")); // the link only, never the shared install it points to
        }

        assertThat(run.exit()).as(run.describe()).isZero();
        JsonNode report = ScriptedModel.JSON.readTree(
                run.stdout().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(report.path("tools").findValuesAsString("name")).containsExactlyInAnyOrderElementsOf(TOOLS);
        report.path("tools").forEach(t -> {
            assertThat(t.path("description").asString().length())
                    .as(t.toString())
                    .isGreaterThan(100);
            assertThat(t.path("schemaType").asString()).isEqualTo("object");
        });
        assertThat(report.path("resources").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder(
                        "lighthouse://policy/active",
                        "lighthouse://decisions/recent",
                        "lighthouse://reviews/pending",
                        "lighthouse://leases");
        assertThat(report.at("/status/you/agent").asString()).isEqualTo("builder");
        assertThat(report.at("/checkDeny/decision").asString()).isEqualTo("deny");
        assertThat(report.at("/checkDeny/recorded").asBoolean()).isFalse();
        assertThat(report.at("/checkBadArgument/error/code").asInt()).isEqualTo(-32602);
        assertThat(report.at("/checkBadArgument/error/message").asString()).contains("cwd: must be an absolute path");
        assertThat(report.at("/unknownTool/error/message").asString()).containsIgnoringCase("unknown tool");

        assertThat(report.path("reviewHook").asString()).isEqualTo("ask");
        assertThat(report.at("/reviewList/reviews/0/case/agent").asString()).isEqualTo("builder");
        assertThat(report.at("/voteByAgent/isError").asBoolean()).isTrue();
        assertThat(report.at("/voteByAgent/structuredContent/error/code").asString())
                .isEqualTo("forbidden");
        assertThat(report.at("/voteByReviewer/counted").asBoolean()).isTrue();
        assertThat(report.at("/voteByReviewer/review/status").asString()).isEqualTo("denied");
        assertThat(report.at("/voteBadVerdict/error/message").asString())
                .contains("verdict: must be one of approve, deny");

        assertThat(report.at("/eventsOwn/events")
                        .valueStream()
                        .map(e -> e.path("agent").asString()))
                .isNotEmpty()
                .containsOnly("builder");
        assertThat(report.at("/eventsOther/isError").asBoolean()).isTrue();

        assertThat(report.at("/leaseAcquire/lease/agent").asString()).isEqualTo("builder");
        assertThat(report.at("/leaseConflict/isError").asBoolean()).isTrue();
        assertThat(report.at("/leaseConflict/structuredContent/error/code").asString())
                .isEqualTo("lease_conflict");
        assertThat(report.at("/leaseConflict/structuredContent/error/message").asString())
                .contains("builder holds");
        assertThat(report.at("/leaseBadArgument/error/message").asString())
                .contains("paths: must be an array of strings");
        assertThat(report.at("/leaseList/leases/0/agent").asString()).isEqualTo("builder");
        assertThat(report.at("/sedWhileLeased/decision").asString()).isEqualTo("deny");
        assertThat(report.at("/sedWhileLeased/reason").asString()).contains("builder", "rewriting the tokenizer");
        assertThat(report.at("/leaseRelease/lease/id").asString())
                .isEqualTo(report.at("/leaseAcquire/lease/id").asString());
        assertThat(report.at("/sedAfterRelease/decision").asString()).isNotEqualTo("deny");

        assertThat(report.path("pushHook").asString()).isEqualTo("allow");
        assertThat(report.path("pushedUri").asString()).isEqualTo("lighthouse://decisions/recent");
        assertThat(report.at("/recentDecisions/decisions/0/reason").asString()).isNotBlank();
        assertThat(report.at("/unauthenticated/error/message").asString()).contains("401");
        assertThat(bridge.getAsOwner("/v1/decisions?limit=100").toString())
                .as("check_call recorded no decision")
                .doesNotContain("rm -rf ~");
    }

    @Test
    void inspectorCli_listsTheTools_overHttp() {
        Processes.Outcome run = inspector(List.of(
                bridge.url() + "/mcp",
                "--transport",
                "http",
                "--header",
                "Authorization: Bearer " + agentToken,
                "--method",
                "tools/list"));

        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(ScriptedModel.JSON.readTree(run.stdout()).path("tools").findValuesAsString("name"))
                .containsExactlyInAnyOrderElementsOf(TOOLS);
    }

    @Test
    void inspectorCli_listsTheTools_overStdio_throughLighthouseMcp() {
        List<String> lighthouse = LighthouseCli.command(home, "mcp", "--url", bridge.url(), "--token", agentToken);
        // The Inspector takes the server's program, then its own options, then the program's arguments after --.
        List<String> args = new ArrayList<>(List.of(lighthouse.getFirst(), "--method", "tools/list", "--"));
        args.addAll(lighthouse.subList(1, lighthouse.size()));

        Processes.Outcome run = inspector(args);

        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(ScriptedModel.JSON.readTree(run.stdout()).path("tools").findValuesAsString("name"))
                .containsExactlyInAnyOrderElementsOf(TOOLS);
    }

    private Processes.Outcome inspector(List<String> args) {
        List<String> command = new ArrayList<>(
                List.of(McpClients.node(), McpClients.inspectorCli().toString()));
        command.addAll(args);
        try {
            // Inspector CLI 1.0.3 checks for "../package.json" against its working directory, then imports that
            // path relative to its own script (its package's package.json): a working directory whose parent holds
            // a package.json makes the check pass, so it reads its own name and version.
            Path inspector = Files.createDirectories(dir.resolve("inspector"));
            Files.writeString(inspector.resolve("package.json"), "{\"private\": true}\n");
            return Processes.run(
                    command, Files.createDirectories(inspector.resolve("work")), env(), Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
