package dev.lighthouse.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code lighthouse mcp}: the bridge's MCP server for clients that speak only stdio. Each line on standard input (one
 * JSON-RPC message) is posted to the bridge's {@code /mcp}; every message that comes back, answers and the session's
 * notifications alike, is written to standard output as one line. Logs go to standard error only.
 *
 * <p>A relay, not a second MCP server: sessions, tools and auth are the bridge's own, so what an agent sees over stdio
 * is what it sees over HTTP. Requests run concurrently (an answer may overtake an earlier slow one, as JSON-RPC
 * allows); initialize runs alone, since everything after it needs the session it opens.
 */
@Command(
        name = "mcp",
        mixinStandardHelpOptions = true,
        description = {
            "Connect an MCP client that speaks only stdio to the bridge's MCP server (/mcp).",
            "",
            "Reads JSON-RPC messages, one per line, on standard input; writes the bridge's, one per line, on standard"
                    + " output. Use it as a stdio MCP server in a client's configuration, e.g.",
            "  claude mcp add lighthouse -- lighthouse mcp --url http://127.0.0.1:8765",
            "The token names the agent the session belongs to (its role decides what it may do)."
        })
final class McpCommand implements java.util.concurrent.Callable<Integer> {
    private static final String ACCEPT = "application/json, text/event-stream";

    @Spec
    CommandSpec spec;

    @Mixin
    BridgeClient.Options bridge;

    /** Where messages come from (standard input; tests give their own). */
    InputStream in = System.in;

    private final AtomicReference<String> session = new AtomicReference<>();
    private final AtomicReference<String> protocolVersion = new AtomicReference<>();
    private PrintWriter out;
    private URI endpoint;
    private Optional<String> token;
    private HttpClient http;

    @Override
    public Integer call() throws IOException {
        BridgeClient client = bridge.client(Lighthouse.settings(spec));
        endpoint = client.base().resolve("/mcp");
        token = client.token();
        out = Lighthouse.out(spec);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        CountDownLatch ended = new CountDownLatch(1);
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode message;
                try {
                    message = BridgeClient.JSON.readTree(line);
                } catch (JacksonException e) {
                    emit(error(null, -32700, "not JSON: " + e.getOriginalMessage()));
                    continue;
                }
                if ("initialize".equals(message.path("method").asString(""))) {
                    relay(message, line);
                    if (session.get() != null) {
                        Thread.ofVirtual().name("mcp-listen").start(() -> listen(ended));
                    }
                } else {
                    String text = line;
                    requests.submit(() -> relay(message, text));
                }
            }
        } finally {
            ended.countDown();
            endSession();
        }
        return 0;
    }

    /** Posts one message; writes back whatever answers it. */
    private void relay(JsonNode message, String text) {
        JsonNode id = message.get("id");
        try {
            HttpResponse<Stream<String>> res = http.send(
                    request()
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(text))
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            res.headers().firstValue("Mcp-Session-Id").ifPresent(session::set);
            String type = res.headers().firstValue("Content-Type").orElse("");
            if (res.statusCode() == 202) {
                res.body().close();
            } else if (res.statusCode() / 100 != 2) {
                String body = String.join("\n", res.body().toList());
                refused(id, res.statusCode(), body);
            } else if (type.startsWith("text/event-stream")) {
                try (Stream<String> events = res.body()) {
                    sse(events);
                }
            } else {
                String body = String.join("", res.body().toList());
                JsonNode answer = BridgeClient.JSON.readTree(body);
                if (answer.at("/result/protocolVersion").isString()) {
                    protocolVersion.set(answer.at("/result/protocolVersion").asString());
                }
                emit(body);
            }
        } catch (IOException | RuntimeException e) {
            if (id != null) {
                emit(error(id, -32000, "the bridge at %s did not answer: %s".formatted(endpoint, e.getMessage())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Follows the session's listening stream (notifications) until stdin ends; reconnects if the stream drops. */
    private void listen(CountDownLatch ended) {
        while (ended.getCount() > 0 && session.get() != null) {
            try {
                HttpResponse<Stream<String>> res =
                        http.send(request().GET().build(), HttpResponse.BodyHandlers.ofLines());
                if (res.statusCode() != 200) {
                    res.body().close();
                    System.err.printf(
                            "lighthouse mcp: the bridge refused the notification stream (HTTP %d)%n", res.statusCode());
                    return;
                }
                try (Stream<String> events = res.body()) {
                    sse(events);
                }
            } catch (IOException e) {
                System.err.println("lighthouse mcp: notification stream ended (" + e.getMessage() + "); reconnecting");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                // Back off before reconnecting, so a bridge that is restarting is not hammered.
                ended.await(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Writes the data of each server-sent event as one line (comments and event names are the transport's). */
    private void sse(Stream<String> lines) {
        StringBuilder data = new StringBuilder();
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    emit(data.toString());
                    data.setLength(0);
                }
            } else if (line.startsWith("data:")) {
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        });
        if (!data.isEmpty()) {
            emit(data.toString());
        }
    }

    private HttpRequest.Builder request() {
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).header("Accept", ACCEPT);
        token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
        Optional.ofNullable(session.get()).ifPresent(s -> req.header("Mcp-Session-Id", s));
        Optional.ofNullable(protocolVersion.get()).ifPresent(v -> req.header("MCP-Protocol-Version", v));
        return req;
    }

    /** An HTTP refusal (no token, a role that may not, a session that ended) as the request's JSON-RPC error. */
    private void refused(JsonNode id, int status, String body) {
        String reason;
        try {
            JsonNode json = BridgeClient.JSON.readTree(body);
            reason = json.at("/error/message").asString(body);
        } catch (JacksonException e) {
            reason = body;
        }
        String message = "the bridge refused (HTTP %d): %s".formatted(status, reason);
        if (id != null) {
            emit(error(id, -32000, message));
        } else {
            System.err.println("lighthouse mcp: " + message);
        }
    }

    private static String error(JsonNode id, int code, String message) {
        return BridgeClient.JSON.writeValueAsString(new ErrorReply("2.0", id, new ErrorReply.Error(code, message)));
    }

    /** A JSON-RPC error response, for a request the bridge could not be asked. */
    private record ErrorReply(String jsonrpc, JsonNode id, Error error) {
        record Error(int code, String message) {}
    }

    private void emit(String line) {
        synchronized (out) {
            out.println(line.replace("\n", " "));
            out.flush();
        }
    }

    private void endSession() {
        if (session.get() == null) {
            return;
        }
        try {
            http.send(request().DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the bridge is gone; so is the session
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.set(null);
    }
}
