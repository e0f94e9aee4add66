package dev.lighthouse.bridge.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.coordination.elicit.Elicitation;
import dev.lighthouse.coordination.elicit.ElicitationRefusal;
import dev.lighthouse.coordination.elicit.ElicitationStatus;
import dev.lighthouse.coordination.elicit.Elicitations;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Elicitations over plain HTTP, for agents without an MCP session: {@code POST /v1/elicitations} (ask),
 * {@code GET /v1/elicitations[?status=S][&agent=NAME]}, {@code GET /v1/elicitations/{id}},
 * {@code POST /v1/elicitations/{id}/answer|decline|cancel}. Every one needs a token with the read permission (agents,
 * experts, people; not the tokenless loopback caller, who could be anyone). Agents see the elicitations they asked or
 * were asked; people see all.
 *
 * <p>{@link Elicitations} answers records and {@link ElicitationRefusal}s; this class alone maps them to HTTP.
 */
final class ElicitationsApi {
    private final Gate gate;
    private final CoordinationBodies bodies;
    private final Elicitations elicitations;

    ElicitationsApi(Gate gate, CoordinationBodies bodies, Elicitations elicitations) {
        this.gate = gate;
        this.bodies = bodies;
        this.elicitations = elicitations;
    }

    /** {@code POST /v1/elicitations}. */
    record AskBody(
            String to,
            String question,
            JsonNode schema,
            @JsonProperty("timeout_seconds") Optional<Long> timeoutSeconds) {}

    /** {@code POST /v1/elicitations/{id}/answer}: {@code nonce} is fresh for each response. */
    record AnswerBody(JsonNode content, String nonce) {}

    /** {@code POST /v1/elicitations/{id}/decline}. */
    record DeclineBody(Optional<String> reason, String nonce) {}

    record ElicitationList(List<Elicitation> elicitations) {}

    void routes(HttpRouting.Builder routing) {
        routing.post("/v1/elicitations", this::ask)
                .get("/v1/elicitations", this::list)
                .get("/v1/elicitations/{id}", this::show)
                .post("/v1/elicitations/{id}/answer", this::answer)
                .post("/v1/elicitations/{id}/decline", this::decline)
                .post("/v1/elicitations/{id}/cancel", this::cancel);
    }

    private void ask(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        AskBody body = bodies.read(req, AskBody.class);
        Optional<Duration> timeout = body.timeoutSeconds().map(Duration::ofSeconds);
        answer(
                res,
                201,
                elicitations.ask(who.name(), new Elicitations.Ask(body.to(), body.question(), body.schema(), timeout)));
    }

    private void answer(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        AnswerBody body = bodies.read(req, AnswerBody.class);
        answer(res, 200, elicitations.answer(who.name(), id(req), body.content(), body.nonce()));
    }

    private void decline(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        DeclineBody body = bodies.read(req, DeclineBody.class);
        answer(res, 200, elicitations.decline(who.name(), id(req), body.reason(), body.nonce()));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        answer(res, 200, elicitations.cancel(who.name(), id(req)));
    }

    private void show(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        String id = id(req);
        Elicitation e = elicitations
                .get(id)
                .filter(found -> ReadScope.seesAll(who) || involves(found, who.name()))
                .orElseThrow(() -> refusal(new ElicitationRefusal.UnknownElicitation(id)));
        Responses.json(res, 200, e);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        Optional<String> agent = req.query().first("agent").asOptional();
        if (!ReadScope.seesAll(who)) {
            if (agent.isPresent() && !agent.get().equals(who.name())) {
                throw new Refused(
                        403,
                        "forbidden",
                        "agent `%s` has role %s, which sees only its own elicitations, not those of `%s`"
                                .formatted(who.name(), who.role().label(), agent.get()));
            }
            agent = Optional.of(who.name());
        }
        Optional<ElicitationStatus> status =
                req.query().first("status").asOptional().map(ElicitationsApi::status);
        Responses.json(res, 200, new ElicitationList(elicitations.list(agent, status)));
    }

    private static ElicitationStatus status(String text) {
        return Arrays.stream(ElicitationStatus.values())
                .filter(s -> s.label().equals(text))
                .findFirst()
                .orElseThrow(() -> new CoordinationBodies.BadField(
                        400,
                        "bad_request",
                        "status",
                        "expected pending, accepted, declined, cancelled or expired",
                        "status must be pending, accepted, declined, cancelled or expired, got \"%s\""
                                .formatted(text)));
    }

    private static boolean involves(Elicitation e, String agent) {
        return e.from().equals(agent) || e.to().equals(agent);
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static void answer(ServerResponse res, int status, Elicitations.Outcome outcome) {
        switch (outcome) {
            case Elicitation e -> Responses.json(res, status, e);
            case ElicitationRefusal r -> CoordinationBodies.refused(res, refusal(r));
        }
    }

    /** The HTTP form of a refusal: its status, code, and the field it is about. */
    private static CoordinationBodies.BadField refusal(ElicitationRefusal r) {
        return switch (r) {
            case ElicitationRefusal.InvalidArgument a ->
                new CoordinationBodies.BadField(400, "invalid_argument", a.field(), a.reason(), r.message());
            case ElicitationRefusal.UnknownAgent _ ->
                new CoordinationBodies.BadField(
                        400, "unknown_agent", "to", "no active agent by this name", r.message());
            case ElicitationRefusal.UnknownElicitation _ ->
                new CoordinationBodies.BadField(404, "unknown_elicitation", "", "", r.message());
            case ElicitationRefusal.NotTheAskedAgent _ ->
                new CoordinationBodies.BadField(403, "not_the_asked_agent", "", "", r.message());
            case ElicitationRefusal.NotTheAsker _ ->
                new CoordinationBodies.BadField(403, "not_the_asker", "", "", r.message());
            case ElicitationRefusal.NotPending _ ->
                new CoordinationBodies.BadField(409, "not_pending", "", "", r.message());
            case ElicitationRefusal.SchemaViolation v ->
                new CoordinationBodies.BadField(
                        422,
                        "schema_violation",
                        "content" + v.violations().getFirst().field(),
                        v.violations().getFirst().reason(),
                        r.message(),
                        v.violations(),
                        Optional.empty());
            case ElicitationRefusal.NonceReused _ ->
                new CoordinationBodies.BadField(
                        409, "nonce_reused", "nonce", "used by an earlier response", r.message());
            case ElicitationRefusal.RateLimited l ->
                new CoordinationBodies.BadField(
                        429, "rate_limited", "", "", r.message(), List.of(), Optional.of(l.retryAfter()));
            case ElicitationRefusal.TooLarge t ->
                new CoordinationBodies.BadField(413, "too_large", "", t.detail(), r.message());
        };
    }
}
