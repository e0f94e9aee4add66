package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Principal;
import java.util.Optional;

/**
 * Who calls a tool or reads a resource: the agent its bearer token names (the same identity its hooks use) and the
 * MCP session it calls in.
 *
 * @param project the project root its client's {@code Lighthouse-Project} header names, as the hooks send it
 */
public record Caller(Principal who, String mcpSession, Optional<String> project) {
    public Caller {
        requireNonNull(who, "who");
        requireNonNull(mcpSession, "mcpSession");
        requireNonNull(project, "project");
    }
}
