package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Principal;

/**
 * Who calls a tool or reads a resource: the agent its bearer token names (the same identity its hooks use) and the
 * MCP session it calls in.
 */
public record Caller(Principal who, String mcpSession) {
    public Caller {
        requireNonNull(who, "who");
        requireNonNull(mcpSession, "mcpSession");
    }
}
