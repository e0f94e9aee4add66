package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.decision.Answer;
import dev.lighthouse.bridge.decision.DecisionPipeline;
import dev.lighthouse.bridge.decision.Overloaded;
import dev.lighthouse.bridge.hooks.BadCall;
import dev.lighthouse.bridge.hooks.Dialect;
import dev.lighthouse.bridge.hooks.Submission;
import dev.lighthouse.bridge.install.HookInstaller;
import dev.lighthouse.bridge.limits.CallerSlots;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.bridge.review.ReviewBoard;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStoreException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
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

    /**
     * Marks a call as one of {@code lighthouse load}'s simulated agents: {@code decide} (recorded apart, no review
     * opened) or {@code review} (recorded apart, reviews opened for simulated reviewers). Honoured only from the
     * owner's token: an agent that could send it would hide its calls from reviewers' context.
     */
    static final HeaderName SIMULATED = HeaderNames.create("Lighthouse-Simulated");

    private final Dialect dialect;
    private final Gate gate;
    private final JsonBodies bodies;
    private final DecisionPipeline pipeline;
    private final ReviewBoard reviews;
    private final BridgeMetrics metrics;
    private final CallerSlots requests;

    HookEndpoint(
            Dialect dialect,
            Gate gate,
            JsonBodies bodies,
            DecisionPipeline pipeline,
            ReviewBoard reviews,
            BridgeMetrics metrics,
            CallerSlots requests) {
        this.requests = requests;
        this.dialect = dialect;
        this.gate = gate;
        this.bodies = bodies;
        this.pipeline = pipeline;
        this.reviews = reviews;
        this.metrics = metrics;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        metrics.enter();
        try {
            Responses.json(res, 200, dialect.write(answer(req)));
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

    /** The payload's home if it names one, else the hook's header; the bridge's own home only when neither does. */
    private static Submission withHome(Submission s, ServerRequest req) {
        // An agent that could not fill it ($HOME unset, a variable it does not expand) sends something else: ignored.
        Optional<String> header = req.headers()
                .first(HOME)
                .map(String::strip)
                .filter(h -> h.startsWith("/") && h.chars().noneMatch(Character::isISOControl));
        if (s.home().isPresent() || header.isEmpty()) {
            return s;
        }
        return new Submission(s.session(), s.cwd(), s.tool(), s.input(), s.project(), header);
    }

    /** The simulation mode the owner asked for, if any; anyone else sending the header is refused. */
    private Optional<String> simulated(ServerRequest req, Principal who) {
        Optional<String> mode = req.headers().first(SIMULATED).map(String::strip);
        if (mode.isEmpty()) {
            return mode;
        }
        if (!who.equals(Principal.OWNER)) {
            gate.refusals().record(who.name(), "simulated_not_owner");
            throw new Refused(
                    403,
                    "simulated_not_owner",
                    "the Lighthouse-Simulated header is honoured only with the"
                            + " owner's token (lighthouse load sends it); `" + who.name()
                            + "` may not mark calls as simulated");
        }
        if (!mode.get().equals("decide") && !mode.get().equals("review")) {
            throw new Refused(
                    400,
                    "bad_simulated",
                    "Lighthouse-Simulated: expected decide or review, got \"%s\"".formatted(mode.get()));
        }
        return mode;
    }

    private tools.jackson.databind.JsonNode read(ServerRequest req, Principal who) {
        try {
            return bodies.read(req);
        } catch (Refused e) {
            gate.refusals().record(who.name(), e.code);
            throw e;
        }
    }

    private Answer answer(ServerRequest req) {
        try {
            Principal who = gate.admit(req, Permission.SUBMIT);
            try (CallerSlots.Slot slot = Requests.slot(requests, who)) {
                Optional<String> simulated = simulated(req, who);
                var submission = withHome(dialect.read(read(req, who)), req);
                // Simulated calls run under their own agent name: the owner reviewing them is no self-vote.
                Principal caller = simulated.isPresent() ? new Principal("load", who.role()) : who;
                DecisionPipeline.Decided decided =
                        pipeline.decide(caller, dialect.name(), submission, simulated.isPresent());
                if (decided.answer() instanceof Answer.Review r
                        && simulated.filter("decide"::equals).isPresent()) {
                    return dialect.pending("%s (Simulated call: no review is opened for it.)".formatted(r.reason()));
                }
                if (decided.answer() instanceof Answer.Review) {
                    return reviews.settle(decided, submission.input(), maxHold(req), dialect::pending);
                }
                return decided.answer();
            }
        } catch (Refused e) {
            metrics.rejected(dialect.name(), e.code);
            return new Answer.Deny("Lighthouse refused this call: " + e.getMessage());
        } catch (BadCall e) {
            metrics.rejected(dialect.name(), "bad_input");
            return new Answer.Deny("Lighthouse cannot judge this call, so it is denied: " + e.getMessage());
        } catch (Overloaded e) {
            metrics.rejected(dialect.name(), "overloaded");
            return new Answer.Deny("Lighthouse is overloaded, so the call is denied: " + e.getMessage());
        } catch (EventRejectedException e) {
            metrics.rejected(dialect.name(), "too_large_to_record");
            return new Answer.Deny("Lighthouse cannot record this call, so it is denied: " + e.getMessage());
        } catch (EventStoreException e) {
            LOG.error("decision not recorded, answering deny", e);
            metrics.rejected(dialect.name(), "store_unavailable");
            return new Answer.Deny("Lighthouse could not record the decision (audit store unavailable),"
                    + " so the call is denied; retry in a moment");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure deciding a {} call, answering deny", dialect.name(), e);
            metrics.rejected(dialect.name(), "internal_error");
            return new Answer.Deny("Lighthouse failed internally ("
                    + e.getClass().getSimpleName() + "), so the call is denied; see the bridge log");
        }
    }
}
