package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
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
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code lighthouse mcp}: stdio relayed to a real bridge's {@code /mcp}, one JSON-RPC message per line each way. */
class McpCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        CommandLine cmd = Lighthouse.commandLine(Map.of("LIGHTHOUSE_HOME", dir.toString()), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        ((McpCommand) cmd.getSubcommands().get("mcp").getCommand()).in =
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return cmd.execute(args);
    }

    /** The answers written to standard output, by request id. */
    private Map<Integer, JsonNode> answers() {
        return out.toString()
                .lines()
                .map(JSON::readTree)
                .filter(m -> m.has("id"))
                .collect(Collectors.toMap(m -> m.path("id").asInt(), Function.identity()));
    }

    @Test
    void stdioMessages_areRelayedToTheBridge_andEveryAnswerIsOneLine() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Keyring keys = Keyring.loadOrCreate(data.resolve("events.keys"), Clock.systemUTC());
        AgentTokens tokens = AgentTokens.inDataDir(data);
        tokens.ensureOwner();
        String token = tokens.add("builder", Role.AGENT, Instant.now()).token();
        try (EventStore store =
                        EventStores.sqlite(data.resolve("events.db"), StoreOptions.of(keys, data.resolve("cp")));
                Bridge bridge = Bridge.builder(
                                BridgeConfig.defaults().withListen("127.0.0.1", 0),
                                Rollout.open(
                                                store,
                                                PolicySource.of(Policies.defaultPolicy()),
                                                RolloutSettings.defaults(),
                                                Alerts.NONE,
                                                Clock.systemUTC())
                                        .judge(),
                                store,
                                tokens)
                        .start()) {
            String stdin = """
                    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"stdio-test","version":"1"}}}
                    {"jsonrpc":"2.0","method":"notifications/initialized"}
                    {"jsonrpc":"2.0","id":2,"method":"tools/list"}
                    {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"lighthouse_status","arguments":{}}}
                    {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"check_call","arguments":{"tool":"Bash"}}}
                    not json
                    """;

            assertThat(run(stdin, "mcp", "--url", bridge.baseUrl(), "--token", token))
                    .isZero();

            Map<Integer, JsonNode> answers = answers();
            assertThat(answers.get(1).at("/result/serverInfo/name").asString()).isEqualTo("lighthouse");
            assertThat(answers.get(2).at("/result/tools").findValuesAsString("name"))
                    .contains("lighthouse_status", "check_call");
            assertThat(answers.get(3).at("/result/structuredContent/you/agent").asString())
                    .isEqualTo("builder");
            assertThat(answers.get(4).at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(answers.get(4).at("/error/message").asString())
                    .contains("input: is required", "cwd: is required");
            assertThat(out.toString()).contains("\"code\":-32700");

            out.getBuffer().setLength(0);
            assertThat(run(stdin, "mcp", "--url", bridge.baseUrl(), "--token", "lh_not-a-token"))
                    .isZero();
            assertThat(answers().get(1).at("/error/message").asString())
                    .contains("HTTP 401", "the bearer token is unknown or revoked");
        }
    }
}
