package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.hooks.ClaudeCodeDialect;
import dev.lighthouse.policy.call.ToolInputs;
import dev.lighthouse.review.ReviewBoard;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/hooks/claude-code/ran}: Claude Code's PostToolUse hook says a call ran. When its user had been asked
 * about that call, the review records it; nothing else changes. Always answers {@code {}} (the hook only informs, and
 * nothing it sends can approve anything). It does not count against the caller's rate: the call it reports was
 * counted when it was decided.
 */
final class RanEndpoint implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(RanEndpoint.class);

    private final Gate gate;
    private final JsonBodies bodies;
    private final ReviewBoard reviews;

    RanEndpoint(Gate gate, JsonBodies bodies, ReviewBoard reviews) {
        this.gate = gate;
        this.bodies = bodies;
        this.reviews = reviews;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Principal who = gate.identify(req, Permission.SUBMIT);
        try {
            Submission s = ClaudeCodeDialect.readPostToolUse(bodies.read(req));
            reviews.ran(who.name(), ToolInputs.fromJson(s.tool(), s.input()).tool(), Path.of(s.cwd()), s.input());
        } catch (BadCall | IllegalArgumentException | Refused e) {
            LOG.debug("a PostToolUse report was not understood: {}", e.getMessage());
        }
        Responses.json(res, 200, Map.of());
    }
}
