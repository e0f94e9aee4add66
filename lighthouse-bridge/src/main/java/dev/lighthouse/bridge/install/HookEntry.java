package dev.lighthouse.bridge.install;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the installer adds to an agent's settings: a group of handlers, or (Copilot CLI) one flat handler. Only the
 * fields the agent reads are present; components are written in their declared order, the order the agents'
 * references show. The rest of the settings file is the user's and stays a tree, so unknown keys survive.
 */
final class HookEntry {
    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    private HookEntry() {}

    /** {@code value} as a node to add to a settings tree. */
    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** A group: a matcher (Codex has none: every tool) and its handlers. */
    record Group(Optional<String> matcher, List<Handler> hooks) {}

    /**
     * One handler. {@code timeout} is in seconds, except Gemini CLI's, in milliseconds; Copilot CLI reads
     * {@code timeoutSec} and runs {@code bash}.
     */
    record Handler(
            String type,
            Optional<String> url,
            Optional<String> command,
            Optional<String> bash,
            Optional<Integer> timeout,
            Optional<Integer> timeoutSec,
            Optional<String> onFailure,
            Optional<Headers> headers,
            Optional<List<String>> allowedEnvVars,
            Optional<String> statusMessage) {

        static Handler http(String url, int timeout, Optional<String> onFailure, Headers headers, List<String> env) {
            return new Handler(
                    "http",
                    Optional.of(url),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(timeout),
                    Optional.empty(),
                    onFailure,
                    Optional.of(headers),
                    Optional.of(env),
                    Optional.empty());
        }

        static Handler command(String command, int timeout, Optional<String> onFailure) {
            return new Handler(
                    "command",
                    Optional.empty(),
                    Optional.of(command),
                    Optional.empty(),
                    Optional.of(timeout),
                    Optional.empty(),
                    onFailure,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        static Handler copilot(String bash, int timeoutSec) {
            return new Handler(
                    "command",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(bash),
                    Optional.empty(),
                    Optional.of(timeoutSec),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        Handler withStatusMessage(String message) {
            return new Handler(
                    type,
                    url,
                    command,
                    bash,
                    timeout,
                    timeoutSec,
                    onFailure,
                    headers,
                    allowedEnvVars,
                    Optional.of(message));
        }
    }

    /**
     * The headers of Claude Code's HTTP hooks: the client's longest wait (the hook itself, not the ran notice), the
     * agent's home and project, and its token when asked for, filled from the variables the hook may read.
     */
    record Headers(
            @JsonProperty(HookInstaller.MAX_WAIT_HEADER) Optional<String> maxWait,
            @JsonProperty(HookInstaller.HOME_HEADER) String home,
            @JsonProperty(HookInstaller.PROJECT_HEADER) String project,
            @JsonProperty("Authorization") Optional<String> authorization) {}
}
