package dev.lighthouse.fuse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filesystem's one way to the bridge: its HTTP API, as the identity of the given token (or the tokenless loopback
 * user). Thread-safe; every call is a blocking request with a timeout, so a bridge that goes away costs a caller at
 * most {@link #TIMEOUT}, never a hang.
 */
final class BridgeHttp {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;

    BridgeHttp(URI base, Optional<String> token) {
        this.base = base;
        this.token = token.filter(t -> !t.isBlank());
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    URI base() {
        return base;
    }

    /** {@code GET path}, the parsed 2xx body. @throws BridgeException on anything else */
    JsonNode get(String path) {
        return json(send(request(path).GET()), path);
    }

    /**
     * {@code GET path}, the 2xx body read as {@code type} straight from its bytes (a page of names is a quarter of a
     * megabyte). @throws BridgeException on anything else
     */
    <T> T get(String path, Class<T> type) {
        HttpRequest.Builder req = request(path).GET();
        HttpResponse<byte[]> res = sendRaw(req, HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() / 100 != 2) {
            throw error(
                    res.statusCode(),
                    new String(res.body(), StandardCharsets.UTF_8),
                    res.request().uri().getPath());
        }
        try {
            return JSON.readValue(res.body(), type);
        } catch (JacksonException e) {
            throw BridgeException.unreachable("%s answered %d with something that is not the expected JSON: %s"
                    .formatted(path, res.statusCode(), e.getOriginalMessage()));
        }
    }

    /** {@code GET path} whatever the status, for endpoints whose error answer is the content (readiness). */
    JsonNode getAnyStatus(String path) {
        HttpResponse<String> res = sendRaw(request(path).GET());
        return parse(res, path);
    }

    /** {@code GET path} as text (Prometheus metrics). @throws BridgeException on a non-2xx answer */
    String text(String path) {
        return send(request(path).GET()).body();
    }

    /** {@code POST path} with a JSON body, the parsed 2xx body. @throws BridgeException on anything else */
    JsonNode post(String path, JsonNode body) {
        return json(
                send(request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))),
                path);
    }

    /** An open server-sent event stream; the caller reads it until it ends and closes it. */
    InputStream stream(String path, long afterSeq) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/event-stream");
        if (afterSeq > 0) {
            req.header("Last-Event-ID", Long.toString(afterSeq));
        }
        token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<InputStream> res = http.send(req.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() != 200) {
                String body;
                try (InputStream in = res.body()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                throw error(res.statusCode(), body, path);
            }
            return res.body();
        } catch (IOException e) {
            throw BridgeException.unreachable("no bridge at %s: %s".formatted(base, describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BridgeException.unreachable("interrupted while connecting to " + base);
        }
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
        return req;
    }

    private HttpResponse<String> send(HttpRequest.Builder req) {
        HttpResponse<String> res = sendRaw(req);
        if (res.statusCode() / 100 != 2) {
            throw error(res.statusCode(), res.body(), res.request().uri().getPath());
        }
        return res;
    }

    private HttpResponse<String> sendRaw(HttpRequest.Builder req) {
        return sendRaw(req, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> sendRaw(HttpRequest.Builder req, HttpResponse.BodyHandler<T> body) {
        HttpRequest request = req.build();
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw BridgeException.unreachable("no answer from the bridge at %s to %s %s: %s"
                    .formatted(base, request.method(), request.uri().getPath(), describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BridgeException.unreachable("interrupted while waiting for the bridge at " + base);
        }
    }

    private static JsonNode json(HttpResponse<String> res, String path) {
        return parse(res, path);
    }

    private static JsonNode parse(HttpResponse<String> res, String path) {
        try {
            return JSON.readTree(res.body());
        } catch (JacksonException e) {
            throw BridgeException.unreachable(
                    "%s answered %d with something that is not JSON".formatted(path, res.statusCode()));
        }
    }

    private static BridgeException error(int status, String body, String path) {
        String code = "http_" + status;
        String message = "%s answered %d".formatted(path, status);
        try {
            JsonNode error = JSON.readTree(body).path("error");
            code = error.path("code").asString(code);
            message = "%s answered %d %s: %s"
                    .formatted(path, status, code, error.path("message").asString(""));
        } catch (JacksonException e) {
            // not a bridge error body; the status says enough
        }
        return BridgeException.refused(status, code, message);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
