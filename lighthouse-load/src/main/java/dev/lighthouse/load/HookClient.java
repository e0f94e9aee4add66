package dev.lighthouse.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts hook bodies to one bridge over pooled keep-alive HTTP/1.1 connections. Blocking, meant for virtual threads:
 * each simulated agent holds one connection while it waits. Thread-safe.
 */
final class HookClient implements AutoCloseable {
    /** What came back from one attempt. */
    sealed interface Outcome {
        record Answered(Verdict verdict) implements Outcome {}

        /**
         * @param unsent the request never left: the connection was refused or could not be made in time, so the
         *     bridge cannot have seen the call and it may be sent elsewhere (as a load balancer retries it)
         */
        record Failed(ErrorKind kind, String detail, boolean unsent) implements Outcome {
            Failed(ErrorKind kind, String detail) {
                this(kind, detail, false);
            }
        }
    }

    /**
     * Marks every call as simulated, so the bridge records it apart from real agents' calls; the bridge honours it
     * only from the owner's token and refuses it from anyone else.
     */
    static final String SIMULATED_HEADER = "Lighthouse-Simulated";

    /** A status and body as read, for the review API. */
    record Raw(int status, byte[] body) {}

    private final CloseableHttpClient http;
    private final URI root;
    private final URI hook;
    private final URI status;
    private final Dialect dialect;
    private final Optional<String> authorization;
    private final String simulated;

    /**
     * @param simulated the {@link #SIMULATED_HEADER} value every call carries: {@code decide} (no review opened) or
     *     {@code review} (reviews opened, for simulated reviewers to answer)
     */
    HookClient(
            URI base, Dialect dialect, Optional<String> token, Duration timeout, int maxConnections, String simulated) {
        this.simulated = simulated;
        String trimmed = base.toString().replaceAll("/+$", "");
        this.root = URI.create(trimmed + "/");
        this.hook = URI.create(trimmed + dialect.path());
        this.status = URI.create(trimmed + "/v1/status");
        this.dialect = dialect;
        this.authorization = token.map(t -> "Bearer " + t);
        Timeout t = Timeout.of(timeout);
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setTcpNoDelay(true)
                        .setSoTimeout(t)
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(Math.min(10, Math.max(1, timeout.toSeconds()))))
                        .setSocketTimeout(t)
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(t)
                        .setConnectionRequestTimeout(t)
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
                .build();
    }

    URI hookUri() {
        return hook;
    }

    /** Sends one hook body and reads the decision; never throws for what the bridge or network does. */
    Outcome send(byte[] body) {
        HttpPost post = new HttpPost(hook);
        authorization.ifPresent(a -> post.setHeader("Authorization", a));
        post.setHeader(SIMULATED_HEADER, simulated);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        Raw raw;
        try {
            raw = http.execute(post, r -> new Raw(r.getCode(), bytes(r.getEntity())));
        } catch (ConnectException e) { // refused (HttpHostConnectException) or no route: nothing was sent
            return new Outcome.Failed(ErrorKind.TRANSPORT, describe(e), true);
        } catch (ConnectTimeoutException e) { // a SocketTimeoutException, but before anything was sent
            return new Outcome.Failed(ErrorKind.TIMEOUT, describe(e), true);
        } catch (SocketTimeoutException e) {
            return new Outcome.Failed(ErrorKind.TIMEOUT, describe(e));
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed(ErrorKind.TRANSPORT, describe(e));
        } catch (IOException e) {
            return new Outcome.Failed(ErrorKind.TRANSPORT, describe(e));
        }
        if (raw.status() < 200 || raw.status() > 299) {
            return new Outcome.Failed(ErrorKind.HTTP_STATUS, "HTTP " + raw.status());
        }
        try {
            return new Outcome.Answered(dialect.parse(raw.body()));
        } catch (IllegalArgumentException e) {
            return new Outcome.Failed(ErrorKind.BAD_ANSWER, e.getMessage());
        }
    }

    /** The bridge's {@code GET /v1/status} body, or empty when it does not answer 200. */
    Optional<String> status() {
        HttpGet get = new HttpGet(status);
        authorization.ifPresent(a -> get.setHeader("Authorization", a));
        try {
            Raw raw = http.execute(get, r -> new Raw(r.getCode(), bytes(r.getEntity())));
            return raw.status() == 200 ? Optional.of(new String(raw.body(), StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code GET path} (relative to the bridge's base URL) with this client's token. */
    Raw get(String path) throws IOException {
        HttpGet get = new HttpGet(root.resolve(path));
        authorization.ifPresent(a -> get.setHeader("Authorization", a));
        return http.execute(get, r -> new Raw(r.getCode(), bytes(r.getEntity())));
    }

    /** {@code POST path} with a JSON body and this client's token. */
    Raw post(String path, byte[] json) throws IOException {
        HttpPost post = new HttpPost(root.resolve(path));
        authorization.ifPresent(a -> post.setHeader("Authorization", a));
        post.setHeader(SIMULATED_HEADER, simulated);
        post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        return http.execute(post, r -> new Raw(r.getCode(), bytes(r.getEntity())));
    }

    /**
     * {@code GET path} as a server-sent event stream: each line goes to {@code lines} as it arrives, until the
     * stream ends or the client is closed.
     *
     * @return the HTTP status; the lines are read only when it is 200
     */
    int stream(String path, Consumer<String> lines) throws IOException {
        HttpGet get = new HttpGet(root.resolve(path));
        authorization.ifPresent(a -> get.setHeader("Authorization", a));
        get.setHeader("Accept", "text/event-stream");
        return http.execute(get, r -> {
            if (r.getCode() == 200 && r.getEntity() != null) {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(r.getEntity().getContent(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.accept(line);
                    }
                }
            }
            return r.getCode();
        });
    }

    private static byte[] bytes(org.apache.hc.core5.http.HttpEntity entity) throws IOException {
        return entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
