package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The listing index: hours are served from memory once the pass is complete, in seq order, and the oldest hours leave
 * it when it holds more names than allowed; those, and every hour before the pass ends, are asked of the bridge (here
 * a port nothing listens on, so asking shows as {@code EIO}'s exception).
 */
class DecisionsIndexTest {
    private static final Instant TEN = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2026-03-01T11:00:00Z");
    private static final Instant TWELVE = Instant.parse("2026-03-01T12:00:00Z");

    private final Decisions decisions = new Decisions(new BridgeHttp(nobody(), Optional.empty()), 1 << 20, 4);

    private static URI nobody() {
        try (ServerSocket free = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + free.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode record(long seq, Instant time, String answer) {
        return BridgeHttp.JSON
                .createObjectNode()
                .put("seq", seq)
                .put("time", time.toString())
                .put("answer", answer)
                .put("agent", "coder");
    }

    @Test
    void beforeThePassEnds_anHourIsAskedOfTheBridge() {
        decisions.indexed(record(1, TEN.plusSeconds(5), "allow"));
        assertThatThrownBy(() -> decisions.names(TEN)).isInstanceOf(BridgeException.class);
    }

    @Test
    void onceComplete_hoursComeFromTheIndexInSeqOrder_andTheOldestLeaveItPastTheCap() {
        decisions.indexed(record(1, TEN.plusSeconds(5), "allow"));
        decisions.indexed(record(2, ELEVEN.plusSeconds(5), "review"));
        decisions.indexed(record(3, ELEVEN.plusSeconds(9), "deny"));
        decisions.indexComplete();
        assertThat(decisions.names(TEN)).containsExactly("1-allow-coder.json");
        assertThat(decisions.names(ELEVEN)).containsExactly("2-review-coder.json", "3-deny-coder.json");
        assertThat(decisions.names(TWELVE)).isEmpty();

        decisions.indexed(record(4, TWELVE.plusSeconds(1), "allow"));
        decisions.indexed(record(5, TWELVE.plusSeconds(2), "unmatched"));
        assertThat(decisions.indexState().names()).isEqualTo(4);
        assertThat(decisions.names(TWELVE)).containsExactly("4-allow-coder.json", "5-unmatched-coder.json");
        assertThat(decisions.names(ELEVEN)).hasSize(2);
        assertThatThrownBy(() -> decisions.names(TEN)).isInstanceOf(BridgeException.class);
    }

    @Test
    void aDecisionThePassHasNotReached_joinsTheIndexFromTheStream_once() {
        decisions.arrived(record(3, ELEVEN.plusSeconds(9), "deny")); // pushed while the pass reads older pages
        decisions.indexed(record(1, TEN.plusSeconds(5), "allow"));
        decisions.indexed(record(2, ELEVEN.plusSeconds(5), "review"));
        decisions.indexed(record(3, ELEVEN.plusSeconds(9), "deny")); // the pass reaches it too
        decisions.indexComplete();

        assertThat(decisions.names(ELEVEN)).containsExactly("2-review-coder.json", "3-deny-coder.json");
        assertThat(decisions.indexState().names()).isEqualTo(3);
        assertThat(decisions.first()).map(Decisions.Entry::seq).hasValue(1L);
        assertThat(decisions.latest()).map(Decisions.Entry::seq).hasValue(3L);
        assertThat(decisions.hasHour(Decisions.day(TEN), 10)).isTrue();
        assertThat(decisions.hasHour(Decisions.day(TEN), 9)).isFalse();
        assertThat(decisions.hasHour(Decisions.day(TEN), 12)).isFalse();
        assertThat(decisions.hoursOf(Decisions.day(TEN))).containsExactly("10", "11");
    }

    @Test
    void anHoursNames_areReadFromTheBridgesColumns_asFileNames() throws IOException {
        String page = """
                {"seq":[7,9,12],"time":[1772359205000001,1772359206000000,1772359207123456],
                 "agent":[0,1,0],"answer":[0,1,0],"agents":["coder","a b/c"],"answers":["allow","review"],"next":null}
                """;
        try (NamesServer bridge = new NamesServer(page)) {
            Decisions fromBridge = new Decisions(bridge.http(), 1 << 20, 4);
            assertThat(fromBridge.names(TEN))
                    .containsExactly("7-allow-coder.json", "9-review-a_b_c.json", "12-allow-coder.json");
            assertThat(bridge.asked).singleElement().asString().contains("since=2026-03-01T10:00:00Z");
        }
    }

    @Test
    void theFirstLookOfADay_learnsBothEndsOfTheStoreInTwoRequests_withoutTheStatus() throws IOException {
        String page = """
                {"seq":[7,9,12],"time":[1772359205000001,1772359206000000,1772359207123456],
                 "agent":[0,0,0],"answer":[0,0,0],"agents":["coder"],"answers":["allow"],"next":null,"lastSeq":14}
                """;
        try (NamesServer bridge = new NamesServer(page)) {
            Decisions fromBridge = new Decisions(bridge.http(), 1 << 20, 4);
            assertThat(fromBridge.hasDay(LocalDate.of(2026, 3, 1))).isTrue();
            assertThat(fromBridge.hasHour(LocalDate.of(2026, 3, 1), 10)).isTrue();
            assertThat(fromBridge.first()).map(Decisions.Entry::seq).hasValue(7L);
            assertThat(fromBridge.latest()).map(Decisions.Entry::seq).hasValue(12L);
            // the oldest's page says the head; the newest is searched back from it
            assertThat(bridge.asked)
                    .containsExactly("/v1/decisions/names?limit=1", "/v1/decisions/names?limit=10000&after=0");
        }
        try (NamesServer older = new NamesServer(page.replace(",\"lastSeq\":14", ""))) {
            Decisions fromBridge = new Decisions(older.http(), 1 << 20, 4);
            assertThat(fromBridge.latest()).map(Decisions.Entry::seq).hasValue(12L);
            assertThat(older.asked)
                    .as("a bridge whose names do not say the head")
                    .contains("/v1/status");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"seq\":[7,9],\"time\":[1,2],\"agent\":[0],\"answer\":[0,0],\"agents\":[\"a\"],"
                        + "\"answers\":[\"allow\"],\"next\":null}",
                "{\"seq\":[7],\"time\":[1],\"agent\":[1],\"answer\":[0],\"agents\":[\"a\"],"
                        + "\"answers\":[\"allow\"],\"next\":null}",
                "{\"seq\":[7],\"time\":[1],\"agent\":[0],\"answer\":[-1],\"agents\":[\"a\"],"
                        + "\"answers\":[\"allow\"],\"next\":null}",
                "{\"seq\":[7],\"time\":[1],\"agent\":[0],\"answer\":[0],\"next\":null}",
                "{\"names\":[{\"seq\":7,\"time\":\"2026-03-01T10:00:00Z\",\"agent\":\"a\",\"answer\":\"allow\"}]}"
            })
    void aMalformedPageOfNames_failsTheListing_insteadOfNamingFilesWrongly(String page) throws IOException {
        try (NamesServer bridge = new NamesServer(page)) {
            Decisions fromBridge = new Decisions(bridge.http(), 1 << 20, 4);
            assertThatThrownBy(() -> fromBridge.names(TEN))
                    .isInstanceOf(BridgeException.class)
                    .hasMessageContaining("/v1/decisions/names");
        }
    }

    @Test
    void thePassOverTheNames_waitsWhileAListingAsksTheBridge_andGoesOnOnceItIsAnswered() throws Exception {
        String page = """
                {"seq":[1],"time":[1772359205000001],"agent":[0],"answer":[0],"agents":["coder"],"answers":["allow"],
                 "next":null}
                """;
        CountDownLatch listingAsked = new CountDownLatch(1);
        CountDownLatch answerListing = new CountDownLatch(1);
        try (NamesServer bridge = new NamesServer(page, query -> {
            if (query.contains("since=")) { // the listing's request: held until the test lets it go
                listingAsked.countDown();
                await(answerListing);
            }
        })) {
            Decisions fromBridge = new Decisions(bridge.http(), 1 << 20, 4);
            Thread listing = Thread.ofPlatform().daemon().start(() -> fromBridge.names(TEN));
            await(listingAsked);
            Thread pass = Thread.ofPlatform().daemon().start(() -> {
                try {
                    fromBridge.indexNames();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // the pass is waiting, not asking: its thread parks in the wait for listings, or it has asked (red)
            while (bridge.asked.size() == 1 && !waitingForListings(pass)) {
                Thread.onSpinWait();
            }
            assertThat(bridge.asked).as("asked while the listing was in flight").hasSize(1);
            answerListing.countDown();
            listing.join();
            pass.join();
            assertThat(bridge.asked).hasSize(2).last().asString().doesNotContain("since=");
            assertThat(fromBridge.indexState().complete()).isTrue();
        }
    }

    private static boolean waitingForListings(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitNone"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A bridge on loopback that answers every request with one page of names, and remembers what it was asked. */
    private static final class NamesServer implements AutoCloseable {
        final List<String> asked = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        NamesServer(String page) throws IOException {
            this(page, query -> {});
        }

        /** {@code before} runs on each request before it is answered, with its path and query. */
        NamesServer(String page, Consumer<String> before) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                asked.add(exchange.getRequestURI().toString());
                before.accept(exchange.getRequestURI().toString());
                byte[] body = page.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        BridgeHttp http() {
            return new BridgeHttp(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Optional.empty());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"coder", "agent.one", ".hidden", "a b/c", "ünï", "x@y-z_1", "", "-"})
    void safeNames_keepLettersDigitsAndDotUnderscoreAtDash_asTheyAlwaysHave(String name) {
        String before = name.isEmpty() ? "_" : name.replaceAll("[^A-Za-z0-9._@-]", "_");
        before = before.startsWith(".") ? "_" + before.substring(1) : before;
        assertThat(Decisions.safe(name)).isEqualTo(before);
    }

    @Test
    void aDayDirectorysDate_isReadOffItsName() {
        assertThat(DecisionsFolder.dayOf("2026-03-01")).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(DecisionsFolder.dayOf("2026-02-30")).isNull();
        assertThat(DecisionsFolder.dayOf("2026-13-01")).isNull();
        assertThat(DecisionsFolder.dayOf("2026-3-01x")).isNull();
        assertThat(DecisionsFolder.dayOf("latest")).isNull();
        assertThat(DecisionsFolder.dayOf("+2026-03-1")).isNull();
    }

    @Test
    void aDecisionFilesSeq_isReadOffItsName() {
        assertThat(DecisionsFolder.seqOf("1234-allow-coder.json")).isEqualTo(1234);
        assertThat(DecisionsFolder.seqOf("latest")).isZero();
        assertThat(DecisionsFolder.seqOf("12a-allow-coder.json")).isZero();
        assertThat(DecisionsFolder.seqOf("-allow-coder.json")).isZero();
        assertThat(DecisionsFolder.seqOf("12-allow-coder.txt")).isZero();
        assertThat(DecisionsFolder.seqOf("1234567890123456789-allow.json")).isZero();
    }
}
