package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser does with the console over plain HTTP, against any bridge (a replica, or one restarted): log in, use
 * a signed link, log out, and call the console API with the session cookie it was given.
 */
final class ConsoleBrowser implements AutoCloseable {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" (?:content|value)=\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A logged-in browser's session cookie ({@code lh_session=…}). */
    record Session(String cookie) {}

    HttpResponse<String> send(HttpRequest.Builder req) {
        try {
            return http.send(req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> postForm(String url, String cookie, String form) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (!cookie.isEmpty()) {
            req.header("Cookie", cookie);
        }
        return send(req);
    }

    /** Logs in on {@code base} with {@code token}. */
    Session logIn(String base, String token) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/console/login")));
        String loginCookie =
                page.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        HttpResponse<String> login = postForm(
                base + "/console/login",
                loginCookie,
                "csrf=" + csrf(page.body()) + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        return session(login);
    }

    /** Posts the signed link's form on {@code base}: 303 and a session when it opens, 410 when refused. */
    HttpResponse<String> useLink(String base, String link) {
        String token = link.substring(link.lastIndexOf('/') + 1);
        return postForm(base + "/console/link", "", "link=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** The page a signed link shows on {@code base} (200 while it may be used, 410 once spent or expired). */
    HttpResponse<String> showLink(String base, String link) {
        return send(HttpRequest.newBuilder(
                URI.create(base + "/console/link/" + link.substring(link.lastIndexOf('/') + 1))));
    }

    /** Logs out on {@code base}, with the CSRF token a console page of that bridge shows. */
    void logOut(String base, Session s) {
        HttpResponse<String> page = get(base, s, "/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> out = postForm(base + "/console/logout", s.cookie(), "csrf=" + csrf(page.body()));
        assertThat(out.statusCode()).as(out.body()).isEqualTo(303);
    }

    HttpResponse<String> get(String base, Session s, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", s.cookie()));
    }

    /** Posts {@code json} to a console API path on {@code base}, with the CSRF token a console page there shows. */
    HttpResponse<String> post(String base, Session s, String path, String json) {
        HttpResponse<String> page = get(base, s, "/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", s.cookie())
                .header("X-CSRF-Token", csrf(page.body()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The status of the console API's {@code /v1/status} for this session on {@code base}: 200, or 401 if none. */
    int status(String base, Session s) {
        return get(base, s, "/console/api/v1/status").statusCode();
    }

    static Session session(HttpResponse<String> response) {
        String cookie =
                response.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        assertThat(cookie).startsWith("lh_session=");
        return new Session(cookie);
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a CSRF token on the page").isTrue();
        return m.group(1);
    }

    @Override
    public void close() {
        http.close();
    }
}
