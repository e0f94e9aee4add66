package dev.lighthouse.cli;

import dev.lighthouse.bridge.auth.OwnerToken;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How CLI commands talk to a running bridge over its HTTP API: JSON in, JSON out, the bridge's errors (and a bridge
 * that is not running) turned into a {@link UserException} that says what to do.
 *
 * <p>Commands take {@code --url} (default: the address of {@code server.listen}) and {@code --token} (default: the
 * {@code LIGHTHOUSE_TOKEN} environment variable, else the owner's token that {@code serve} left in the data dir, so a
 * person at the machine never types one).
 */
final class BridgeClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** {@code --url} and {@code --token}, for any command that calls the bridge. */
    static final class Options {
        @Option(
                names = "--url",
                paramLabel = "URL",
                description = "The bridge, e.g. http://127.0.0.1:8765 (default: from config server.listen).")
        String url;

        @Option(
                names = "--token",
                paramLabel = "TOKEN",
                defaultValue = "${env:LIGHTHOUSE_TOKEN}",
                description = "Bearer token of an admin (default: $LIGHTHOUSE_TOKEN, else the owner's token in the data"
                        + " dir, <data-dir>/owner.token).")
        String token;

        BridgeClient client(Settings settings) {
            return BridgeClient.of(settings, url, token);
        }
    }

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BridgeClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token.filter(t -> !t.isBlank());
    }

    /** The client for {@code --url} if given, else for the configured {@code server.listen}. */
    static BridgeClient of(Settings settings, String url, String token) {
        ConfigKeys.Listen listen = settings.get(ConfigKeys.SERVER_LISTEN);
        String target = url != null ? url : HookCommand.callableUrl(listen.host(), listen.port());
        URI uri;
        try {
            uri = URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
        } catch (IllegalArgumentException e) {
            throw new UserException("--url %s: not a URL (%s)".formatted(target, e.getMessage()));
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new UserException("--url %s: expected http://HOST:PORT".formatted(target));
        }
        return new BridgeClient(
                uri, Optional.ofNullable(token).filter(t -> !t.isBlank()).or(() -> owner(settings)));
    }

    /** The owner's token from the data dir ({@code serve} makes it on first start), if this user can read it. */
    private static Optional<String> owner(Settings settings) {
        try {
            return OwnerToken.find(settings.dataDir()).map(OwnerToken::value);
        } catch (IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
    }

    URI base() {
        return base;
    }

    /** The token calls carry (given, or the owner's from the data dir), for clients of their own (the mount). */
    Optional<String> token() {
        return token;
    }

    /** {@code GET path}; the parsed 2xx body. @throws UserException the bridge is down or answered an error */
    JsonNode get(String path) {
        return send(request(path).GET());
    }

    /**
     * {@code GET path} if a bridge answers at all; empty when nothing answers there ("no bridge running", as opposed
     * to a bridge that refused).
     *
     * @throws UserException the bridge answered an error
     */
    Optional<JsonNode> getIfRunning(String path) {
        try {
            http.send(
                    HttpRequest.newBuilder(base.resolve("/"))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return Optional.empty(); // refused, reset or unreachable: no bridge to ask
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while looking for the bridge at " + base);
        }
        return Optional.of(get(path));
    }

    /** {@code POST path} with a JSON body (a record; empty optionals left out); the parsed 2xx body. @throws UserException as {@link #get} */
    JsonNode post(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonOutput.line(body))));
    }

    /** {@code DELETE path}; the parsed 2xx body. @throws UserException as {@link #get} */
    JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
        return req;
    }

    private JsonNode send(HttpRequest.Builder req) {
        HttpRequest request = req.build();
        HttpResponse<String> res;
        try {
            res = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UserException(("no bridge answers at %s; start one with `lighthouse serve` (in another"
                            + " terminal), or point --url at a running one")
                    .formatted(base));
        } catch (HttpTimeoutException e) {
            throw new UserException("the bridge at %s did not answer %s in time".formatted(base, request.uri()));
        } catch (IOException e) {
            throw new UserException("cannot reach the bridge at %s: %s".formatted(base, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while waiting for the bridge");
        }
        JsonNode body;
        try {
            body = JSON.readTree(res.body());
        } catch (JacksonException e) {
            throw new UserException("%s %s answered %d with something that is not JSON; is that a Lighthouse bridge?"
                    .formatted(request.method(), request.uri(), res.statusCode()));
        }
        if (res.statusCode() / 100 != 2) {
            throw new UserException(errorText(res.statusCode(), body));
        }
        return body;
    }

    /** The bridge's {@code {"error":{"code","message","problems"?}}} as lines a person reads. */
    private static String errorText(int status, JsonNode body) {
        JsonNode error = body.path("error");
        StringBuilder text = new StringBuilder(error.path("message").asString("the bridge answered " + status));
        for (JsonNode problem : error.path("problems")) {
            text.append(System.lineSeparator()).append(problem.asString());
        }
        hint(status, error.path("code").asString(""))
                .ifPresent(h -> text.append(System.lineSeparator()).append(h));
        return text.toString();
    }

    /**
     * What to do about a refusal, by what was refused: a missing token, or a token whose role may not do this. Other
     * refusals (voting on a review one may not vote on) already say why, and no token would change them.
     */
    static Optional<String> hint(int status, String code) {
        if (status == 401) {
            return Optional.of("(run this as the user who runs the bridge, with its --data-dir or LIGHTHOUSE_HOME, so"
                    + " the owner's token in the data dir is used; or pass an admin token with --token or"
                    + " LIGHTHOUSE_TOKEN)");
        }
        if (status == 403 && code.equals("forbidden")) {
            return Optional.of("(this needs a token of a role that may: the owner's, as the user who runs the bridge,"
                    + " or an admin token with --token or LIGHTHOUSE_TOKEN)");
        }
        return Optional.empty();
    }
}
