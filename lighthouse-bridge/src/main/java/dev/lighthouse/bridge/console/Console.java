package dev.lighthouse.bridge.console;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.http.SessionCaller;
import dev.lighthouse.bridge.integrity.IntegrityWatch;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import dev.lighthouse.review.ReviewBoard;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console at {@code /console/}: a login page, server-rendered page shells, and {@code /console/api/v1/…},
 * which is the bridge's own API for a logged-in browser.
 *
 * <p><b>Design.</b> The console holds no authorisation rules of its own. A browser logs in with a token (one form
 * field, never a URL); the session is an HttpOnly, SameSite=Strict cookie. Its data and its state changes go through
 * {@code /console/api/v1/…}, which checks the session and, on every state change, the CSRF token (header
 * {@code X-CSRF-Token}), then reroutes the request to {@code /v1/…} with the session's principal in the request's
 * context ({@link SessionCaller}): the API's gate then admits or refuses it exactly as it would the token. The pages
 * render agent-written text only through {@code textContent} in {@code console.js} and escaped holes in the
 * templates; a strict Content-Security-Policy forbids inline script and any other origin.
 */
public final class Console {
    static final String SESSION_COOKIE = "lh_session";
    static final String LOGIN_COOKIE = "lh_login";
    static final HeaderName CSRF_HEADER = HeaderNames.create("X-CSRF-Token");
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final int MAX_FORM_BYTES = 16 * 1024;
    /** Logins and logouts the Health page lists at most. */
    private static final int RECENT_LOGINS = 100;

    private static final int SLACK_BODY_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(
                    i -> i.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT))
            .build();
    private static final Map<String, String> ASSETS = Map.of(
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private final Sessions sessions;
    private final EventStore store;
    private final Clock clock;
    private final Duration linkLifetime;
    private final Template layout = Template.load("layout.html");
    private final Template login = Template.load("login.html");
    private final Map<String, Template> pages = new HashMap<>();
    private final Map<String, byte[]> assets = new HashMap<>();

    private final ConsoleData data;
    private final Logins logins;
    private final ReviewLinks links;
    private final Optional<SlackActions> slack;
    private final AgentTokens tokens;
    private final Supplier<Optional<IntegrityWatch.Sweep>> lastSweep;
    private final Template linkPage = Template.load("link.html");
    private final Template linkForm = Template.load("link-form.html");

    /**
     * @param consoleKey the key review links and session cookies are signed with ({@code console.key}): replicas
     *     that share it accept each other's links and sessions
     * @param baseUrl the bridge's address as browsers reach it, asked each time a link is made
     */
    public Console(
            AgentTokens tokens,
            EventStore store,
            ReviewBoard board,
            Clock clock,
            Path agentHome,
            Duration sessionLifetime,
            ConsoleSettings settings,
            byte[] consoleKey,
            Supplier<String> baseUrl,
            Supplier<Optional<IntegrityWatch.Sweep>> lastSweep) {
        this.lastSweep = requireNonNull(lastSweep, "lastSweep");
        this.tokens = requireNonNull(tokens, "tokens");
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.linkLifetime = settings.linkLifetime();
        this.sessions = new Sessions(store, tokens, consoleKey, clock, sessionLifetime);
        this.data = new ConsoleData(store, tokens, clock, agentHome);
        this.logins = new Logins(store, clock);
        this.links = new ReviewLinks(
                store,
                consoleKey,
                clock,
                settings.linkLifetime(),
                () -> settings.publicUrl()
                        .map(u -> u.toString().replaceAll("/+$", ""))
                        .orElseGet(baseUrl));
        this.slack = settings.slackSigningSecret()
                .map(secret -> new SlackActions(secret, settings.slackUsers(), tokens, board, clock));
        for (String page : List.of("live", "reviews", "policy", "policy-admin", "health", "health-admin")) {
            pages.put(page, Template.load(page + ".html"));
        }
        ASSETS.keySet().forEach(name -> assets.put(name, resource(name)));
    }

    /**
     * Rebuilds from the store what the console must remember across restarts: links used and sessions logged out
     * that have not expired yet. Call once, after {@link dev.lighthouse.bridge.cluster.Follower} started.
     */
    public void recover() {
        Instant now = clock.instant();
        replay(ConsoleEvent.LINK_USED, now.minus(linkLifetime));
        replay(ConsoleEvent.SESSION_ENDED, now.minus(sessions.lifetime()));
    }

    private void replay(EventType type, Instant since) {
        EventQuery query = EventQuery.all().type(type).since(since).limit(EventQuery.MAX_LIMIT);
        while (true) {
            Page page = store.query(query);
            page.events().forEach(this::follow);
            if (page.next().isEmpty()) {
                return;
            }
            query = query.after(page.next().get());
        }
    }

    /**
     * Applies a console event another replica recorded (one {@link EventStore#follow} delivers), as a restart would
     * replay it; other events are ignored.
     */
    public void follow(Event e) {
        ConsoleEvent.read(e).ifPresent(c -> {
            switch (c) {
                case ConsoleEvent.LinkUsed used -> links.spent(used);
                case ConsoleEvent.SessionEnded logout -> sessions.ended(logout);
                case ConsoleEvent.Login _ -> {} // an entry in the audit trail: nothing to remember
            }
        });
    }

    /** Registers the console's routes; call before the API's catch-all. */
    public void routes(HttpRouting.Builder routing) {
        routing.get("/console", (req, res) -> redirect(res, "/console/"))
                .get("/console/login", (req, res) -> loginPage(res, 200, Optional.empty()))
                .post("/console/login", this::logIn)
                .post("/console/logout", this::logOut)
                .get("/console/assets/{name}", this::asset)
                .get("/console/", (req, res) -> page(req, res, "live", "Live decisions"))
                .get("/console/reviews", (req, res) -> page(req, res, "reviews", "Reviews"))
                .get("/console/policy", (req, res) -> page(req, res, "policy", "Policy"))
                .get("/console/health", (req, res) -> page(req, res, "health", "Health"))
                .get("/console/api/decisions/{seq}/analysis", this::analysis)
                .get("/console/api/latency", (req, res) -> read(req, res, who -> data.latency(who)))
                .get("/console/api/integrity", (req, res) -> read(req, res, who -> data.integrity(lastSweep.get())))
                .get("/console/api/agents", (req, res) -> operate(req, res, (who, body) -> data.agents()))
                .get(
                        "/console/api/logins",
                        (req, res) -> operate(req, res, (who, body) -> logins.recent(RECENT_LOGINS)))
                .post(
                        "/console/api/agents",
                        (req, res) -> operate(
                                req,
                                res,
                                (who, body) -> data.issue(
                                        body.path("name").asString(""),
                                        body.path("role").asString("agent"))))
                .post("/console/api/agents/{name}/revoke", this::revoke)
                .route(m -> true, PathMatchers.create("/console/api/v1/{+rest}"), this::api)
                .get("/console/link/{token}", this::showLink)
                .post("/console/link", this::useLink)
                .post("/console/slack/actions", this::slackAction);
    }

    private void loginPage(ServerResponse res, int status, Optional<String> problem) {
        String csrf = Sessions.random();
        res.header(HeaderNames.SET_COOKIE, cookie(LOGIN_COOKIE, csrf, "/console/login", Optional.empty()));
        html(res, status, login.render(Map.of("csrf", csrf, "problem", problem.orElse(""))));
    }

    private void logIn(ServerRequest req, ServerResponse res) {
        Map<String, String> form = form(req);
        Optional<String> expected = cookie(req, LOGIN_COOKIE);
        if (expected.isEmpty() || !expected.get().equals(form.get("csrf"))) {
            loginPage(res, 403, Optional.of("The form had expired; log in again."));
            return;
        }
        String token = form.getOrDefault("token", "").strip();
        Optional<Principal> who = token.isEmpty() ? Optional.empty() : tokens.authenticate(token);
        Optional<Sessions.Session> session = who.flatMap(sessions::forAgent);
        if (session.isEmpty()) {
            logins.refused(origin(req));
            loginPage(res, 401, Optional.of("That token is unknown or revoked."));
            return;
        }
        try {
            logins.loggedIn(who.get(), ConsoleEvent.Login.Via.TOKEN, session.get(), origin(req));
        } catch (EventStoreException e) {
            loginPage(res, 503, Optional.of("The bridge cannot record the login right now; try again in a moment."));
            return;
        }
        startSession(res, session.get(), "/console/");
    }

    /** Where a request came from: its peer's address, and what its headers claim. */
    private static Logins.Origin origin(ServerRequest req) {
        String address = req.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(req.remotePeer().address());
        return new Logins.Origin(
                address,
                req.headers().first(HeaderNames.X_FORWARDED_FOR),
                req.headers().first(HeaderNames.USER_AGENT));
    }

    /** The signed link that opens review {@code reviewId} in the console for {@code reviewer}, once. */
    public URI link(String reviewId, String reviewer) {
        return links.link(reviewId, reviewer);
    }

    /** A signed link's page: what it opens and for whom, and a button that uses it (a preview does not spend it). */
    private void showLink(ServerRequest req, ServerResponse res) {
        String token = req.path().pathParameters().get("token");
        switch (links.check(token)) {
            case ReviewLinks.Opened.Valid v ->
                html(
                        res,
                        200,
                        linkPage.render(Map.of(
                                "problem",
                                "",
                                "form",
                                linkForm.render(
                                        Map.of("review", v.reviewId(), "reviewer", v.reviewer(), "link", token)))));
            case ReviewLinks.Opened.Refused r -> html(res, 410, linkRefused(r.why()));
        }
    }

    /** Spends a signed link: a session for its reviewer, sent on to the review. */
    private void useLink(ServerRequest req, ServerResponse res) {
        String token = form(req).getOrDefault("link", "");
        ReviewLinks.Opened opened;
        try {
            opened = links.use(token);
        } catch (EventStoreException e) {
            html(res, 503, linkRefused("the bridge cannot record the link's use right now; try again in a moment"));
            return;
        }
        switch (opened) {
            case ReviewLinks.Opened.Valid v -> {
                Optional<Principal> who =
                        tokens.active(v.reviewer()).map(agent -> new Principal(v.reviewer(), agent.role()));
                Optional<Sessions.Session> session = who.flatMap(sessions::forAgent);
                if (session.isEmpty()) {
                    html(res, 410, linkRefused("reviewer %s no longer has an active token".formatted(v.reviewer())));
                    return;
                }
                try {
                    logins.loggedIn(who.get(), ConsoleEvent.Login.Via.LINK, session.get(), origin(req));
                } catch (EventStoreException e) {
                    html(res, 503, linkRefused("the bridge cannot record the login right now; try again in a moment"));
                    return;
                }
                startSession(
                        res,
                        session.get(),
                        "/console/reviews?review=" + URLEncoder.encode(v.reviewId(), StandardCharsets.UTF_8));
            }
            case ReviewLinks.Opened.Refused r -> html(res, 410, linkRefused(r.why()));
        }
    }

    private Template.Markup linkRefused(String why) {
        return linkPage.render(Map.of("problem", why, "form", Template.Markup.EMPTY));
    }

    private void slackAction(ServerRequest req, ServerResponse res) {
        if (slack.isEmpty()) {
            error(res, 404, "not_found", "Slack callbacks are off: set review.slack.signing-secret-env");
            return;
        }
        String body;
        try (InputStream in = req.content().inputStream()) {
            body = new String(in.readNBytes(SLACK_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SlackActions.Outcome outcome = slack.get()
                .handle(
                        req.headers().first(HeaderNames.create("X-Slack-Request-Timestamp")),
                        req.headers().first(HeaderNames.create("X-Slack-Signature")),
                        body);
        json(res, outcome.status(), new SlackReply(outcome.text(), "ephemeral"));
    }

    /** What Slack shows the person who pressed a button. */
    private record SlackReply(String text, String response_type) {}

    /** Sets the session cookie and sends the browser on to {@code where}. */
    void startSession(ServerResponse res, Sessions.Session session, String where) {
        res.header(HeaderNames.SET_COOKIE, cookie(SESSION_COOKIE, session.cookie(), "/console", Optional.empty()));
        redirect(res, where);
    }

    private void logOut(ServerRequest req, ServerResponse res) {
        Map<String, String> form = form(req);
        Optional<Sessions.Current> current = current(req);
        if (current.isPresent() && current.get().csrfMatches(form.get("csrf"))) {
            try {
                sessions.logOut(current.get());
            } catch (EventStoreException e) {
                error(res, 503, "store_unavailable", "the logout could not be recorded; try again in a moment");
                return;
            }
        } else if (current.isPresent()) {
            error(res, 403, "csrf", "the request did not carry this session's CSRF token");
            return;
        }
        res.header(HeaderNames.SET_COOKIE, cookie(SESSION_COOKIE, "", "/console", Optional.of(Duration.ZERO)));
        redirect(res, "/console/login");
    }

    private void page(ServerRequest req, ServerResponse res, String name, String title) {
        Optional<Sessions.Current> current = current(req);
        if (current.isEmpty()) {
            redirect(res, "/console/login");
            return;
        }
        Principal who = current.get().principal();
        boolean operates = who.role().may(Permission.OPERATE);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", title);
        values.put("page", name);
        values.put("user", who.name());
        values.put("role", who.role().label());
        values.put("csrf", current.get().session().csrf());
        Map<String, Object> inner = Map.of("csrf", current.get().session().csrf());
        Template.Markup admin = operates && pages.containsKey(name + "-admin")
                ? pages.get(name + "-admin").render(inner)
                : Template.Markup.EMPTY;
        values.put("body", pages.get(name).render(Map.of("admin", admin)));
        html(res, 200, layout.render(values));
    }

    /** {@code /console/api/v1/…}: the API, for the session's principal, with a CSRF token on every state change. */
    private void api(ServerRequest req, ServerResponse res) {
        Optional<Principal> who = admit(req, res);
        if (who.isEmpty()) {
            return;
        }
        String path = req.path().path().substring("/console/api".length());
        boolean changes = changes(req);
        if (path.startsWith("/v1/hooks/") || (changes && path.equals("/v1/decisions"))) {
            error(res, 404, "not_found", "the console does not submit tool calls");
            return;
        }
        SessionCaller.admit(req, who.get());
        res.reroute(path, req.query());
    }

    /**
     * The session's principal, if the request has an open session and, when it changes state, this session's CSRF
     * token; otherwise the refusal is sent and the answer is empty.
     */
    private Optional<Principal> admit(ServerRequest req, ServerResponse res) {
        Optional<Sessions.Current> current = current(req);
        if (current.isEmpty()) {
            error(res, 401, "unauthenticated", "no console session; log in at /console/login");
            return Optional.empty();
        }
        if (changes(req)
                && !current.get().csrfMatches(req.headers().first(CSRF_HEADER).orElse(null))) {
            error(res, 403, "csrf", "a state change from the console needs this session's CSRF token in X-CSRF-Token");
            return Optional.empty();
        }
        return Optional.of(current.get().principal());
    }

    private static boolean changes(ServerRequest req) {
        Method method = req.prologue().method();
        return !method.equals(Method.GET) && !method.equals(Method.HEAD);
    }

    /** The session's principal if it may read, as the API's reads require; otherwise the refusal is answered. */
    private Optional<Principal> admitReader(ServerRequest req, ServerResponse res) {
        Optional<Principal> who = admit(req, res);
        if (who.isPresent() && !who.get().role().may(Permission.READ)) {
            error(
                    res,
                    403,
                    "forbidden",
                    "role %s may not read decisions".formatted(who.get().role().label()));
            return Optional.empty();
        }
        return who;
    }

    /** A console-only read: the session's principal needs the read permission, as the API's reads do. */
    private void read(ServerRequest req, ServerResponse res, java.util.function.Function<Principal, Object> answer) {
        Optional<Principal> who = admitReader(req, res);
        if (who.isEmpty()) {
            return;
        }
        json(res, 200, answer.apply(who.get()));
    }

    /** A console-only admin action: the operate permission, as {@code POST /v1/policy} needs. */
    private void operate(
            ServerRequest req, ServerResponse res, java.util.function.BiFunction<Principal, JsonNode, Object> action) {
        Optional<Principal> who = admit(req, res);
        if (who.isEmpty()) {
            return;
        }
        if (!ConsoleData.mayOperate(who.get())) {
            error(
                    res,
                    403,
                    "forbidden",
                    "agent `%s` has role %s, which may not operate the bridge (agents and tokens)"
                            .formatted(who.get().name(), who.get().role().label()));
            return;
        }
        JsonNode body;
        try {
            body = changes(req) ? JSON.readTree(readBody(req)) : JSON.nullNode();
        } catch (tools.jackson.core.JacksonException e) {
            error(res, 400, "bad_request", "the body must be a JSON object");
            return;
        }
        try {
            json(res, 200, action.apply(who.get(), body));
        } catch (IllegalArgumentException e) {
            error(res, 400, "bad_request", e.getMessage());
        }
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        operate(req, res, (who, body) -> {
            if (!data.revoke(name)) {
                throw new IllegalArgumentException("no active token for agent `%s`".formatted(name));
            }
            return Map.of("revoked", name);
        });
    }

    private void analysis(ServerRequest req, ServerResponse res) {
        long seq;
        try {
            seq = Long.parseLong(req.path().pathParameters().get("seq"));
        } catch (NumberFormatException e) {
            error(res, 400, "bad_request", "seq must be a whole number");
            return;
        }
        Optional<Principal> who = admitReader(req, res);
        if (who.isEmpty()) {
            return;
        }
        data.analysis(who.get(), seq)
                .ifPresentOrElse(
                        a -> json(res, 200, a),
                        () -> error(
                                res,
                                404,
                                "unknown_decision",
                                "no decision at seq %d that you may read".formatted(seq)));
    }

    private void asset(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        byte[] body = assets.get(name);
        if (body == null) {
            error(res, 404, "not_found", "no console asset " + name);
            return;
        }
        secure(res);
        res.header(HeaderNames.CONTENT_TYPE, ASSETS.get(name));
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(body);
    }

    Optional<Sessions.Current> current(ServerRequest req) {
        return cookie(req, SESSION_COOKIE).flatMap(sessions::find);
    }

    Sessions sessions() {
        return sessions;
    }

    private static Optional<String> cookie(ServerRequest req, String name) {
        for (String header : req.headers().all(HeaderNames.COOKIE, List::of)) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return Optional.of(pair.substring(eq + 1).strip());
                }
            }
        }
        return Optional.empty();
    }

    private static String cookie(String name, String value, String path, Optional<Duration> maxAge) {
        return name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Strict"
                + maxAge.map(d -> "; Max-Age=" + d.toSeconds()).orElse("");
    }

    /** An {@code application/x-www-form-urlencoded} body of at most 16 KiB; a larger one is cut. */
    private static Map<String, String> form(ServerRequest req) {
        String body = readBody(req);
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** A small body (a form or a console JSON request): at most 16 KiB are read. */
    private static String readBody(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            return new String(in.readNBytes(MAX_FORM_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void json(ServerResponse res, int status, Object body) {
        secure(res);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(JSON.writeValueAsBytes(body));
    }

    static void secure(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
    }

    private static void html(ServerResponse res, int status, Template.Markup page) {
        secure(res);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(page.html().getBytes(StandardCharsets.UTF_8));
    }

    private static void redirect(ServerResponse res, String where) {
        secure(res);
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, where);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send();
    }

    private record ErrorBody(Error error) {
        record Error(int status, String code, String message) {}
    }

    static void error(ServerResponse res, int status, String code, String message) {
        secure(res);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(JSON.writeValueAsBytes(new ErrorBody(new ErrorBody.Error(status, code, message))));
    }

    private static byte[] resource(String name) {
        String path = "/dev/lighthouse/bridge/console/" + name;
        try (InputStream in = Console.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
