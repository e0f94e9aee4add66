package dev.lighthouse.bridge;

import dev.lighthouse.bridge.auth.AgentTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A bridge on a free loopback port with a memory store and the {@link TableJudge}, and an HTTP client for it. */
final class RunningBridge implements AutoCloseable {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    final MemoryEventStore store = new MemoryEventStore();
    final AgentTokens tokens;
    final Bridge bridge;
    final Path dataDir;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningBridge(Path dataDir) {
        this(dataDir, UnaryOperator.identity());
    }

    RunningBridge(Path dataDir, UnaryOperator<BridgeConfig> config) {
        this.dataDir = dataDir;
        tokens = AgentTokens.inDataDir(dataDir);
        bridge = Bridge.builder(
                        config.apply(BridgeConfig.defaults().withListen("127.0.0.1", 0)),
                        new TableJudge(),
                        store,
                        tokens)
                .agentHome(Path.of("/home/agent"))
                .start();
    }

    /** A response: status, content type and body text. */
    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Reply post(String path, String contentType, String body, String token) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            req.header("Content-Type", contentType);
        }
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return send(req.build());
    }

    /** Decisions are asked for without a token, as hooks do; anything else goes as the owner, as the CLI does. */
    Reply post(String path, String json) {
        boolean decision = path.startsWith("/v1/hooks/") || path.startsWith("/v1/decisions");
        return post(path, "application/json", json, decision ? null : owner());
    }

    /** The owner's token, which the bridge's first start left in the data dir. */
    String owner() {
        try {
            return java.nio.file.Files.readString(dataDir.resolve("owner.token"))
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply get(String path, String token) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return send(req.GET().build());
    }

    /** {@code GET path} as the owner (a person at the machine, through the CLI). */
    Reply get(String path) {
        return get(path, owner());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + owner())
                .DELETE()
                .build());
    }

    URI uri(String path) {
        return URI.create(bridge.baseUrl() + path);
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
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
    }

    /** A Claude Code PreToolUse payload for a Bash command (Codex sends the same shape plus turn_id). */
    static String claudeCodeBash(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", "sess-1")
                .put("transcript_path", "/tmp/t.jsonl")
                .put("cwd", "/srv/project")
                .put("permission_mode", "default")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash")
                .put("tool_use_id", "toolu_1")
                .set("tool_input", JSON.createObjectNode().put("command", command)));
    }

    /** A Gemini CLI BeforeTool payload for run_shell_command. */
    static String geminiShell(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", "gem-1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "BeforeTool")
                .put("timestamp", "2026-11-23T09:00:00Z")
                .put("tool_name", "run_shell_command")
                .set("tool_input", JSON.createObjectNode().put("command", command)));
    }

    /** What the OpenCode plugin posts for a bash call: OpenCode's tool name and arguments, the session's directory. */
    static String openCodeBash(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("hook_event_name", "tool.execute.before")
                .put("session_id", "ses-oc-1")
                .put("call_id", "call_1")
                .put("cwd", "/srv/project")
                .put("tool_name", "bash")
                .set(
                        "tool_input",
                        JSON.createObjectNode().put("command", command).put("description", "run it")));
    }

    /** A GitHub Copilot CLI preToolUse payload (camelCase form) for its bash tool. */
    /** Qwen Code's PreToolUse input, as its hook runner sends it. */
    static String qwenShell(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", "qwen-1")
                .put("transcript_path", "/root/.qwen/projects/p/chats/qwen-1.jsonl")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("timestamp", "2026-12-06T16:57:54.897Z")
                .put("permission_mode", "yolo")
                .put("tool_name", "run_shell_command")
                .put("tool_use_id", "toolu_1_x")
                .put("tool_call_id", "call_1")
                .set(
                        "tool_input",
                        JSON.createObjectNode().put("command", command).put("description", "run it")));
    }

    /** Cline's hook input for {@code run_commands} with one command, as its hook runner sends it. */
    static String clineCommand(String command) {
        var root = JSON.createObjectNode()
                .put("clineVersion", "")
                .put("timestamp", "2026-12-06T17:00:43.434Z")
                .put("taskId", "conv-cl-1")
                .put("hookName", "tool_call")
                .put("userId", "dev")
                .put("iteration", 1);
        root.putObject("sessionContext").put("rootSessionId", "1796576442678_b1m2w");
        root.putArray("workspaceRoots").add("/srv/project");
        var call = root.putObject("tool_call").put("id", "call_1").put("name", "run_commands");
        call.putObject("input").putArray("commands").add(command);
        root.putObject("preToolUse")
                .put("toolName", "run_commands")
                .putObject("parameters")
                .put("commands", JSON.createArrayNode().add(command).toString());
        return JSON.writeValueAsString(root);
    }

    static String copilotBash(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("sessionId", "cop-1")
                .put("timestamp", 1796565794238L)
                .put("cwd", "/srv/project")
                .put("toolName", "bash")
                .set("toolArgs", JSON.createObjectNode().put("command", command).put("description", "run it")));
    }
}
