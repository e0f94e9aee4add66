package dev.lighthouse.bridge.mcp;

import dev.lighthouse.bridge.auth.Permission;
import java.time.Instant;
import java.util.List;

/** {@code lighthouse_status}: what runs, under which policy, and who the caller is to the bridge. */
final class StatusTool {
    private StatusTool() {}

    record Status(String service, String version, Instant started, Policy policy, String auth, long lastSeq, You you) {}

    record Policy(String name, String hash) {}

    /** The caller as the bridge knows it: its agent name and role, this MCP session, and its linked sessions. */
    record You(
            String agent,
            String role,
            String mcpSession,
            List<RecentActivity.Session> hookSessions,
            List<RecentActivity.Session> mcpSessions) {}

    static McpTool<McpTool.NoArguments> tool(McpServices services, RecentActivity recent) {
        return new McpTool<>(
                "lighthouse_status",
                """
                Shows the Lighthouse bridge that guards this agent's tool calls: its version, the active policy \
                (name and hash), how callers authenticate, the last event's sequence number, and who you are to it: \
                your agent name and role, this MCP session, and the hook sessions and MCP sessions recently seen \
                for your agent. Call it first to learn which identity your calls are judged and recorded under.""",
                Permission.READ,
                InputSchema.none(),
                McpTool.NoArguments.class,
                (caller, args) -> {
                    String version = StatusTool.class.getPackage().getImplementationVersion();
                    RecentActivity.Linked linked = recent.linked(caller.who().name());
                    return new Status(
                            "lighthouse-bridge",
                            version == null ? "dev" : version,
                            services.started(),
                            new Policy(
                                    services.pipeline().judge().version().name(),
                                    services.pipeline().judge().version().hash()),
                            services.authMode(),
                            services.store().head().seq(),
                            new You(
                                    caller.who().name(),
                                    caller.who().role().label(),
                                    caller.mcpSession(),
                                    linked.hookSessions(),
                                    linked.mcpSessions()));
                });
    }
}
