package dev.lighthouse.fuse;

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
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real bridge on loopback: SQLite store in a temp dir, the default policy under a {@link Rollout}, tokens in the
 * data dir. {@link #restart} stops it and starts it again on the same port and store (a bridge that went away and
 * came back).
 */
final class LiveBridge implements AutoCloseable {
    final Path dir;
    final EventStore store;
    final AgentTokens tokens;
    final String admin;
    private final Rollout rollout;
    private final Clock clock;
    private Bridge bridge;
    private int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LiveBridge(Path dir) {
        this(dir, Clock.systemUTC());
    }

    /** A bridge whose store and reviews run on {@code clock}, so that events and resolutions fall in chosen hours. */
    LiveBridge(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        store = EventStores.sqlite(
                dir.resolve("events.db"),
                new StoreOptions(
                        keys, dir.resolve("events.checkpoints"), StoreOptions.DEFAULT_CHECKPOINT_INTERVAL, clock));
        rollout = Rollout.open(
                store,
                PolicySource.of(Policies.defaultPolicy()),
                RolloutSettings.defaults(),
                Alerts.NONE,
                Clock.systemUTC());
        tokens = AgentTokens.inDataDir(dir);
        admin = tokens.add("fuse-admin", Role.ADMIN, Instant.now()).token();
        start(0);
    }

    private void start(int onPort) {
        bridge = Bridge.builder(BridgeConfig.defaults().withListen("127.0.0.1", onPort), rollout.judge(), store, tokens)
                .rollout(rollout)
                .agentHome(Path.of("/home/agent"))
                .clock(clock)
                .start();
        port = bridge.port();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    void stop() {
        bridge.stop();
    }

    /** Starts again on the same port after {@link #stop}. */
    void restart() {
        start(port);
    }

    /** A Claude Code hook call for a Bash command, as the tokenless loopback agent; the hook's JSON answer. */
    JsonNode hook(String command) {
        ObjectNode call = BridgeHttp.JSON
                .createObjectNode()
                .put("session_id", "fuse-session")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash");
        call.putObject("tool_input").put("command", command);
        return post("/v1/hooks/claude-code", call);
    }

    /** A Claude Code hook call for a Bash command, made with {@code token}; the hook's JSON answer. */
    JsonNode hookAs(String token, String command) {
        ObjectNode call = BridgeHttp.JSON
                .createObjectNode()
                .put("session_id", "fuse-session")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash");
        call.putObject("tool_input").put("command", command);
        return post("/v1/hooks/claude-code", call, Optional.of(token));
    }

    /** A native decision for any tool, as the tokenless loopback agent. */
    JsonNode decide(String tool, ObjectNode input) {
        ObjectNode call = BridgeHttp.JSON
                .createObjectNode()
                .put("tool", tool)
                .put("cwd", "/srv/project")
                .put("session", "fuse-session");
        call.set("input", input);
        return post("/v1/decisions", call);
    }

    JsonNode post(String path, JsonNode body) {
        return post(path, body, Optional.empty());
    }

    /** {@code POST path} made with {@code token}; the answer's JSON whatever its status. */
    JsonNode postAs(String token, String path, JsonNode body) {
        return post(path, body, Optional.of(token));
    }

    private JsonNode post(String path, JsonNode body, Optional<String> token) {
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(url().resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return BridgeHttp.JSON.readTree(res.body());
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
        http.close();
        store.close();
    }
}
