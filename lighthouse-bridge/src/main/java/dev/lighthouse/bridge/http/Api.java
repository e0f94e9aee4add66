package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.Authenticator;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.cluster.Replicas;
import dev.lighthouse.bridge.decision.DecisionPipeline;
import dev.lighthouse.bridge.hooks.ClaudeCodeDialect;
import dev.lighthouse.bridge.hooks.ClineDialect;
import dev.lighthouse.bridge.hooks.CodexDialect;
import dev.lighthouse.bridge.hooks.CopilotDialect;
import dev.lighthouse.bridge.hooks.Dialect;
import dev.lighthouse.bridge.hooks.GeminiDialect;
import dev.lighthouse.bridge.hooks.OpenCodeDialect;
import dev.lighthouse.bridge.hooks.QwenDialect;
import dev.lighthouse.bridge.limits.CallerLimits;
import dev.lighthouse.bridge.limits.CallerSlots;
import dev.lighthouse.bridge.limits.Limits;
import dev.lighthouse.bridge.limits.RateLimits;
import dev.lighthouse.bridge.mcp.LighthouseMcp;
import dev.lighthouse.bridge.mcp.McpGate;
import dev.lighthouse.bridge.mcp.McpServices;
import dev.lighthouse.bridge.mcp.McpTool;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.bridge.metrics.ProcessUse;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.sla.SlaMonitor;
import dev.lighthouse.coordination.elicit.Elicitations;
import dev.lighthouse.coordination.expert.ExpertRegistry;
import dev.lighthouse.coordination.lease.Leases;
import dev.lighthouse.coordination.task.Tasks;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.review.ReviewBoard;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint of the bridge and who may call it. The OpenAPI document ({@code /openapi.yaml}) describes them.
 *
 * <table>
 *   <tr><th>endpoint</th><th>needs</th></tr>
 *   <tr><td>{@code POST /v1/hooks/claude-code|codex|gemini}, {@code POST /v1/decisions}</td><td>submit</td></tr>
 *   <tr><td>{@code GET /v1/decisions}, {@code GET /v1/decisions/stream}, {@code GET /v1/status}, {@code GET /v1/cluster}</td><td>read</td></tr>
 *   <tr><td>{@code GET /v1/policy}, {@code GET /v1/policy/shadow}, {@code GET /v1/policy/versions/{hash}},
 *       {@code GET /v1/policy/stream}, {@code GET /v1/integrity/stream}, {@code GET /v1/sla}</td><td>read</td></tr>
 *   <tr><td>{@code GET /metrics}, {@code POST /v1/policy}, {@code POST /v1/policy/rollback|promote|abort}</td>
 *       <td>operate</td></tr>
 *   <tr><td>{@code GET /v1/leases}</td><td>read</td></tr>
 *   <tr><td>{@code POST /v1/leases}, {@code POST /v1/leases/{id}/renew|release}</td><td>submit, with a token</td></tr>
 *   <tr><td>{@code POST /v1/leases/{id}/revoke}</td><td>operate</td></tr>
 *   <tr><td>{@code GET|POST /v1/reviews…}, {@code GET|DELETE /v1/approvals…}, {@code GET /v1/reviewers}</td>
 *       <td>review</td></tr>
 *   <tr><td>{@code GET|POST /v1/elicitations…}, {@code GET|POST /v1/tasks…}, {@code GET|POST /v1/experts}</td>
 *       <td>read (a token)</td></tr>
 *   <tr><td>{@code POST|GET|DELETE /mcp} (the MCP server; each tool and resource asks for its own permission)</td>
 *       <td>read</td></tr>
 *   <tr><td>{@code GET /health/live|ready}, {@code GET /openapi.yaml}</td><td>nothing</td></tr>
 * </table>
 */
public final class Api {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    private static final String OPENAPI = load("/dev/lighthouse/bridge/openapi.yaml");

    private final ClaudeCodeDialect.Unmatched claudeCodeUnmatched;
    private final DecisionPipeline pipeline;
    private final EventStore store;
    private final Authenticator authenticator;
    private final BridgeMetrics metrics;
    private final Gate gate;
    private final RefusedCalls refusals;
    private final JsonBodies bodies;
    private final DecisionStream stream;
    private final DecisionStream reviewStream;
    private final DecisionStream policyStream;
    private final DecisionStream integrityStream;
    private final DecisionStream leaseStream;
    private final Instant started;
    private final PolicyApi policy;
    private final SlaApi sla;
    private final ReviewBoard reviewBoard;
    private final ReviewsApi reviews;
    private final CallerSlots requests;
    private final Coordination coordination;
    private final ElicitationsApi elicitationsApi;
    private final TasksApi tasksApi;
    private final LeasesApi leases;
    private final LighthouseMcp mcp;
    private volatile boolean draining;
    private final Replicas replicas;

    public Api(
            AuthMode auth,
            Limits limits,
            ClaudeCodeDialect.Unmatched claudeCodeUnmatched,
            DecisionPipeline pipeline,
            EventStore store,
            AgentTokens tokens,
            RateLimits rates,
            BridgeMetrics metrics,
            Instant started,
            Optional<Rollout> rollout,
            SlaMonitor slaMonitor,
            ReviewBoard reviewBoard,
            java.time.Clock clock,
            CallerLimits callerLimits,
            Leases leases,
            List<McpTool<?>> mcpTools,
            Coordination coordination,
            Replicas replicas) {
        this.replicas = replicas;
        this.claudeCodeUnmatched = claudeCodeUnmatched;
        this.pipeline = pipeline;
        this.store = store;
        this.authenticator = new Authenticator(tokens, auth);
        this.metrics = metrics;
        this.refusals = new RefusedCalls(store, clock);
        this.gate = new Gate(authenticator, rates, refusals);
        this.bodies = new JsonBodies(limits, callerLimits.bodyRead());
        this.requests = new CallerSlots(callerLimits.requestsPerCaller());
        CallerSlots streams = new CallerSlots(callerLimits.streamsPerCaller());
        this.stream = DecisionStream.decisions(gate, store, streams, callerLimits.replayEvents());
        this.reviewStream = DecisionStream.reviews(
                gate,
                store,
                streams,
                callerLimits.replayEvents(),
                (who, review) -> reviewBoard.routedTo(review, reviewBoard.capabilities(who.name())));
        this.policyStream = DecisionStream.namespace(gate, store, streams, callerLimits.replayEvents(), "policy");
        this.integrityStream = DecisionStream.namespace(gate, store, streams, callerLimits.replayEvents(), "integrity");
        this.leaseStream = DecisionStream.leases(gate, store, streams, callerLimits.replayEvents());
        this.started = started;
        this.policy = new PolicyApi(gate, bodies, rollout, store);
        this.sla = new SlaApi(gate, slaMonitor);
        this.reviewBoard = reviewBoard;
        this.reviews = new ReviewsApi(gate, bodies, reviewBoard, tokens);
        this.coordination = coordination;
        CoordinationBodies records = new CoordinationBodies(bodies);
        this.elicitationsApi = new ElicitationsApi(gate, records, coordination.elicitations());
        this.tasksApi = new TasksApi(gate, records, coordination.tasks(), coordination.experts());
        this.leases = new LeasesApi(gate, bodies, leases);
        this.mcp = LighthouseMcp.start(
                new McpServices(
                        pipeline,
                        store,
                        reviewBoard,
                        leases,
                        coordination.elicitations(),
                        coordination.tasks(),
                        coordination.experts(),
                        tokens,
                        clock,
                        started,
                        auth.name().toLowerCase(java.util.Locale.ROOT),
                        () -> rollout.<Object>map(Rollout::status)
                                .orElseGet(() -> pipeline.judge().version())),
                mcpTools);
    }

    /** How agents work together through the bridge: questions, tasks, and the one registry of agent experts. */
    public record Coordination(Elicitations elicitations, Tasks tasks, ExpertRegistry experts) {}

    public void routes(HttpRouting.Builder routing) {
        Intake intake = new Intake(gate, bodies, pipeline, reviewBoard, metrics, requests);
        DecisionsApi decisions = new DecisionsApi(gate, intake, store, metrics);
        ClaudeCodeDialect claudeCode = new ClaudeCodeDialect(claudeCodeUnmatched);
        routing.post("/v1/hooks/claude-code/ran", new RanEndpoint(gate, bodies, reviewBoard));
        for (Dialect dialect : List.<Dialect>of(
                claudeCode,
                new CodexDialect(),
                new GeminiDialect(),
                new OpenCodeDialect(),
                new CopilotDialect(),
                new QwenDialect(),
                new ClineDialect())) {
            routing.post(
                    "/v1/hooks/" + dialect.name(),
                    new HookEndpoint(dialect, intake, metrics, coordination.elicitations()));
        }
        policy.routes(routing);
        sla.routes(routing);
        routing.get("/v1/reviews/stream", reviewStream::stream);
        routing.get("/v1/policy/stream", policyStream::stream);
        routing.get("/v1/integrity/stream", integrityStream::stream);
        routing.get("/v1/leases/stream", leaseStream::stream);
        reviews.routes(routing);
        elicitationsApi.routes(routing);
        tasksApi.routes(routing);
        leases.routes(routing);
        mcp.routes(routing, new McpGate() {
            @Override
            public Principal admit(ServerRequest req) {
                return gate.admit(req, Permission.READ);
            }

            @Override
            public JsonNode body(ServerRequest req) {
                return bodies.read(req);
            }

            @Override
            public void discard(ServerRequest req) {
                bodies.discard(req);
            }
        });
        routing.post("/v1/decisions", decisions::decide)
                .get("/v1/decisions", decisions::list)
                .get("/v1/decisions/names", decisions::names)
                .get("/v1/decisions/stream", stream::stream)
                .get("/v1/status", this::status)
                .get("/v1/cluster", this::cluster)
                .get("/health/live", (req, res) -> health(res, true, "up"))
                .get("/health/ready", this::ready)
                .get("/metrics", this::metrics)
                .get("/openapi.yaml", (req, res) -> Responses.text(res, "application/yaml", OPENAPI))
                .any(this::notFound)
                .error(Refused.class, (req, res, e) -> {
                    Responses.refused(res, e);
                    bodies.discard(req);
                })
                .error(CoordinationBodies.BadField.class, (req, res, e) -> {
                    CoordinationBodies.refused(res, e);
                    bodies.discard(req);
                })
                .error(EventStoreException.class, (req, res, e) -> {
                    LOG.error(
                            "{} {}: the event store failed",
                            req.prologue().method().text(),
                            req.path().path(),
                            e);
                    Responses.error(res, 503, "store_unavailable", "the event store is unavailable; retry in a moment");
                })
                .error(RuntimeException.class, this::failed);
    }

    /** Readiness goes down and event streams end: the first step of a graceful shutdown. */
    public void drain() {
        draining = true;
        stream.closeAll();
        reviewStream.closeAll();
        policyStream.closeAll();
        integrityStream.closeAll();
        leaseStream.closeAll();
        mcp.drain();
    }

    /** Records the refused calls not yet recorded; the last step before the store closes. */
    public void close() {
        mcp.close();
        refusals.close();
    }

    private void status(ServerRequest req, ServerResponse res) {
        gate.admit(req, Permission.READ);
        String version = Api.class.getPackage().getImplementationVersion();
        Responses.json(
                res,
                200,
                new Status(
                        "lighthouse-bridge",
                        version == null ? "dev" : version,
                        started,
                        new Status.Policy(
                                pipeline.judge().version().name(),
                                pipeline.judge().version().hash()),
                        authenticator.mode().name().toLowerCase(java.util.Locale.ROOT),
                        metrics.inFlight(),
                        store.head().seq(),
                        draining,
                        ProcessUse.now()));
    }

    /** {@code GET /v1/cluster}: the replicas present, the leader, and how late each applies the others' events. */
    private void cluster(ServerRequest req, ServerResponse res) {
        gate.admit(req, Permission.READ);
        Responses.json(res, 200, replicas.view());
    }

    private void ready(ServerRequest req, ServerResponse res) {
        if (draining) {
            health(res, false, "draining");
            return;
        }
        try {
            store.head();
            health(res, true, "ready");
        } catch (EventStoreException e) {
            health(res, false, "event store unavailable: " + e.getMessage());
        }
    }

    /** {@code GET /v1/status}: what runs, under which policy, how busy. */
    private record Status(
            String service,
            String version,
            Instant started,
            Policy policy,
            String auth,
            long inFlight,
            long lastSeq,
            boolean draining,
            ProcessUse process) {
        record Policy(String name, String hash) {}
    }

    private record Health(String status, String detail) {}

    private static void health(ServerResponse res, boolean up, String detail) {
        Responses.json(res, up ? 200 : 503, new Health(up ? "up" : "down", detail));
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        gate.admit(req, Permission.SCRAPE);
        Responses.text(res, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    }

    private void notFound(ServerRequest req, ServerResponse res) {
        Responses.error(
                res,
                404,
                "not_found",
                "no endpoint %s %s; see /openapi.yaml"
                        .formatted(req.prologue().method().text(), req.path().path()));
    }

    private void failed(ServerRequest req, ServerResponse res, RuntimeException e) {
        LOG.error(
                "unexpected failure on {} {}",
                req.prologue().method().text(),
                req.path().path(),
                e);
        if (!res.isSent()) {
            Responses.error(res, 500, "internal_error", "the bridge failed unexpectedly; see its log");
        }
    }

    private static String load(String resource) {
        try (InputStream in = Api.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
