package dev.lighthouse.bridge.mcp;

import dev.lighthouse.bridge.auth.Principal;
import io.helidon.webserver.http.ServerRequest;
import tools.jackson.databind.JsonNode;

/**
 * How {@code /mcp} admits a request, the same as every other endpoint of the bridge: the HTTP layer authenticates the
 * bearer token, checks the role and the rate limit, and reads bodies within the size and time limits. A refusal is
 * thrown (and answered by the routing's one error handler) before any body is read.
 */
public interface McpGate {
    /** The caller, if it may use MCP; throws the HTTP layer's refusal otherwise. */
    Principal admit(ServerRequest req);

    /** The request's JSON body, read within the bridge's limits; throws the HTTP layer's refusal otherwise. */
    JsonNode body(ServerRequest req);

    /** Drops an unread body, so the connection can serve the next request. */
    void discard(ServerRequest req);
}
