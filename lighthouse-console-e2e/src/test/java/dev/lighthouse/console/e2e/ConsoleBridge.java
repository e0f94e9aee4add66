package dev.lighthouse.console.e2e;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutSettings;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real bridge on a free loopback port: SQLite store in a temporary data dir, the default policy with its
 * {@code security_command} route (sudo and the like) holding the hook 30 s for a reviewer, as a team watching the
 * console would set it.
 */
final class ConsoleBridge implements AutoCloseable {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    final Path dataDir;
    final AgentTokens tokens;
    final EventStore store;
    final Rollout rollout;
    final Bridge bridge;
    final HttpClient http = HttpClient.newHttpClient();

    ConsoleBridge(Path dataDir, UnaryOperator<Bridge.Builder> extra) {
        this.dataDir = dataDir;
        this.tokens = AgentTokens.inDataDir(dataDir);
        Clock clock = Clock.systemUTC();
        Keyring keys = Keyring.loadOrCreate(dataDir.resolve("events.keys"), clock);
        this.store = EventStores.sqlite(
                dataDir.resolve("events.db"), StoreOptions.of(keys, dataDir.resolve("events.checkpoints")));
        Policy policy = Policy.of(List.of(
                Policies.defaultPolicy().layers().getFirst(),
                Policies.parse("team.yaml", "routes:\n  security_command:\n    reviewers: [human]\n    wait: 30s\n")));
        this.rollout = Rollout.open(store, PolicySource.of(policy), RolloutSettings.defaults(), Alerts.NONE, clock);
        this.bridge = extra.apply(Bridge.builder(
                                BridgeConfig.defaults().withListen("127.0.0.1", 0), rollout.judge(), store, tokens)
                        .rollout(rollout)
                        .integrity(keys, Duration.ofMinutes(10))
                        .agentHome(Path.of("/home/agent")))
                .start();
    }

    String url(String path) {
        return bridge.baseUrl() + path;
    }

    String owner() {
        try {
            return Files.readString(dataDir.resolve("owner.token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Claude Code PreToolUse hook call for a Bash command, as the HTTP hook sends it (no token). */
    JsonNode claudeCode(String session, String command) {
        String body = JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", session)
                .put("transcript_path", "/tmp/t.jsonl")
                .put("cwd", "/home/agent/project")
                .put("permission_mode", "default")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash")
                .put("tool_use_id", "toolu_1")
                .set("tool_input", JSON.createObjectNode().put("command", command)));
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(url("/v1/hooks/claude-code")))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body)))
                .body());
    }

    HttpResponse<String> send(HttpRequest.Builder req) {
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        bridge.stop();
        store.close();
        http.close();
    }
}
