package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.coordination.elicit.Elicitation;
import dev.lighthouse.coordination.elicit.ElicitationEvent;
import dev.lighthouse.coordination.elicit.ElicitationStatus;
import dev.lighthouse.coordination.elicit.Elicitations;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Subscription;
import io.helidon.webserver.http.HttpRouting;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bridge's MCP server at {@code /mcp}: the official SDK's server on the bridge's own listener, with Lighthouse's
 * tools and resources. Adding a tool is adding one {@link McpTool} to the list given to {@link #start}.
 *
 * <p>Resources follow the event store: one subscription hears every stored event, and subscribed clients are sent
 * {@code notifications/resources/updated} for each resource whose kind of event landed (bursts are coalesced: a client
 * rereads the resource anyway). Each new MCP session is recorded as an {@code mcp.session_started} event under the
 * token's agent, linking it to that agent's hook sessions.
 */
public final class LighthouseMcp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LighthouseMcp.class);
    /** How far back the recent decisions and sessions are read at start. */
    private static final int WARM_UP_EVENTS = 5_000;

    private static final int MAX_CLIENT_CHARS = 200;

    /** Records (empty optionals left out) to the JSON tools and resources answer with. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    private final EventStore store;
    private final HelidonMcpTransport transport;
    private final RecentActivity recent;
    private final McpSyncServer server;
    private final List<McpResource> resources;
    private final Map<String, AtomicBoolean> notifying = new ConcurrentHashMap<>();
    private final long warmedUpTo;
    private final Subscription subscription;
    private final Elicitations elicitations;

    private LighthouseMcp(
            EventStore store,
            Clock clock,
            RecentActivity recent,
            List<McpTool<?>> tools,
            List<McpResource> resources,
            Elicitations elicitations) {
        this.store = store;
        this.elicitations = elicitations;
        this.recent = recent;
        this.resources = List.copyOf(resources);
        McpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        this.transport = new HelidonMcpTransport(json, clock, this::sessionStarted);
        this.server = McpServer.sync(transport)
                .serverInfo("lighthouse", version())
                .instructions("""
                        Lighthouse decides allow, review or deny for your tool calls and records each decision. \
                        Call lighthouse_status to see who you are to it, check_call to ask before you act, \
                        lease_acquire to claim files so that other agents' writes to them are refused, \
                        review_list and review_vote to review other agents' calls, events_query to read the log.""")
                .capabilities(McpSchema.ServerCapabilities.builder()
                        .tools(false)
                        .resources(true, false)
                        .logging() // notifications/message: a question another agent asks you
                        .build())
                .jsonMapper(json)
                .validateToolInputs(false) // each tool checks its own, answering invalid params with the field
                .immediateExecution(true) // handlers run on the request's own virtual thread
                .tools(tools.stream().map(this::specification).toList())
                .resources(this.resources.stream().map(this::specification).toList())
                .build();
        long head = store.head().seq();
        this.warmedUpTo = head;
        this.subscription = store.subscribe(Math.max(1, head - WARM_UP_EVENTS + 1), this::heard);
    }

    /**
     * The MCP server with the built-in tools ({@code lighthouse_status}, {@code check_call}, {@code review_list},
     * {@code review_vote}, {@code events_query}) and resources, plus {@code extraTools}.
     */
    public static LighthouseMcp start(McpServices services, List<McpTool<?>> extraTools) {
        RecentActivity recent = new RecentActivity();
        List<McpTool<?>> tools = new ArrayList<>(List.of(
                StatusTool.tool(services, recent),
                CheckCallTool.tool(services),
                ReviewTools.list(services),
                ReviewTools.vote(services),
                EventsQueryTool.tool(services),
                LeaseTools.acquire(services),
                LeaseTools.renew(services),
                LeaseTools.release(services),
                LeaseTools.list(services)));
        tools.addAll(ElicitTools.all(services));
        tools.addAll(TaskTools.all(services));
        tools.addAll(extraTools);
        return new LighthouseMcp(
                services.store(),
                services.clock(),
                recent,
                tools,
                LighthouseResources.standard(services, recent),
                services.elicitations());
    }

    /** Serves {@code POST|GET|DELETE /mcp}, each request admitted by {@code gate}. */
    public void routes(HttpRouting.Builder routing, McpGate gate) {
        requireNonNull(gate, "gate");
        routing.post("/mcp", (req, res) -> transport.post(req, res, gate))
                .get("/mcp", (req, res) -> transport.get(req, res, gate))
                .delete("/mcp", (req, res) -> transport.delete(req, res, gate));
    }

    /** Ends open MCP streams and sessions (the first step of a graceful shutdown). */
    public void drain() {
        transport.closeGracefully().block();
    }

    @Override
    public void close() {
        subscription.close();
        server.closeGracefully();
    }

    // ------------------------------------------------------------------ tools

    private <A> McpServerFeatures.SyncToolSpecification specification(McpTool<A> tool) {
        Map<String, Object> schema = JSON.convertValue(tool.input().jsonSchema(), new TypeReference<>() {});
        McpSchema.Tool described = McpSchema.Tool.builder(tool.name(), schema)
                .description(tool.description())
                .build();
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(described)
                .callHandler((exchange, request) -> call(tool, exchange, request))
                .build();
    }

    private <A> McpSchema.CallToolResult call(
            McpTool<A> tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Principal who = principal(exchange);
        if (!who.role().may(tool.needs())) {
            return refused(new ToolRefusal(
                    "forbidden",
                    "agent `%s` has role %s, which may not use %s (it needs the %s permission)"
                            .formatted(who.name(), who.role().label(), tool.name(), label(tool.needs()))));
        }
        Optional<JsonNode> arguments = Optional.ofNullable(request.arguments()).map(JSON::valueToTree);
        List<InvalidArgument> problems = tool.input().check(arguments);
        if (!problems.isEmpty()) {
            throw invalidParams(tool.name(), problems);
        }
        A bound = JSON.convertValue(arguments.orElseGet(JSON::createObjectNode), tool.arguments());
        Object result;
        try {
            result = tool.handler().call(caller(who, exchange), bound);
        } catch (InvalidArgument e) {
            throw invalidParams(tool.name(), List.of(e));
        } catch (ToolRefusal e) {
            return refused(e);
        }
        JsonNode tree = JSON.valueToTree(result);
        return McpSchema.CallToolResult.builder()
                .structuredContent(JSON.convertValue(tree, new TypeReference<Map<String, Object>>() {}))
                .addTextContent(tree.toString())
                .isError(false)
                .build();
    }

    /** A JSON-RPC invalid-params error naming each field and why: {@code data.problems[{field, reason}]}. */
    private static McpError invalidParams(String tool, List<InvalidArgument> problems) {
        record Problem(String field, String reason) {}
        record Data(String tool, List<Problem> problems) {}
        String message = "invalid arguments for %s: %s"
                .formatted(
                        tool,
                        String.join(
                                "; ",
                                problems.stream()
                                        .map(InvalidArgument::getMessage)
                                        .toList()));
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message(message)
                .data(JSON.convertValue(
                        new Data(
                                tool,
                                problems.stream()
                                        .map(p -> new Problem(p.field(), p.reason()))
                                        .toList()),
                        new TypeReference<Map<String, Object>>() {}))
                .build();
    }

    private static McpSchema.CallToolResult refused(ToolRefusal refusal) {
        record Error(String code, String message) {}
        record Refusal(ObjectNode error) {}
        ObjectNode error = JSON.valueToTree(new Error(refusal.code(), refusal.getMessage()));
        refusal.detail().ifPresent(detail -> error.setAll((ObjectNode) JSON.valueToTree(detail)));
        JsonNode tree = JSON.valueToTree(new Refusal(error));
        return McpSchema.CallToolResult.builder()
                .structuredContent(JSON.convertValue(tree, new TypeReference<Map<String, Object>>() {}))
                .addTextContent(refusal.getMessage())
                .isError(true)
                .build();
    }

    // -------------------------------------------------------------- resources

    private McpServerFeatures.SyncResourceSpecification specification(McpResource resource) {
        McpSchema.Resource described = McpSchema.Resource.builder()
                .uri(resource.uri())
                .name(resource.name())
                .description(resource.description())
                .mimeType("application/json")
                .build();
        return new McpServerFeatures.SyncResourceSpecification(described, (exchange, request) -> {
            Principal who = principal(exchange);
            if (!who.role().may(resource.needs())) {
                throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
                        .message("agent `%s` has role %s, which may not read %s (it needs the %s permission)"
                                .formatted(who.name(), who.role().label(), resource.uri(), label(resource.needs())))
                        .build();
            }
            String text = JSON.writeValueAsString(resource.read().apply(caller(who, exchange)));
            return new McpSchema.ReadResourceResult(
                    List.of(new McpSchema.TextResourceContents(resource.uri(), "application/json", text)));
        });
    }

    /** Every stored event: kept in the recent activity; tells subscribers of the resources it changes. */
    private void heard(Event event) {
        recent.accept(event);
        if (event.seq() <= warmedUpTo) {
            return;
        }
        for (McpResource resource : resources) {
            if (resource.changedBy().test(event.type())) {
                notifyUpdated(resource.uri());
            }
        }
        if (event.type().equals(ElicitationEvent.REQUESTED)) {
            String id = event.payloadJson().path("elicitation").asString("");
            Thread.ofVirtual().name("mcp-elicitation").start(() -> tellAskedAgent(id));
        }
    }

    /**
     * Tells the asked agent of a new question on its MCP sessions, as a {@code notifications/message} (level notice,
     * logger {@code lighthouse.elicitation}, the elicitation as JSON text in data). Its next hook answer carries the
     * question all the same: a notification is no proof that a model read it (Claude Code 2.1.330 does not show MCP
     * log messages to its model, and a listening stream may be a client's that has gone away).
     */
    private void tellAskedAgent(String id) {
        Optional<Elicitation> asked = elicitations.get(id).filter(e -> e.status() == ElicitationStatus.PENDING);
        if (asked.isEmpty()) {
            return;
        }
        Elicitation e = asked.get();
        record Asked(String message, Elicitation elicitation) {}
        Asked data = new Asked(
                "%s asks you: %s (answer with elicitation_respond, elicitation %s, before %s)"
                        .formatted(e.from(), e.question(), e.id(), e.deadline()),
                e);
        var notification = McpSchema.LoggingMessageNotification.builder()
                .level(McpSchema.LoggingLevel.NOTICE)
                .logger("lighthouse.elicitation")
                .data(JSON.writeValueAsString(data))
                .build();
        try {
            transport.notifyAgent(e.to(), McpSchema.METHOD_NOTIFICATION_MESSAGE, notification);
        } catch (RuntimeException ex) {
            LOG.debug("could not tell {} of elicitation {}: {}", e.to(), id, ex.getMessage());
        }
    }

    /**
     * Sends {@code notifications/resources/updated} on a virtual thread, so a slow client never holds up the store's
     * subscription; while one is on its way, more events of the same resource need no second one.
     */
    private void notifyUpdated(String uri) {
        AtomicBoolean pending = notifying.computeIfAbsent(uri, u -> new AtomicBoolean());
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("mcp-notify").start(() -> {
            pending.set(false);
            try {
                server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri));
            } catch (RuntimeException e) {
                LOG.debug("could not notify subscribers of {}: {}", uri, e.getMessage());
            }
        });
    }

    // --------------------------------------------------------------- sessions

    private void sessionStarted(Principal who, String sessionId, McpSchema.InitializeRequest request) {
        String client = Optional.ofNullable(request.clientInfo())
                .map(info -> info.name() + (info.version() == null ? "" : " " + info.version()))
                .orElse("(unnamed client)");
        if (client.length() > MAX_CLIENT_CHARS) {
            client = client.substring(0, MAX_CLIENT_CHARS) + "…";
        }
        store.append(NewEvent.byAgent(
                "mcp/" + sessionId,
                who.name(),
                new McpSessionStarted(sessionId, who.role().label(), client, request.protocolVersion())));
    }

    private static Caller caller(Principal who, McpSyncServerExchange exchange) {
        Object project = exchange.transportContext().get(HelidonMcpTransport.PROJECT);
        return new Caller(
                who, exchange.sessionId(), project instanceof String root ? Optional.of(root) : Optional.empty());
    }

    private static Principal principal(McpSyncServerExchange exchange) {
        Object who = exchange.transportContext().get(HelidonMcpTransport.PRINCIPAL);
        if (who instanceof Principal p) {
            return p;
        }
        // Only the transport calls handlers, and it always says who; anything else is a bug, refused.
        throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                .message("the caller is unknown; refused")
                .build();
    }

    private static String label(Permission permission) {
        return permission.name().toLowerCase(Locale.ROOT);
    }

    private static String version() {
        String version = LighthouseMcp.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
