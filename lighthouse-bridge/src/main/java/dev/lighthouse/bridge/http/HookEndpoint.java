package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.hooks.Dialect;
import dev.lighthouse.bridge.hooks.HookAnswer;
import dev.lighthouse.bridge.install.HookInstaller;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.coordination.elicit.Elicitation;
import dev.lighthouse.coordination.elicit.Elicitations;
import dev.lighthouse.policy.Answer;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/hooks/<dialect>}: always answers 200 with a JSON object in the agent's schema. Whatever goes wrong
 * before a decision is recorded — auth, limits, bad input, an unavailable store, a bug — becomes a deny whose reason
 * says what happened: never a silent allow, never a status the agent would read as "proceed".
 */
final class HookEndpoint implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(HookEndpoint.class);
    /** Seconds the client waits at most for a held answer (sent by the shell client). */
    private static final HeaderName MAX_WAIT = HeaderNames.create(HookInstaller.MAX_WAIT_HEADER);
    /** The agent's home, sent by the installed hooks (Claude Code fills it from $HOME). */
    private static final HeaderName HOME = HeaderNames.create(HookInstaller.HOME_HEADER);
    /** The agent's project root, found by the hook where the agent runs. */
    private static final HeaderName PROJECT = HeaderNames.create(HookInstaller.PROJECT_HEADER);

    private final Dialect dialect;
    private final Intake intake;
    private final Intake.Channel channel;
    private final BridgeMetrics metrics;
    private final Elicitations elicitations;

    HookEndpoint(Dialect dialect, Intake intake, BridgeMetrics metrics, Elicitations elicitations) {
        this.dialect = dialect;
        this.intake = intake;
        this.channel = new Intake.Channel(dialect.name(), dialect::read, dialect::pending);
        this.metrics = metrics;
        this.elicitations = elicitations;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        metrics.enter();
        try {
            Responses.json(res, 200, written(req));
            intake.finish(req);
        } finally {
            metrics.exit();
        }
    }

    /** The dialect's limit, or less when the client says it gives up sooner (the shell client does). */
    private Duration maxHold(ServerRequest req) {
        Duration max = dialect.maxHold();
        Optional<String> header = req.headers().first(MAX_WAIT);
        if (header.isPresent()) {
            try {
                Duration client = Duration.ofSeconds(
                        Math.max(0, Long.parseLong(header.get().strip())));
                return client.compareTo(max) < 0 ? client : max;
            } catch (NumberFormatException e) {
                return Duration.ZERO;
            }
        }
        return max;
    }

    /**
     * The payload's home and project if it names them, else the hook's headers; the bridge's own home only when
     * neither names one, and the working directory as the project.
     */
    private static Submission withHeaders(Submission s, ServerRequest req) {
        return new Submission(
                s.session(),
                s.cwd(),
                s.tool(),
                s.input(),
                s.project().or(() -> path(req, PROJECT)),
                s.home().or(() -> path(req, HOME)));
    }

    /** An absolute path from a header; anything else (an agent could not fill it: $HOME unset) is ignored. */
    private static Optional<String> path(ServerRequest req, HeaderName header) {
        return req.headers()
                .first(header)
                .map(String::strip)
                .filter(h -> h.startsWith("/") && h.chars().noneMatch(Character::isISOControl));
    }

    private HookAnswer written(ServerRequest req) {
        Intake.Taken taken;
        try {
            taken = intake.take(req, channel, this::maxHold, s -> withHeaders(s, req));
        } catch (Rejection.Rejected e) {
            return dialect.write(new Answer.Deny(e.why.denial + e.getMessage()));
        }
        return withNotices(taken.decided().call().agent(), taken.answer());
    }

    /**
     * The answer, carrying the questions other agents asked this one that it has not been told of: an agent without
     * an MCP session learns of them here. Only where the dialect can add them without changing the verdict (see
     * {@link Dialect#write(Answer, String)}); otherwise they wait for the next call. Never fails the answer.
     */
    private HookAnswer withNotices(String agent, Answer answer) {
        try {
            List<Elicitation> unnoticed = elicitations.unnoticed(agent);
            if (unnoticed.isEmpty()) {
                return dialect.write(answer);
            }
            Optional<HookAnswer> with = dialect.write(answer, ElicitationNotice.text(unnoticed));
            if (with.isEmpty()) {
                return dialect.write(answer);
            }
            elicitations.noticed(unnoticed);
            return with.get();
        } catch (RuntimeException e) {
            LOG.warn("could not add pending elicitations to {}'s hook answer; they wait for its next call", agent, e);
            return dialect.write(answer);
        }
    }
}
