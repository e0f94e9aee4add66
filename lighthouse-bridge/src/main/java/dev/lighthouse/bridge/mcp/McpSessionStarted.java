package dev.lighthouse.bridge.mcp;

import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;

/**
 * An {@code mcp.session_started} event: an agent opened an MCP session. The event's agent is the token's agent, the
 * same name its hooks' decisions are recorded under, which is what links the two kinds of session.
 *
 * @param mcpSession the {@code Mcp-Session-Id} the bridge gave it
 * @param role the token's role
 * @param client the client's name and version as it introduced itself (e.g. {@code claude-code 2.1.3})
 * @param protocolVersion the MCP protocol version the client asked for
 */
public record McpSessionStarted(String mcpSession, String role, String client, String protocolVersion)
        implements EventPayload {
    public static final EventType TYPE = EventType.of("mcp.session_started");

    @Override
    public EventType eventType() {
        return TYPE;
    }
}
