package dev.lighthouse.bridge.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.install.HookInstaller;
import dev.lighthouse.coordination.lease.Lease;
import dev.lighthouse.coordination.lease.LeaseMode;
import dev.lighthouse.coordination.lease.LeaseOutcome;
import dev.lighthouse.coordination.lease.LeaseRefusal;
import dev.lighthouse.coordination.lease.LeaseRequest;
import dev.lighthouse.coordination.lease.Leases;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStoreException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * File leases over plain HTTP, for the CLI, scripts and tests (MCP tools call {@link Leases} the same way):
 *
 * <ul>
 *   <li>{@code GET /v1/leases[?agent=&session=&project=]} (read): the leases holding now;
 *   <li>{@code POST /v1/leases} (submit, with a token): take a lease, {@code {project, paths, mode, ttl_seconds,
 *       reason, session}}; the project defaults to the {@code Lighthouse-Project} header the hooks send;
 *   <li>{@code POST /v1/leases/{id}/renew} {@code {ttl_seconds}} and {@code POST /v1/leases/{id}/release} (its
 *       holder);
 *   <li>{@code POST /v1/leases/{id}/revoke} {@code {reason}} (operate: owner, admin).
 * </ul>
 *
 * <p>The holder is the caller's token name, the identity its hooks' decisions carry, so a lease taken here is checked
 * against that agent's own tool calls. Refusals are 4xx with {@code code}, {@code message}, the {@code field} at fault
 * for bad input and the {@code held} leases for a conflict.
 */
final class LeasesApi {
    private static final Logger LOG = LoggerFactory.getLogger(LeasesApi.class);
    private static final io.helidon.http.HeaderName PROJECT = HeaderNames.create(HookInstaller.PROJECT_HEADER);

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** {@code POST /v1/leases}. */
    record AcquireBody(
            Optional<String> project,
            List<String> paths,
            Optional<LeaseMode> mode,
            @JsonProperty("ttl_seconds") Optional<Long> ttlSeconds,
            Optional<String> reason,
            Optional<String> session) {}

    /** {@code POST /v1/leases/{id}/renew}. */
    record RenewBody(@JsonProperty("ttl_seconds") Optional<Long> ttlSeconds) {}

    /** {@code POST /v1/leases/{id}/revoke}. */
    record RevokeBody(Optional<String> reason) {}

    /** {@code GET /v1/leases}. */
    record LeaseList(List<Lease> leases) {}

    /** The bridge's error shape, with the field at fault or the leases in the way. */
    record ErrorBody(Error error) {
        record Error(int status, String code, String message, Optional<String> field, Optional<List<Lease>> held) {}
    }

    private final Gate gate;
    private final JsonBodies bodies;
    private final Leases leases;

    LeasesApi(Gate gate, JsonBodies bodies, Leases leases) {
        this.gate = gate;
        this.bodies = bodies;
        this.leases = leases;
    }

    void routes(HttpRouting.Builder routing) {
        routing.get("/v1/leases", this::list)
                .post("/v1/leases", (req, res) -> fieldChecked(req, res, this::acquire))
                .post("/v1/leases/{id}/renew", (req, res) -> fieldChecked(req, res, this::renew))
                .post("/v1/leases/{id}/release", (req, res) -> fieldChecked(req, res, this::release))
                .post("/v1/leases/{id}/revoke", (req, res) -> fieldChecked(req, res, this::revoke));
    }

    @FunctionalInterface
    private interface Endpoint {
        void handle(ServerRequest req, ServerResponse res);
    }

    /** Runs a handler, answering bad input in one field as a 400 that names the field. */
    private void fieldChecked(ServerRequest req, ServerResponse res, Endpoint handler) {
        try {
            handler.handle(req, res);
        } catch (FieldRefused e) {
            error(res, 400, "bad_request", e.field + " " + e.getMessage(), Optional.of(e.field), Optional.empty());
            bodies.discard(req);
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        gate.admit(req, Permission.READ);
        var query = req.query();
        Predicate<Lease> wanted =
                l -> query.first("agent").map(l.agent()::equals).orElse(true)
                        && query.first("session").map(l.session()::equals).orElse(true)
                        && query.first("project").map(l.project()::equals).orElse(true);
        Responses.json(
                res,
                200,
                JSON.valueToTree(
                        new LeaseList(leases.list().stream().filter(wanted).toList())));
    }

    private void acquire(ServerRequest req, ServerResponse res) {
        Principal who = holder(req);
        AcquireBody body = body(req, AcquireBody.class);
        String project = body.project()
                .or(() -> req.headers().first(PROJECT))
                .orElseThrow(() -> field(
                        "project", "name the project root the paths are in (or send the Lighthouse-Project header)"));
        if (body.paths() == null || body.paths().stream().anyMatch(java.util.Objects::isNull)) {
            throw field("paths", "name the files, directories or globs to lease, e.g. [\"src/parser.c\"]");
        }
        Duration ttl = body.ttlSeconds()
                .map(LeasesApi::seconds)
                .orElse(leases.settings().defaultTtl());
        LeaseRequest request = new LeaseRequest(
                who.name(),
                body.session().orElse(""),
                project,
                body.paths(),
                body.mode().orElse(LeaseMode.EXCLUSIVE),
                ttl,
                body.reason().orElse(""));
        answer(res, 201, () -> leases.acquire(request));
    }

    private void renew(ServerRequest req, ServerResponse res) {
        Principal who = holder(req);
        RenewBody body = body(req, RenewBody.class);
        Duration ttl = body.ttlSeconds()
                .map(LeasesApi::seconds)
                .orElse(leases.settings().defaultTtl());
        answer(res, 200, () -> leases.renew(id(req), who.name(), ttl));
    }

    private void release(ServerRequest req, ServerResponse res) {
        Principal who = holder(req);
        bodies.discard(req);
        answer(res, 200, () -> leases.release(id(req), who.name()));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.OPERATE);
        RevokeBody body = body(req, RevokeBody.class);
        String reason = body.reason().filter(r -> !r.isBlank()).orElse("(no reason given)");
        answer(res, 200, () -> leases.revoke(id(req), who.name(), reason));
    }

    /** The caller, who must hold a token: leases without one would all belong to the same anonymous "local". */
    private Principal holder(ServerRequest req) {
        Principal who = gate.admit(req, Permission.SUBMIT);
        if (who.role() == Role.LOCAL) {
            throw new Refused(
                    401,
                    "unauthenticated",
                    "leases belong to an agent: pass the agent's token (the one its hooks use) as `Authorization:"
                            + " Bearer <token>`");
        }
        return who;
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static Duration seconds(long value) {
        return Duration.ofSeconds(value);
    }

    private <T> T body(ServerRequest req, Class<T> type) {
        JsonNode tree = bodies.read(req);
        if (!tree.isObject()) {
            throw new Refused(400, "bad_request", "expected a JSON object");
        }
        try {
            return JSON.treeToValue(tree, type);
        } catch (DatabindException e) {
            String where =
                    e.getPath().isEmpty() ? "body" : e.getPath().getFirst().getPropertyName();
            throw field(where == null ? "body" : where, describe(e));
        } catch (JacksonException e) {
            throw new Refused(400, "bad_request", "the body does not read as a lease request");
        }
    }

    /** What is wrong with a field, in the caller's terms (never Jackson's class names). */
    private static String describe(DatabindException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Unrecognized property") || message.startsWith("Unrecognized field")) {
            return "is not a field of this request";
        }
        if (message.contains("LeaseMode")) {
            return "must be \"exclusive\" or \"shared\"";
        }
        if (message.contains("Long") || message.contains("long")) {
            return "must be a whole number of seconds";
        }
        return "has the wrong type";
    }

    private static FieldRefused field(String field, String reason) {
        return new FieldRefused(field, reason);
    }

    /** Bad input in one field: answered as a 400 naming it. */
    private static final class FieldRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        FieldRefused(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    private void answer(ServerResponse res, int status, java.util.function.Supplier<LeaseOutcome> change) {
        try {
            switch (change.get()) {
                case Lease lease -> Responses.json(res, status, JSON.valueToTree(lease));
                case LeaseRefusal refusal -> refused(res, refusal);
            }
        } catch (EventRejectedException e) {
            Responses.error(res, 400, "bad_request", e.getMessage());
        } catch (EventStoreException e) {
            LOG.error("lease change not recorded", e);
            Responses.error(res, 503, "store_unavailable", "the lease change could not be recorded; retry in a moment");
        }
    }

    private static void refused(ServerResponse res, LeaseRefusal refusal) {
        switch (refusal) {
            case LeaseRefusal.Conflict c ->
                error(res, 409, "lease_conflict", c.message(), Optional.of("paths"), Optional.of(c.held()));
            case LeaseRefusal.OutsideProject o ->
                error(res, 400, "outside_project", o.message(), Optional.of("paths"), Optional.empty());
            case LeaseRefusal.TtlOverMaximum t ->
                error(res, 400, "ttl_over_maximum", t.message(), Optional.of("ttl_seconds"), Optional.empty());
            case LeaseRefusal.Invalid i ->
                error(res, 400, "bad_request", i.message(), Optional.of(i.field()), Optional.empty());
            case LeaseRefusal.UnknownLease u ->
                error(res, 404, "unknown_lease", u.message(), Optional.empty(), Optional.empty());
            case LeaseRefusal.NotHolder n ->
                error(res, 403, "not_holder", n.message(), Optional.empty(), Optional.empty());
        }
    }

    private static void error(
            ServerResponse res,
            int status,
            String code,
            String message,
            Optional<String> field,
            Optional<List<Lease>> held) {
        Responses.json(
                res, status, JSON.valueToTree(new ErrorBody(new ErrorBody.Error(status, code, message, field, held))));
    }
}
