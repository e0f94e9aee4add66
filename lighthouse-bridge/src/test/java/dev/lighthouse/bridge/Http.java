package dev.lighthouse.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls to a running bridge, for tests outside its package. */
public final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Http() {}

    public static String get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public static JsonNode getJson(String url) {
        return JSON.readTree(get(url));
    }

    /** {@code GET url} as the bridge's owner, with the token {@code serve} left in {@code dataDir}. */
    public static String getAsOwner(String url, java.nio.file.Path dataDir) {
        try {
            String token = java.nio.file.Files.readString(dataDir.resolve("owner.token"))
                    .strip();
            return send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token)
                    .GET());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static JsonNode post(String url, String json) {
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    /** A Claude Code PreToolUse call of Bash with {@code command}, as the agent's hook sends it. */
    public static String claudeCodeBash(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", "sess-1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash")
                .put("tool_use_id", "toolu_1")
                .set("tool_input", JSON.createObjectNode().put("command", command)));
    }

    private static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r =
                    CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
