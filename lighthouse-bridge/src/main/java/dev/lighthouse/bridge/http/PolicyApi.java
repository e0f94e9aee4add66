package dev.lighthouse.bridge.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.rollout.PolicyEvent;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.PolicyStatus;
import dev.lighthouse.bridge.rollout.Refusal;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.policy.yaml.Problem;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy versions over HTTP: {@code GET /v1/policy}, {@code GET /v1/policy/active}, {@code GET /v1/policy/shadow} and
 * {@code GET /v1/policy/versions/{hash}} (read); {@code POST /v1/policy}
 * (apply), {@code /v1/policy/rollback}, {@code /v1/policy/promote}, {@code /v1/policy/abort} (operate). Without a
 * {@link Rollout} (a bridge started with a fixed judge) every route answers 409 {@code policy_fixed}.
 *
 * <p>The rollout answers records ({@link PolicyStatus}, {@link Refusal}, …); this class alone turns them into HTTP
 * statuses and JSON.
 */
final class PolicyApi {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyApi.class);
    /** The bodies: absent optionals left out, verdicts as their labels. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .addMixIn(Verdict.class, VerdictAsLabel.class)
            .build();

    private abstract static class VerdictAsLabel {
        @JsonValue
        abstract String label();
    }

    /** {@code GET /v1/policy/versions/{hash}}: a version's text as its activation recorded it. */
    private record RecordedVersion(String version, String name, List<PolicySource.LayerText> layers) {}

    /** The error shape of {@link Responses#error}, with the policy's problems when it is invalid. */
    private record ErrorBody(Error error) {
        record Error(int status, String code, String message, Optional<List<String>> problems) {}
    }

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
                .get("/v1/policy/shadow", (req, res) -> read(req, res, PolicyApi::shadowReport))
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
        Rollout.Outcome make(Rollout rollout, Principal who, JsonNode body);
    }

    private static Object shadowReport(Rollout r) {
        return r.shadowReport()
                .orElseThrow(() -> new Refused(
                        404,
                        "no_shadow",
                        "no shadow version is running; start one with `lighthouse policy apply FILE --shadow`"));
    }

    private Rollout.Outcome apply(Rollout r, Principal who, JsonNode body) {
        List<PolicySource.LayerText> layers;
        Rollout.Mode mode;
        try {
            layers = PolicySource.layersFromJson(body.get("layers"));
            mode = Rollout.Mode.of(text(body, "mode").orElse("active"));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "bad_request", e.getMessage());
        }
        JsonNode percent = body.path("canaryPercent");
        Rollout.Target target = switch (mode) {
            case ACTIVE -> Rollout.Target.active();
            case CANARY -> {
                if (!percent.isInt()) {
                    throw new Refused(
                            400, "bad_request", "mode canary needs canaryPercent, a whole number from 1 to 99");
                }
                yield Rollout.Target.canary(percent.asInt());
            }
            case SHADOW -> Rollout.Target.shadow();
        };
        return r.apply(layers, target, who.name(), reason(body, "apply"));
    }

    private void read(ServerRequest req, ServerResponse res, Function<Rollout, Object> view) {
        gate.admit(req, Permission.READ);
        Responses.json(res, 200, JSON.valueToTree(view.apply(enabled())));
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
            PolicyEvent.Activated found = null;
            Optional<Cursor> after = Optional.of(new Cursor(0));
            while (after.isPresent()) {
                Page page = store.query(EventQuery.all()
                        .type(EventType.POLICY_ACTIVATED)
                        .after(after.get())
                        .limit(EventQuery.MAX_LIMIT));
                for (Event e : page.events()) {
                    PolicyEvent.Activated activation = e.payloadAs(PolicyEvent.Activated.class);
                    if (activation.version().startsWith(asked)) {
                        found = activation;
                    }
                }
                after = page.next();
            }
            if (found == null) {
                throw new Refused(
                        404, "unknown_version", "no policy version " + asked + "; see `lighthouse policy history`");
            }
            Responses.json(
                    res, 200, JSON.valueToTree(new RecordedVersion(found.version(), found.name(), found.layers())));
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
            switch (change.make(r, who, body)) {
                case PolicyStatus status -> Responses.json(res, 200, JSON.valueToTree(status));
                case Refusal refusal -> refused(res, refusal);
            }
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

    /** A refused change as the bridge's error shape: 400 for a bad request, 404 for an unknown version, 409 else. */
    private static void refused(ServerResponse res, Refusal refusal) {
        ErrorBody.Error error = switch (refusal) {
            case Refusal.InvalidPolicy r ->
                new ErrorBody.Error(
                        400,
                        "invalid_policy",
                        r.message(),
                        Optional.of(r.problems().stream().map(Problem::toString).toList())
                                .filter(p -> !p.isEmpty()));
            case Refusal.CanaryShareOutOfRange r -> error(400, "bad_request", r);
            case Refusal.AmbiguousVersion r -> error(400, "ambiguous_version", r);
            case Refusal.UnknownVersion r -> error(404, "unknown_version", r);
            case Refusal.AlreadyActive r -> error(409, "already_active", r);
            case Refusal.NoCandidate r -> error(409, "no_candidate", r);
            case Refusal.NoKnownGood r -> error(409, "no_known_good", r);
        };
        Responses.json(res, error.status(), JSON.valueToTree(new ErrorBody(error)));
    }

    private static ErrorBody.Error error(int status, String code, Refusal refusal) {
        return new ErrorBody.Error(status, code, refusal.message(), Optional.empty());
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
