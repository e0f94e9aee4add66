package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command run right after mounting (a script's first {@code ls}) finds the mount's start-up done: by the time
 * {@link Mount#start} returns it has asked for both ends of {@code decisions/}, so listing an hour then costs that
 * hour's names and nothing else. The bridge here answers names, holds the decision stream open and the first page of
 * the mount's pass over the names unanswered (so the listing cannot come from the index); it refuses the rest, which
 * the view logs and goes on without.
 */
class FirstCommandTest {
    private static final String PAGE = """
            {"seq":[7,9,12],"time":[1772359205000001,1772359206000000,1772359207123456],
             "agent":[0,0,0],"answer":[0,1,0],"agents":["coder"],"answers":["allow","deny"],"next":null,"lastSeq":1000}
            """;

    /** The first page of the mount's pass over the names, which this bridge holds until the test ends. */
    private static final String PASS = "/v1/decisions/names?limit=10000&after=0";

    @TempDir
    Path tmp;

    @Test
    void mountReturnsWithBothEndsKnown_soTheFirstListingAsksOnlyForItsHour() throws Exception {
        FuseAvailable.required();
        Path dir = Files.createDirectories(tmp.resolve("view"));
        try (NamesBridge bridge = new NamesBridge();
                Mount mount = Mount.start(new Mount.Options(bridge.url(), Optional.empty(), dir))) {
            List<String> atReturn = List.copyOf(bridge.asked);
            assertThat(atReturn).as("asked before the mount returned").contains("/v1/decisions/names?limit=1");

            List<String> listed;
            try (Stream<Path> hour = Files.list(dir.resolve("decisions/2026-03-01/10"))) {
                listed = hour.map(p -> p.getFileName().toString()).toList();
            }

            assertThat(listed).containsExactly("7-allow-coder.json", "9-deny-coder.json", "12-allow-coder.json");
            List<String> all = List.copyOf(bridge.asked);
            List<String> afterReturn = all.subList(atReturn.size(), all.size()).stream()
                    .filter(q -> q.startsWith("/v1/decisions/names?"))
                    .toList();
            // the mount's pass (its first page held by the bridge) may have asked meanwhile: it has no time range
            assertThat(afterReturn)
                    .filteredOn(q -> !q.equals(PASS))
                    .singleElement()
                    .asString()
                    .contains("since=");
        }
    }

    /** Names for every names request, an open decision stream, 404 for anything else; remembers what it was asked. */
    private static final class NamesBridge implements AutoCloseable {
        final List<String> asked = new CopyOnWriteArrayList<>();
        private final CountDownLatch closing = new CountDownLatch(1);
        private final HttpServer server;

        NamesBridge() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().toString();
                asked.add(path);
                if (path.equals("/v1/decisions/stream")) {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    await(); // open until the test ends, as the bridge's stream is
                    exchange.close();
                    return;
                }
                if (path.equals(PASS)) {
                    await(); // the index stays incomplete: a listing asks for its hour
                }
                boolean names = path.startsWith("/v1/decisions/names?");
                byte[] body = (names ? PAGE : "{\"error\":{\"code\":\"not_found\",\"message\":\"none here\"}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(names ? 200 : 404, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        private void await() {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            closing.countDown();
            server.stop(0);
        }
    }
}
