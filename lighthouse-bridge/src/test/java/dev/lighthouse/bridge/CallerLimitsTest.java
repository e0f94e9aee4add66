package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.limits.CallerLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 26, item 10: one caller cannot hold the bridge with slow bodies, many requests, streams or replays. */
@Timeout(60)
class CallerLimitsTest {
    @TempDir
    Path dataDir;

    private final MemoryEventStore store = new MemoryEventStore();

    private RunningBridgeWith start(CallerLimits limits) {
        return new RunningBridgeWith(
                Bridge.builder(
                                BridgeConfig.defaults().withListen("127.0.0.1", 0),
                                new TableJudge(),
                                store,
                                AgentTokens.inDataDir(dataDir))
                        .agentHome(Path.of("/home/agent"))
                        .callerLimits(limits)
                        .start(),
                dataDir);
    }

    private record RunningBridgeWith(Bridge bridge, java.net.http.HttpClient http, Path dataDir)
            implements AutoCloseable {
        RunningBridgeWith(Bridge bridge, Path dataDir) {
            this(bridge, java.net.http.HttpClient.newHttpClient(), dataDir);
        }

        @Override
        public void close() {
            bridge.stop(); // ends the streams
            http.shutdownNow();
        }

        /** Sends the headers of a native call and the first bytes of its body, then nothing more. */
        Socket slowBody() throws IOException {
            Socket s = new Socket("127.0.0.1", bridge.port());
            s.setSoTimeout(50_000); // a safety net for a broken bridge, not a measure: the test's own timeout is 60 s
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{\"tool\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return s;
        }

        /** Streams are read as the owner (the person at the machine), whose token the first start left. */
        private String owner() throws IOException {
            return java.nio.file.Files.readString(dataDir.resolve("owner.token"))
                    .strip();
        }

        HttpResponse<Stream<String>> stream(String query) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(java.net.URI.create(bridge.baseUrl() + "/v1/decisions/stream" + query))
                            .header("Authorization", "Bearer " + owner())
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
        }
    }

    /** Everything the bridge sends before it closes the connection. */
    private static String untilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The status line of the bridge's answer. */
    private static String statusLine(Socket s) throws IOException {
        return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
    }

    @Test
    void aBodyThatDoesNotArriveInTime_isRefused() throws Exception {
        try (RunningBridgeWith b = start(new CallerLimits(Duration.ofSeconds(1), 1_024, 8, 100_000));
                Socket slow = b.slowBody()) {
            String reply = untilClosed(slow);

            // The deadline closes the connection the body never finished arriving on; nothing was decided.
            assertThat(reply).isEmpty();
            assertThat(store.all()).noneMatch(e -> e.type().equals(dev.lighthouse.events.EventType.DECISION_MADE));
        }
    }

    @Test
    void requestsInProgress_pastTheCallersCap_areRefused() throws Exception {
        try (RunningBridgeWith b = start(new CallerLimits(Duration.ofSeconds(5), 1, 8, 100_000));
                Socket held = b.slowBody()) {
            while (b.bridge().inFlight() < 1) {
                Thread.onSpinWait(); // until the first request is being served (and holds the caller's one slot)
            }
            try (Socket second = b.slowBody()) {
                // Refused before its body was read, the rest of the body gets the same read deadline: one that
                // never comes cannot hold the connection open.
                second.setSoTimeout(20_000);
                assertThat(untilClosed(second)).startsWith("HTTP/1.1 429 Too Many Requests");
            }
        }
    }

    @Test
    void streams_pastTheCallersCap_areRefused() throws Exception {
        try (RunningBridgeWith b = start(new CallerLimits(Duration.ofSeconds(30), 1_024, 2, 100_000))) {
            List<HttpResponse<Stream<String>>> open = new ArrayList<>();
            open.add(b.stream(""));
            open.add(b.stream(""));

            HttpResponse<Stream<String>> third = b.stream("");

            assertThat(open).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.body().toList()).anySatisfy(l -> assertThat(l).contains("too_many_streams"));
        }
    }

    @Test
    void replays_longerThanTheCap_areRefused_shorterOnesServed() throws Exception {
        try (RunningBridgeWith b = start(new CallerLimits(Duration.ofSeconds(30), 1_024, 8, 3))) {
            for (int i = 0; i < 5; i++) {
                b.http()
                        .send(
                                HttpRequest.newBuilder(
                                                java.net.URI.create(b.bridge().baseUrl() + "/v1/decisions"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(AuthTest.nativeCall("ls " + i)))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
            }

            HttpResponse<Stream<String>> whole = b.stream("?after=0");
            HttpResponse<Stream<String>> recent = b.stream("?after=3");

            assertThat(whole.statusCode()).isEqualTo(400);
            assertThat(whole.body().toList()).anySatisfy(l -> assertThat(l).contains("replay_too_long"));
            assertThat(recent.statusCode()).isEqualTo(200);
        }
    }
}
