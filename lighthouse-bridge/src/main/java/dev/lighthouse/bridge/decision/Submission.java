package dev.lighthouse.bridge.decision;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A tool call as an agent's hook carried it, in Lighthouse's own names (Gemini's {@code run_shell_command} is
 * {@code Bash} here), not yet checked against the policy's model.
 *
 * @param session the agent's session id, or {@code ""}
 * @param cwd the agent's working directory as it sent it (not yet known to be absolute)
 * @param tool the tool name, e.g. {@code Bash}, {@code Write}, {@code mcp__github__create_issue}
 * @param input the tool's arguments, a JSON object
 * @param project the project root if the caller named one
 * @param home the home directory of the user the agent runs as, if the caller named one
 */
public record Submission(
        String session, String cwd, String tool, JsonNode input, Optional<String> project, Optional<String> home) {
    public Submission {
        requireNonNull(session, "session");
        requireNonNull(cwd, "cwd");
        requireNonNull(tool, "tool");
        requireNonNull(input, "input");
        requireNonNull(project, "project");
        requireNonNull(home, "home");
    }
}
