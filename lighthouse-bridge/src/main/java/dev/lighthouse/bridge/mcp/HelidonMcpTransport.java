package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Principal;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The MCP SDK's streamable HTTP server transport on Helidon's routing: {@code POST /mcp} carries one JSON-RPC message
 * (a request is answered as a server-sent event stream that ends with its response; a notification or response gets
 * 202), {@code GET /mcp} opens the session's listening stream (server notifications such as
 * {@code notifications/resources/updated}), {@code DELETE /mcp} ends the session.
 *
 * <p>The SDK ships this transport for servlets and WebFlux only; the bridge has one listener, so it is written here
 * against the SDK's {@link McpStreamableServerTransportProvider} SPI. The caller authenticates each request before it
 * gets here (the bridge's {@link McpGate}), so refusals are answered before a body is read. A session belongs to the
 * agent that opened it: another token presenting its {@code Mcp-Session-Id} is refused, so a session id is no
 * credential.
 *
 * <p>Each request holds its own (virtual) thread: a POST until its response is written, a GET stream until the client
 * leaves or the bridge stops. Thread-safe.
 */
public final class HelidonMcpTransport implements McpStreamableServerTransportProvider {
    private static final Logger LOG = LoggerFactory.getLogger(HelidonMcpTransport.class);

    /** The transport context key the caller's {@link Principal} is found under in every tool and resource call. */
    static final String PRINCIPAL = "lighthouse.principal";
    /** The project root the client's {@code Lighthouse-Project} header names, as the hooks send it. */
    static final String PROJECT = "lighthouse.project";

    private static final HeaderName PROJECT_HEADER =
            HeaderNames.create(dev.lighthouse.bridge.install.HookInstaller.PROJECT_HEADER);

    static final HeaderName SESSION_ID = HeaderNames.create("Mcp-Session-Id");
    static final HeaderName PROTOCOL_VERSION = HeaderNames.create("MCP-Protocol-Version");
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** Most sessions one agent keeps open; opening one more ends its least recently used one. */
    static final int SESSIONS_PER_AGENT = 32;
    /** The version a request without the protocol header speaks, as the specification says. */
    private static final String ASSUMED_VERSION = ProtocolVersions.MCP_2025_03_26;

    /** Told of each new session, once its initialize request has been answered. */
    @FunctionalInterface
    interface SessionListener {
        void started(Principal who, String sessionId, McpSchema.InitializeRequest request);
    }

    /** An open session, the agent it belongs to, and when it was last used. */
    private static final class Open {
        final McpStreamableServerSession session;
        final Principal owner;
        volatile Instant used;

        Open(McpStreamableServerSession session, Principal owner, Instant used) {
            this.session = session;
            this.owner = owner;
            this.used = used;
        }
    }

    private final McpJsonMapper json;
    private final Clock clock;
    private final SessionListener listener;
    private final Map<String, Open> sessions = new ConcurrentHashMap<>();
    private final Set<CountDownLatch> streams = ConcurrentHashMap.newKeySet();
    private volatile McpStreamableServerSession.Factory factory;
    private volatile boolean closing;

    HelidonMcpTransport(McpJsonMapper json, Clock clock, SessionListener listener) {
        this.json = requireNonNull(json, "json");
        this.clock = requireNonNull(clock, "clock");
        this.listener = requireNonNull(listener, "listener");
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory value) {
        this.factory = value;
    }

    @Override
    public List<String> protocolVersions() {
        return List.of(
                ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
    }

    /** {@code POST /mcp}: one JSON-RPC message from an admitted caller. */
    void post(ServerRequest req, ServerResponse res, McpGate gate) {
        Principal who = gate.admit(req);
        if (refusedUpFront(req, res, true)) {
            gate.discard(req);
            return;
        }
        JsonNode body = gate.body(req);
        if (!body.isObject()) {
            error(res, 400, -32600, "the body must be one JSON-RPC message (an object); batches are not supported");
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, body.toString());
        } catch (IOException | RuntimeException e) {
            error(res, 400, -32600, "not a JSON-RPC request, notification or response: " + e.getMessage());
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest request
                && request.method().equals(McpSchema.METHOD_INITIALIZE)) {
            initialize(res, who, request);
            return;
        }
        Optional<Open> open = session(req, res, who);
        if (open.isEmpty()) {
            return;
        }
        McpStreamableServerSession session = open.get().session;
        Map<String, Object> known = new java.util.HashMap<>(Map.of(PRINCIPAL, who));
        req.headers().first(PROJECT_HEADER).ifPresent(project -> known.put(PROJECT, project));
        McpTransportContext context = McpTransportContext.create(known);
        if (message instanceof McpSchema.JSONRPCRequest request) {
            respond(res, session, request, context);
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            session.accept(notification)
                    .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    .block();
            res.status(Status.ACCEPTED_202).send();
        } else if (message instanceof McpSchema.JSONRPCResponse response) {
            session.accept(response)
                    .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    .block();
            res.status(Status.ACCEPTED_202).send();
        } else {
            error(res, 400, -32600, "not a JSON-RPC request, notification or response");
        }
    }

    /** {@code GET /mcp}: the session's listening stream, until the client leaves or the bridge stops. */
    void get(ServerRequest req, ServerResponse res, McpGate gate) {
        Principal who = gate.admit(req);
        if (refusedUpFront(req, res, false)) {
            return;
        }
        Optional<Open> open = session(req, res, who);
        if (open.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        streams.add(done);
        sseHeaders(res);
        try (OutputStream out = res.outputStream()) {
            SseConnection connection = new SseConnection(json, out, done);
            connection.comment("lighthouse mcp session " + open.get().session.getId());
            McpStreamableServerSession.McpStreamableServerSessionStream stream =
                    open.get().session.listeningStream(connection);
            try {
                while (!done.await(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS)) {
                    connection.comment("keep-alive");
                    open.get().used = clock.instant();
                }
            } finally {
                stream.releaseTransport();
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(done);
        }
    }

    /** {@code DELETE /mcp}: the client ends its session. */
    void delete(ServerRequest req, ServerResponse res, McpGate gate) {
        Principal who = gate.admit(req);
        Optional<Open> open = session(req, res, who);
        if (open.isEmpty()) {
            return;
        }
        String id = open.get().session.getId();
        sessions.remove(id);
        open.get().session.delete().block();
        res.status(Status.OK_200).send();
    }

    private void initialize(ServerResponse res, Principal who, McpSchema.JSONRPCRequest request) {
        McpSchema.InitializeRequest init;
        try {
            init = json.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>() {});
        } catch (RuntimeException e) {
            error(res, 400, -32602, "initialize: the params are not an InitializeRequest: " + e.getMessage());
            return;
        }
        if (init == null || init.protocolVersion() == null) {
            error(res, 400, -32602, "initialize: params.protocolVersion is required");
            return;
        }
        McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
        String id = started.session().getId();
        McpSchema.InitializeResult result = started.initResult().block();
        // Recorded before it opens: a session the store could not record is not opened (the request fails).
        listener.started(who, id, init);
        makeRoomFor(who);
        sessions.put(id, new Open(started.session(), who, clock.instant()));
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(SESSION_ID, id);
        res.send(bytes(McpSchema.JSONRPCResponse.result(request.id(), result)));
    }

    /** Ends the least recently used sessions of {@code who} beyond {@link #SESSIONS_PER_AGENT} - 1. */
    private void makeRoomFor(Principal who) {
        List<Map.Entry<String, Open>> own = sessions.entrySet().stream()
                .filter(e -> e.getValue().owner.name().equals(who.name()))
                .sorted(Comparator.comparing(e -> e.getValue().used))
                .toList();
        for (int i = 0; i <= own.size() - SESSIONS_PER_AGENT; i++) {
            Map.Entry<String, Open> oldest = own.get(i);
            if (sessions.remove(oldest.getKey(), oldest.getValue())) {
                LOG.info(
                        "agent {} opened more than {} MCP sessions; ended its least recently used one, {}",
                        who.name(),
                        SESSIONS_PER_AGENT,
                        oldest.getKey());
                oldest.getValue().session.close();
            }
        }
    }

    private void respond(
            ServerResponse res,
            McpStreamableServerSession session,
            McpSchema.JSONRPCRequest request,
            McpTransportContext context) {
        CountDownLatch done = new CountDownLatch(1);
        sseHeaders(res);
        try (OutputStream out = res.outputStream()) {
            SseConnection connection = new SseConnection(json, out, done);
            session.responseStream(connection)
                    .handle(request)
                    .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    .block();
        } catch (IOException | UncheckedIOException e) {
            // the client went away before its answer
        }
    }

    /**
     * Checks what needs no session and no body: the bridge is not stopping, the client accepts what it will get, the
     * protocol version is one spoken here, the Origin (a browser's) is this machine's.
     */
    private boolean refusedUpFront(ServerRequest req, ServerResponse res, boolean post) {
        if (closing) {
            error(res, 503, -32000, "the bridge is stopping; reconnect to another replica or retry later");
            return true;
        }
        String accept = req.headers().first(HeaderNames.ACCEPT).orElse("");
        boolean sse = accept.contains("text/event-stream") || accept.contains("*/*");
        boolean jsonOk = accept.contains("application/json") || accept.contains("*/*");
        if (!sse || (post && !jsonOk)) {
            error(
                    res,
                    406,
                    -32000,
                    post
                            ? "Accept must list both application/json and text/event-stream, got \"" + accept + "\""
                            : "Accept must list text/event-stream, got \"" + accept + "\"");
            return true;
        }
        Optional<String> version = req.headers().first(PROTOCOL_VERSION);
        if (version.isPresent() && !protocolVersions().contains(version.get())) {
            error(
                    res,
                    400,
                    -32000,
                    "MCP-Protocol-Version %s is not supported; this server speaks %s"
                            .formatted(version.get(), String.join(", ", protocolVersions())));
            return true;
        }
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && !localOrigin(origin.get())) {
            error(res, 403, -32000, "requests from web pages of other hosts (Origin " + origin.get() + ") are refused");
            return true;
        }
        return false;
    }

    /** A browser page may call only from this machine (the Inspector's web UI), never from a site on the network. */
    private static boolean localOrigin(String origin) {
        try {
            String host = new URI(origin).getHost();
            return host != null
                    && (host.equals("localhost")
                            || host.equals("127.0.0.1")
                            || host.equals("[::1]")
                            || host.equals("::1"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The session the request names, if it is open and belongs to {@code who}; otherwise answers and is empty. */
    private Optional<Open> session(ServerRequest req, ServerResponse res, Principal who) {
        Optional<String> id = req.headers().first(SESSION_ID);
        if (id.isEmpty() || id.get().isBlank()) {
            error(res, 400, -32000, "Mcp-Session-Id is required; send initialize first to open a session");
            return Optional.empty();
        }
        Open open = sessions.get(id.get());
        if (open == null) {
            error(
                    res,
                    404,
                    -32001,
                    "session " + id.get() + " is not open (ended, or the bridge restarted); initialize a new one");
            return Optional.empty();
        }
        if (!open.owner.name().equals(who.name())) {
            error(res, 403, -32000, "session " + id.get() + " belongs to another agent; initialize your own");
            return Optional.empty();
        }
        open.used = clock.instant();
        return Optional.of(open);
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Mono.fromRunnable(() -> sessions.values().forEach(open -> send(open.session, method, params)));
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return Mono.fromRunnable(() -> {
            Open open = sessions.get(sessionId);
            if (open != null) {
                send(open.session, method, params);
            }
        });
    }

    /**
     * Sends a notification to every open session of {@code agent}; answers whether any had a listening stream to
     * take it.
     */
    boolean notifyAgent(String agent, String method, Object params) {
        boolean told = false;
        for (Open open : sessions.values()) {
            if (open.owner.name().equals(agent) && open.session.hasListeningStream()) {
                send(open.session, method, params);
                told = true;
            }
        }
        return told;
    }

    /** Sends on the session's listening stream; a session without one (no GET open) misses the notification. */
    private static void send(McpStreamableServerSession session, String method, Object params) {
        if (!session.hasListeningStream()) {
            return;
        }
        try {
            session.sendNotification(method, params).block();
        } catch (RuntimeException e) {
            LOG.debug("could not notify MCP session {} of {}: {}", session.getId(), method, e.getMessage());
        }
    }

    /** How many sessions are open (for tests and status). */
    int openSessions() {
        return sessions.size();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closing = true;
            streams.forEach(CountDownLatch::countDown);
            sessions.values().forEach(open -> open.session.close());
            sessions.clear();
        });
    }

    private static void sseHeaders(ServerResponse res) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, no-transform");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
    }

    /** A transport-level refusal, as a JSON-RPC error without id (the shape MCP clients read). */
    private void error(ServerResponse res, int status, int code, String message) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes(new TransportError("2.0", new TransportError.Error(code, message), null)));
    }

    private record TransportError(String jsonrpc, Error error, Object id) {
        record Error(int code, String message) {}
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
