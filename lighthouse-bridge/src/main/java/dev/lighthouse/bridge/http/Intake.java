package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.DecisionPipeline;
import dev.lighthouse.bridge.decision.Overloaded;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.limits.CallerSlots;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.policy.Answer;
import dev.lighthouse.review.ReviewBoard;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The one way in for a call to be decided, whichever channel it arrives on: admission (credentials, permission, rate,
 * the caller's request slots), the body, the decision and its event, and — for a review — settling it. Every failure
 * leaves as one {@link Rejection.Rejected}, counted once under the same cause on every channel; the channel only
 * chooses how it is answered.
 */
final class Intake {
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    /**
     * Marks a call as one of {@code lighthouse load}'s simulated agents: {@code decide} (recorded apart, no review
     * opened) or {@code review} (recorded apart, reviews opened for simulated reviewers). Honoured only from the
     * owner's token: an agent that could send it would hide its calls from reviewers' context.
     */
    static final HeaderName SIMULATED = HeaderNames.create("Lighthouse-Simulated");

    /** How a channel reads its body and answers a review still open after the hold. */
    record Channel(String name, Function<JsonNode, Submission> read, Function<String, Answer> whilePending) {}

    /** A decided call: the recorded decision, the answer after any review, and the review that settled it. */
    record Taken(DecisionPipeline.Decided decided, Answer answer, Optional<String> reviewId) {}

    private final Gate gate;
    private final JsonBodies bodies;
    private final DecisionPipeline pipeline;
    private final ReviewBoard reviews;
    private final BridgeMetrics metrics;
    private final CallerSlots requests;

    Intake(
            Gate gate,
            JsonBodies bodies,
            DecisionPipeline pipeline,
            ReviewBoard reviews,
            BridgeMetrics metrics,
            CallerSlots requests) {
        this.gate = gate;
        this.bodies = bodies;
        this.pipeline = pipeline;
        this.reviews = reviews;
        this.metrics = metrics;
        this.requests = requests;
    }

    /**
     * Decides one call.
     *
     * @param maxHold how long a review may hold the answer, read from the request once it is admitted
     * @param adjust completes the submission from the request's headers (a hook's home)
     * @throws Rejection.Rejected the call was not decided, or its decision not recorded
     */
    Taken take(
            ServerRequest req,
            Channel channel,
            Function<ServerRequest, Duration> maxHold,
            Function<Submission, Submission> adjust) {
        try {
            Principal who = gate.admit(req, Permission.SUBMIT);
            try (CallerSlots.Slot slot = Requests.slot(requests, who)) {
                Optional<String> simulated = simulated(req, who);
                Duration hold = maxHold.apply(req);
                Submission submission = adjust.apply(channel.read().apply(read(req, who)));
                // Simulated calls run under their own agent name: the owner reviewing them is no self-vote.
                Principal caller = simulated.isPresent() ? new Principal("load", who.role()) : who;
                DecisionPipeline.Decided decided = pipeline.decide(
                        caller,
                        channel.name(),
                        submission,
                        simulated.isPresent() ? DecisionPipeline.Origin.SIMULATED : DecisionPipeline.Origin.AGENT);
                if (!(decided.answer() instanceof Answer.Review r)) {
                    return new Taken(decided, decided.answer(), Optional.empty());
                }
                if (simulated.filter("decide"::equals).isPresent()) {
                    return new Taken(
                            decided,
                            channel.whilePending()
                                    .apply("%s (Simulated call: no review is opened for it.)".formatted(r.reason())),
                            Optional.empty());
                }
                ReviewBoard.Settled settled = reviews.settle(decided, hold, channel.whilePending());
                return new Taken(decided, settled.answer(), settled.reviewId());
            }
        } catch (Rejection.Rejected e) {
            throw counted(channel, e);
        } catch (Refused e) {
            throw counted(channel, new Rejection.Rejected(e));
        } catch (BadCall e) {
            throw counted(channel, new Rejection.Rejected(Rejection.BAD_INPUT, e.getMessage()));
        } catch (Overloaded e) {
            throw counted(channel, new Rejection.Rejected(Rejection.OVERLOADED, e.getMessage()));
        } catch (EventRejectedException e) {
            throw counted(channel, new Rejection.Rejected(Rejection.TOO_LARGE_TO_RECORD, e.getMessage()));
        } catch (EventStoreException e) {
            LOG.error("decision not recorded, answering deny", e);
            throw counted(channel, new Rejection.Rejected(Rejection.STORE_UNAVAILABLE, "retry in a moment"));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure deciding a {} call, answering deny", channel.name(), e);
            throw counted(
                    channel,
                    new Rejection.Rejected(
                            Rejection.INTERNAL_ERROR,
                            "%s; see the bridge log".formatted(e.getClass().getSimpleName())));
        }
    }

    /** After the answer is sent: the body of a call refused before it was read is read and dropped. */
    void finish(ServerRequest req) {
        bodies.discard(req);
    }

    private Rejection.Rejected counted(Channel channel, Rejection.Rejected e) {
        metrics.rejected(channel.name(), e.cause());
        return e;
    }

    private JsonNode read(ServerRequest req, Principal who) {
        try {
            return bodies.read(req);
        } catch (Refused e) {
            gate.refusals().record(who.name(), e.code);
            throw e;
        }
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
}
