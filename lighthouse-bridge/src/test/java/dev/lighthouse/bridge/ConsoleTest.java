package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventType;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The web console over plain HTTP: the login form, the session cookie, CSRF on state changes and the API's own
 * authorisation behind {@code /console/api/v1/…}. The browser tests (lighthouse-console-e2e) drive the same pages in
 * Chromium.
 */
class ConsoleTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" (?:content|value)=\"([^\"]+)\"");

    @TempDir
    Path dataDir;

    RunningBridge b;
    HttpClient http;

    @BeforeEach
    void start() {
        b = new RunningBridge(dataDir);
        http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @AfterEach
    void stop() {
        http.close();
        b.close();
    }

    /** A logged-in browser: its session cookie and CSRF token. */
    record Browser(String cookie, String csrf) {}

    HttpResponse<String> send(HttpRequest.Builder req) throws Exception {
        return http.send(req.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(b.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (!cookie.isEmpty()) {
            req.header("Cookie", cookie);
        }
        return send(req);
    }

    HttpResponse<String> logIn(String token) throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(b.uri("/console/login")));
        String loginCookie =
                page.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).isTrue();
        return postForm(
                "/console/login",
                loginCookie,
                "csrf=" + m.group(1) + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    Browser browser(String token) throws Exception {
        HttpResponse<String> login = logIn(token);
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        HttpResponse<String> page =
                send(HttpRequest.newBuilder(b.uri("/console/")).header("Cookie", cookie));
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).isTrue();
        return new Browser(cookie, m.group(1));
    }

    HttpResponse<String> get(Browser br, String path) throws Exception {
        return send(HttpRequest.newBuilder(b.uri(path)).header("Cookie", br.cookie()));
    }

    HttpResponse<String> post(Browser br, String path, String json, boolean withCsrf) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(b.uri(path))
                .header("Cookie", br.cookie())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf) {
            req.header("X-CSRF-Token", br.csrf());
        }
        return send(req);
    }

    @Test
    void loginPage_hasOneTokenField_andAStrictPolicy() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(b.uri("/console/login")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"token\"").doesNotContain("<script");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
    }

    @Test
    void logIn_withTheOwnerToken_setsAnHttpOnlyStrictCookie_andOpensTheConsole() throws Exception {
        HttpResponse<String> login = logIn(b.owner());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("location")).hasValue("/console/");
        assertThat(login.headers().firstValue("set-cookie").orElseThrow())
                .startsWith("lh_session=")
                .contains("HttpOnly")
                .contains("SameSite=Strict");
        Browser br = browser(b.owner());
        assertThat(get(br, "/console/").body()).contains("data-page=\"live\"");
        assertThat(get(br, "/console/api/v1/status").body()).contains("lighthouse-bridge");
    }

    @Test
    void logIn_withAnUnknownToken_isRefused_andPagesRedirectToTheLogin() throws Exception {
        assertThat(logIn("lh_not-a-token").statusCode()).isEqualTo(401);
        HttpResponse<String> page = send(HttpRequest.newBuilder(b.uri("/console/reviews")));
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("location")).hasValue("/console/login");
        assertThat(send(HttpRequest.newBuilder(b.uri("/console/api/v1/status"))).statusCode())
                .isEqualTo(401);
    }

    @Test
    void logIn_withoutTheLoginFormsCsrfToken_isRefused() throws Exception {
        HttpResponse<String> forged =
                postForm("/console/login", "", "token=" + URLEncoder.encode(b.owner(), StandardCharsets.UTF_8));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("set-cookie").orElse("")).doesNotContain("lh_session");
    }

    @Test
    void stateChange_withoutTheCsrfToken_isRefused_withItTheApiDecides() throws Exception {
        Browser br = browser(b.owner());
        HttpResponse<String> forged = post(br, "/console/api/v1/policy/promote", "{\"reason\":\"x\"}", false);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("\"csrf\"");
        HttpResponse<String> real = post(
                br, "/console/api/v1/reviews/rv_nope/verdict", "{\"verdict\":\"approve\",\"reason\":\"ok\"}", true);
        assertThat(real.statusCode()).isEqualTo(404);
        assertThat(real.body()).contains("unknown_review");
    }

    @Test
    void reviewer_seesNoAdminActions_andTheApiRefusesThem() throws Exception {
        String token = b.tokens.add("alice", Role.REVIEWER, Instant.now()).token();
        Browser br = browser(token);
        assertThat(get(br, "/console/policy").body()).doesNotContain("policy-admin");
        assertThat(get(br, "/console/health").body()).doesNotContain("agents-admin");
        assertThat(post(br, "/console/api/v1/policy/abort", "{\"reason\":\"x\"}", true)
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(br, "/console/api/agents", "{\"name\":\"mallory\",\"role\":\"admin\"}", true)
                        .statusCode())
                .isEqualTo(403);
        Browser owner = browser(b.owner());
        assertThat(get(owner, "/console/policy").body()).contains("policy-admin");
    }

    @Test
    void revokingTheToken_endsItsSession() throws Exception {
        String token = b.tokens.add("bob", Role.REVIEWER, Instant.now()).token();
        Browser br = browser(token);
        assertThat(get(br, "/console/api/v1/reviews").statusCode()).isEqualTo(200);
        b.tokens.revoke("bob", Instant.now());
        assertThat(get(br, "/console/api/v1/reviews").statusCode()).isEqualTo(401);
    }

    @Test
    void decisionAnalysis_showsTheEffectiveCommandsAsATree() throws Exception {
        b.post("/v1/hooks/claude-code", RunningBridge.claudeCodeBash("sudo bash -c 'ls /etc'"));
        Browser br = browser(b.owner());
        long seq = b.get("/v1/decisions")
                .json()
                .path("decisions")
                .get(0)
                .path("seq")
                .asLong();
        HttpResponse<String> analysis = get(br, "/console/api/decisions/" + seq + "/analysis");
        assertThat(analysis.statusCode()).isEqualTo(200);
        assertThat(analysis.body()).contains("via sudo").contains("ls /etc");
    }

    @Test
    void logIns_refusalsAndLogOuts_areEvents_namingWhoHowAndWhereFrom_neverTheToken() throws Exception {
        String token = b.tokens.add("alice", Role.REVIEWER, Instant.now()).token();
        Browser alice = browser(token);
        assertThat(logIn("lh_wrong-token-of-mallory").statusCode()).isEqualTo(401);
        assertThat(postForm("/console/logout", alice.cookie(), "csrf=" + alice.csrf())
                        .statusCode())
                .isEqualTo(303);

        List<Event> logins = b.store
                .query(EventQuery.all().type(EventType.of("console.login")))
                .events();
        assertThat(logins).hasSize(2);
        Event in = logins.get(0);
        assertThat(in.agent()).hasValue("alice");
        assertThat(in.stream()).startsWith("console-session/");
        assertThat(in.payloadJson().path("outcome").asString()).isEqualTo("logged_in");
        assertThat(in.payloadJson().path("via").asString()).isEqualTo("token");
        assertThat(in.payloadJson().path("role").asString()).isEqualTo("reviewer");
        assertThat(in.payloadJson().path("from").asString()).isEqualTo("127.0.0.1");
        assertThat(in.payloadJson().path("userAgent").asString()).startsWith("Java-http-client");
        Event refused = logins.get(1);
        assertThat(refused.agent()).isEmpty();
        assertThat(refused.payloadJson().path("outcome").asString()).isEqualTo("refused");
        for (Event e : logins) {
            assertThat(e.payload())
                    .doesNotContain(token)
                    .doesNotContain(DigestUtils.sha256Hex(token))
                    .doesNotContain("mallory");
        }
        Event out = b.store
                .query(EventQuery.all().type(EventType.of("console.session_ended")))
                .events()
                .getFirst();
        assertThat(out.stream()).isEqualTo(in.stream()); // one stream per session: its login, then its logout

        Browser owner = browser(b.owner());
        JsonNode listed =
                RunningBridge.JSON.readTree(get(owner, "/console/api/logins").body());
        assertThat(listed.path("entries")
                        .valueStream()
                        .map(n -> n.path("action").asString() + " "
                                + n.path("who").asString("-")))
                .containsExactly(
                        "logged in owner",
                        "logged out alice",
                        "refused: unknown or revoked token -",
                        "logged in alice");
        assertThat(get(browser(b.tokens.add("bob", Role.REVIEWER, Instant.now()).token()), "/console/api/logins")
                        .statusCode())
                .as("only admins see who logged in")
                .isEqualTo(403);
    }

    @Test
    void ownerIssuesAndRevokesTokens_fromTheConsole() throws Exception {
        Browser br = browser(b.owner());
        HttpResponse<String> issued =
                post(br, "/console/api/agents", "{\"name\":\"carol\",\"role\":\"reviewer\"}", true);
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("\"token\":\"lh_");
        assertThat(get(br, "/console/api/agents").body()).contains("carol");
        assertThat(post(br, "/console/api/agents/carol/revoke", "{}", true).statusCode())
                .isEqualTo(200);
        assertThat(b.tokens.active("carol")).isEmpty();
    }
}
