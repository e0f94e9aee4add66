package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two real Claude Code agents, each with its own token and home, with Lighthouse added as an MCP server the way a user
 * adds it ({@code claude mcp add --transport http}) and the bridge's hook installed in the project they share. The
 * scripted model makes them call Lighthouse's MCP tools as a model would ({@code mcp__lighthouse__lease_acquire}, …):
 * agent A leases a file and agent B's writes to it are refused at decision time naming A, until A releases it; A asks
 * B a question and B answers it through its own MCP tools.
 */
@ExtendWith(AgentClis.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClaudeCodeMcpE2eTest {
    private static final Pattern TOKEN = Pattern.compile("lh_[A-Za-z0-9_-]{43}");
    private static final Pattern LEASE = Pattern.compile("lease-[0-9a-f]{16}");
    private static final Pattern ELICITATION = Pattern.compile("el_[0-9a-f]+");
    private static final String FILE = "src/parser.c";
    private static final String SED = "sed -i s/old/new/ " + FILE;
    private static final String REASON = "rewriting the tokenizer";

    /**
     * The user's own permission rules, in the project both share: Lighthouse's MCP tools, and {@code sed}, which the
     * bridge leaves to Claude Code's own permissions when no lease is in the way.
     */
    private static final String PERMISSIONS = """
            {"permissions": {"allow": ["mcp__lighthouse", "Bash(sed *)"]}}
            """;

    private static Stage stage;
    private static Path project;
    private static McpAgent a;
    private static McpAgent b;

    /** One Claude Code agent: its name and token on the bridge, its own home and its view of the shared project. */
    private record McpAgent(String name, String token, Workspace ws) {}

    @BeforeAll
    static void start() throws IOException {
        stage = Stage.start(Agent.CLAUDE_CODE);
        project = stage.home().resolve("work").resolve("shared");
        a = agent("agent-a", stage.home());
        b = agent("agent-b", stage.dir("home-b"));
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve(FILE), "old\n");
        a.ws().write(a.ws().claudeLocalSettings(), PERMISSIONS);
        // One hook for both: it sends the token of the agent that runs it (LIGHTHOUSE_TOKEN in its environment).
        Map<String, String> env = a.ws().baseEnv();
        env.put("LIGHTHOUSE_TOKEN", a.token());
        List<String> install = LighthouseCli.command(
                a.ws().home(),
                "hook",
                "install",
                "--agent",
                "claude-code",
                "--scope",
                "project",
                "--url",
                stage.bridge.url());
        Processes.Outcome installed = Processes.run(install, project, env, Duration.ofSeconds(60));
        assertThat(installed.exit()).as(installed.describe()).isZero();
        for (McpAgent agent : List.of(a, b)) {
            Agent.CLAUDE_CODE.configure(agent.ws(), stage.model.url());
            Processes.Outcome added = Processes.run(
                    List.of(
                            AgentClis.bin().resolve("claude").toString(),
                            "mcp",
                            "add",
                            "--transport",
                            "http",
                            "lighthouse",
                            stage.bridge.url() + "/mcp",
                            "--header",
                            "Authorization: Bearer " + agent.token()),
                    project,
                    Agent.CLAUDE_CODE.env(agent.ws(), stage.model.url()),
                    Duration.ofSeconds(60));
            assertThat(added.exit()).as(added.describe()).isZero();
        }
    }

    private static McpAgent agent(String name, Path home) {
        Processes.Outcome out = stage.bridge.personRuns("agents", "add", name, "--role", "agent");
        Matcher token = TOKEN.matcher(out.stdout());
        assertThat(token.find()).as(out.describe()).isTrue();
        return new McpAgent(name, token.group(), Workspace.create(home, project, AgentClis.bin()));
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    @Order(1)
    void aLeasesAFile_bsSedAndWriteAreDeniedNamingA_afterAReleasesBsRetryRuns() throws IOException {
        // Claude Code 2.1.330 sends MCP tools deferred (defer_loading) and names them in a system message: a model
        // loads one with ToolSearch first, which answers with a reference to the tool.
        AgentRun acquired = run(
                a,
                List.of(
                        new ScriptedModel.Tool(
                                "ToolSearch", object().put("query", "select:mcp__lighthouse__lease_acquire")),
                        ScriptedModel.Mcp.call(
                                "lighthouse",
                                "lease_acquire",
                                object().put("project", project.toString())
                                        .put("reason", REASON)
                                        .put("ttl_seconds", 600)
                                        .set(
                                                "paths",
                                                JsonNodeFactory.instance
                                                        .arrayNode()
                                                        .add(FILE)))));
        assertThat(acquired.toolResults()).as(acquired.describe()).hasSize(2);
        assertThat(acquired.toolResults().getFirst())
                .isEqualTo("{\"type\":\"tool_reference\",\"tool_name\":\"mcp__lighthouse__lease_acquire\"}");
        String leaseResult = acquired.toolResults().getLast();
        Matcher lease = LEASE.matcher(leaseResult);
        assertThat(lease.find()).as(acquired.describe()).isTrue();
        assertThat(leaseResult).as(acquired.describe()).contains("\"agent\":\"agent-a\"", REASON);

        AgentRun blocked = run(
                b,
                List.of(
                        new ScriptedModel.Shell(SED),
                        new ScriptedModel.Tool(
                                "Write",
                                object().put("file_path", project.resolve(FILE).toString())
                                        .put("content", "overwritten\n"))));

        assertThat(blocked.toolResults())
                .as(blocked.describe())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r)
                        .contains("leased exclusively by agent agent-a", REASON, lease.group(), "lease-held"));
        assertThat(Files.readString(project.resolve(FILE))).isEqualTo("old\n");
        List<JsonNode> denied = events("decision.made").stream()
                .filter(e -> e.path("agent").asString().equals("agent-b"))
                .toList();
        assertThat(denied).as(blocked.describe()).hasSize(2).allSatisfy(e -> {
            assertThat(e.at("/payload/decision").asString()).isEqualTo("deny");
            assertThat(e.at("/payload/rules").toString()).contains("lease-held");
        });

        AgentRun released = run(
                a,
                List.of(ScriptedModel.Mcp.call("lighthouse", "lease_release", object().put("lease", lease.group()))));
        assertThat(only(released)).as(released.describe()).contains(lease.group());

        AgentRun retried = run(b, List.of(new ScriptedModel.Shell(SED)));

        assertThat(Files.readString(project.resolve(FILE)))
                .as(retried.describe())
                .isEqualTo("new\n");
        assertThat(only(retried)).as(retried.describe()).doesNotContain("lease");
        assertThat(events("lease.acquired")).singleElement().satisfies(e -> {
            assertThat(e.path("agent").asString()).isEqualTo("agent-a");
            assertThat(e.toString()).contains(lease.group());
        });
        assertThat(events("lease.released"))
                .singleElement()
                .satisfies(e -> assertThat(e.path("agent").asString()).isEqualTo("agent-a"));
        // Each claude -p run is an MCP session of its own; the lease outlived the one that took it.
        assertThat(events("mcp.session_started"))
                .filteredOn(e -> e.path("agent").asString().equals("agent-a"))
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.at("/payload/client").asString()).startsWith("claude-code 2.1.330"));
    }

    @Test
    @Order(2)
    void aAsksBAQuestion_bAnswersOverMcp_schemaChecked_aReadsTheAnswer() {
        ObjectNode schema = object().put("type", "object");
        schema.putObject("properties").putObject("approved").put("type", "boolean");
        schema.putArray("required").add("approved");
        AgentRun asked = run(
                a,
                List.of(ScriptedModel.Mcp.call(
                        "lighthouse",
                        "elicit",
                        object().put("to", "agent-b")
                                .put("question", "May I bump the parser's major version?")
                                .put("timeout_seconds", 600)
                                .set("schema", schema))));
        Matcher id = ELICITATION.matcher(only(asked));
        assertThat(id.find()).as(asked.describe()).isTrue();

        // B finds the question itself, then answers it: first with an answer that breaks A's schema.
        AgentRun answered = run(
                b,
                List.of(
                        ScriptedModel.Mcp.call("lighthouse", "elicitation_list", object().put("status", "pending")),
                        respond(JsonNodeFactory.instance.stringNode("yes")),
                        respond(JsonNodeFactory.instance.booleanNode(true))));

        // B's model heard of the question in its first hook answer (additionalContext), beside the call it made.
        assertThat(stage.model.requests())
                .as(answered.describe())
                .anySatisfy(r -> assertThat(r.body().toString())
                        .contains("Lighthouse: another agent asked you a question", id.group(), "from agent-a"));
        List<String> results = answered.toolResults();
        assertThat(results).as(answered.describe()).hasSize(3);
        assertThat(results.get(0)).contains(id.group(), "May I bump");
        // Claude Code hands the model a JSON-RPC error's message as an error result (without the code).
        assertThat(results.get(1))
                .contains("invalid arguments for elicitation_respond: content/approved", "boolean expected")
                .endsWith("[is_error]");
        assertThat(results.get(2)).contains("\"status\":\"accepted\"");

        AgentRun read = run(a, List.of(ScriptedModel.Mcp.call("lighthouse", "elicitation_list", object())));

        assertThat(only(read)).as(read.describe()).contains("\"answer\":{\"approved\":true}", id.group());
        assertThat(events("elicitation.requested"))
                .singleElement()
                .satisfies(e -> assertThat(e.path("agent").asString()).isEqualTo("agent-a"));
        assertThat(events("elicitation.accepted"))
                .singleElement()
                .satisfies(e -> assertThat(e.path("agent").asString()).isEqualTo("agent-b"));
    }

    /** {@code elicitation_respond} accepting the pending question the first step listed, with this answer. */
    private static ScriptedModel.Mcp respond(JsonNode approved) {
        return new ScriptedModel.Mcp("lighthouse", "elicitation_respond", earlier -> {
            Matcher id = ELICITATION.matcher(earlier.getFirst());
            ObjectNode args = object().put("elicitation", id.find() ? id.group() : "none listed");
            args.put("action", "accept").putObject("content").set("approved", approved);
            return args;
        });
    }

    /** Runs {@code who}'s Claude Code in the shared project with its token, the model scripted to make these calls. */
    private static AgentRun run(McpAgent who, List<ScriptedModel.Step> script) {
        stage.model.script(script);
        Map<String, String> env = Agent.CLAUDE_CODE.env(who.ws(), stage.model.url());
        env.put("LIGHTHOUSE_TOKEN", who.token());
        Processes.Outcome outcome =
                Processes.run(Agent.CLAUDE_CODE.command(AgentClis.bin()), project, env, Agent.RUN_LIMIT);
        AgentRun run = new AgentRun(Agent.CLAUDE_CODE, who.ws(), outcome, stage.model.toolResults(), settings());
        if (Boolean.getBoolean("lighthouse.e2e.verbose")) {
            System.out.println("=== " + who.name() + " " + script + "\n" + run.describe() + "\n--- decisions\n"
                    + String.join(
                            "\n",
                            events("decision.made").stream()
                                    .map(e -> e.path("agent").asString() + " " + e.path("payload"))
                                    .toList())
                    + "\n--- model requests\n"
                    + stage.model.requests().stream()
                            .map(r -> r.method() + " " + r.path() + " " + r.body())
                            .toList());
        }
        assertThat(outcome.exit()).as(run.describe()).isZero();
        return run;
    }

    private static String only(AgentRun run) {
        assertThat(run.toolResults()).as(run.describe()).hasSize(1);
        return run.toolResults().getFirst();
    }

    /** The events of this type the bridge stored, oldest first. */
    private static List<JsonNode> events(String type) {
        Processes.Outcome out = stage.bridge.personRuns("events", "query", "--type", type, "--oldest-first", "--json");
        assertThat(out.exit()).as(out.describe()).isZero();
        List<JsonNode> events = new ArrayList<>();
        JsonNode read = ScriptedModel.JSON.readTree(out.stdout());
        (read.isArray() ? read : read.path("events")).forEach(events::add);
        return events;
    }

    private static String settings() {
        try {
            return Files.readString(project.resolve(".claude/settings.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
