package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutRefused;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import dev.lighthouse.policy.rules.Problem;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Policy versions over HTTP: {@code GET /v1/policy}, {@code GET /v1/policy/active}, {@code GET /v1/policy/shadow} and
 * {@code GET /v1/policy/versions/{hash}} (read); {@code POST /v1/policy}
 * (apply), {@code /v1/policy/rollback}, {@code /v1/policy/promote}, {@code /v1/policy/abort} (operate). Without a
 * {@link Rollout} (a bridge started with a fixed judge) every route answers 409 {@code policy_fixed}.
 */
final class PolicyApi {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyApi.class);

    private final Gate gate;
    private final JsonBodies bodies;
    private final Optional<Rollout> rollout;
    private final EventStore store;

    PolicyApi(Gate gate, JsonBodies bodies, Optional<Rollout> rollout, EventStore store) {
        this.gate = gate;
        this.bodies = bodies;
        this.rollout = rollout;
        this.store = store;
    }

    void routes(HttpRouting.Builder routing) {
        routing.get("/v1/policy", (req, res) -> read(req, res, Rollout::status))
                .get("/v1/policy/active", (req, res) -> read(req, res, Rollout::activeSource))
                .get("/v1/policy/shadow", (req, res) -> read(req, res, Rollout::shadowReport))
                .get("/v1/policy/versions/{hash}", this::version)
                .post("/v1/policy", (req, res) -> change(req, res, this::apply))
                .post(
                        "/v1/policy/rollback",
                        (req, res) -> change(
                                req,
                                res,
                                (r, who, body) -> r.rollback(
                                        text(body, "version").filter(v -> !v.isBlank()),
                                        who.name(),
                                        reason(body, "rollback"))))
                .post(
                        "/v1/policy/promote",
                        (req, res) ->
                                change(req, res, (r, who, body) -> r.promote(who.name(), reason(body, "promote"))))
                .post(
                        "/v1/policy/abort",
                        (req, res) -> change(req, res, (r, who, body) -> r.abort(who.name(), reason(body, "abort"))));
    }

    @FunctionalInterface
    private interface Change {
        JsonNode make(Rollout rollout, Principal who, JsonNode body);
    }

    private JsonNode apply(Rollout r, Principal who, JsonNode body) {
        List<PolicySource.LayerText> layers;
        Rollout.Mode mode;
        try {
            layers = PolicySource.layersFromJson(body.get("layers"));
            mode = Rollout.Mode.of(text(body, "mode").orElse("active"));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "bad_request", e.getMessage());
        }
        JsonNode percent = body.path("canaryPercent");
        if (mode == Rollout.Mode.CANARY && !percent.isInt()) {
            throw new Refused(400, "bad_request", "mode canary needs canaryPercent, a whole number from 1 to 99");
        }
        return r.apply(layers, mode, percent.asInt(0), who.name(), reason(body, "apply"));
    }

    private void read(ServerRequest req, ServerResponse res, Function<Rollout, JsonNode> view) {
        try {
            gate.admit(req, Permission.READ);
            Responses.json(res, 200, view.apply(enabled()));
        } catch (Refused e) {
            Responses.refused(res, e);
        } catch (RolloutRefused e) {
            refused(res, e);
        }
    }

    /**
     * {@code GET /v1/policy/versions/{hash}}: the layers (file name and YAML text) a version was built from, as its
     * {@code policy.activated} event recorded them; a full hash or a unique prefix of at least 8 hex digits.
     */
    private void version(ServerRequest req, ServerResponse res) {
        try {
            gate.admit(req, Permission.READ);
            enabled();
            String asked = req.path().pathParameters().get("hash");
            if (!asked.matches("[0-9a-f]{8,64}")) {
                throw new Refused(
                        400, "bad_request", "a version is 8 to 64 lower-case hex digits, got \"" + asked + "\"");
            }
            JsonNode found = null;
            Optional<Cursor> after = Optional.of(new Cursor(0));
            while (after.isPresent()) {
                Page page = store.query(EventQuery.all()
                        .type(EventType.POLICY_ACTIVATED)
                        .after(after.get())
                        .limit(EventQuery.MAX_LIMIT));
                for (Event e : page.events()) {
                    JsonNode p = e.payloadJson();
                    if (p.path("version").asString().startsWith(asked)) {
                        found = p;
                    }
                }
                after = page.next();
            }
            if (found == null) {
                throw new Refused(
                        404, "unknown_version", "no policy version " + asked + "; see `lighthouse policy history`");
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("version", found.path("version").asString());
            body.put("name", found.path("name").asString());
            body.set("layers", found.path("layers"));
            Responses.json(res, 200, body);
        } catch (Refused e) {
            Responses.error(res, e.status, e.code, e.getMessage());
        } catch (EventStoreException e) {
            LOG.error("policy version query failed", e);
            Responses.error(res, 503, "store_unavailable", "the event store could not be queried; retry in a moment");
        }
    }

    private void change(ServerRequest req, ServerResponse res, Change change) {
        try {
            Principal who = gate.admit(req, Permission.OPERATE);
            Rollout r = enabled();
            JsonNode body = bodies.read(req);
            if (!body.isObject()) {
                throw new Refused(400, "bad_request", "expected a JSON object");
            }
            Responses.json(res, 200, change.make(r, who, body));
        } catch (Refused e) {
            Responses.refused(res, e);
        } catch (RolloutRefused e) {
            refused(res, e);
        } catch (EventRejectedException e) {
            Responses.error(res, 400, "bad_request", e.getMessage());
        } catch (EventStoreException e) {
            LOG.error("policy change not recorded", e);
            Responses.error(
                    res, 503, "store_unavailable", "the policy change could not be recorded; retry in a moment");
        }
    }

    private Rollout enabled() {
        return rollout.orElseThrow(() -> new Refused(
                409, "policy_fixed", "this bridge was started with a fixed policy; versions cannot change"));
    }

    private static void refused(ServerResponse res, RolloutRefused e) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("status", e.status);
        error.put("code", e.code);
        error.put("message", e.getMessage());
        if (!e.problems.isEmpty()) {
            var problems = error.putArray("problems");
            e.problems.stream().map(Problem::toString).forEach(problems::add);
        }
        Responses.json(res, e.status, root);
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new Refused(400, "bad_request", field + " must be a string");
        }
        return Optional.of(value.asString());
    }

    private static String reason(JsonNode body, String action) {
        return text(body, "reason").filter(r -> !r.isBlank()).orElse("(no reason given for " + action + ")");
    }
}
