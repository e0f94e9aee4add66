package dev.lighthouse.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.KeyFile;
import dev.lighthouse.bridge.auth.OwnerToken;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.PostgresDatabase;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Bridges as replicas on one real PostgreSQL database, each with a data dir and a store of its own (as separate
 * machines would have) but one console key, one event key and the same agent tokens: a signed link opens a review
 * once in the whole fleet, a console session made on one replica is valid on the others, and a logout on one ends
 * it on all. A replica with another console key accepts none of them.
 */
@Timeout(180)
class ConsoleReplicasTest {
    @RegisterExtension
    static final PostgresDatabase database = new PostgresDatabase();

    @TempDir
    Path root;

    WireMockServer notices;
    byte[] consoleKey;
    final List<Replica> replicas = new ArrayList<>();
    final ConsoleBrowser browser = new ConsoleBrowser();

    @BeforeEach
    void setUp() {
        notices = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        notices.start();
        notices.stubFor(post("/webhook").willReturn(ok()));
        // what a deployment shares: the event key, the console key, the agent tokens and the owner token
        Path shared = root.resolve("shared");
        AgentTokens tokens = AgentTokens.inDataDir(shared);
        tokens.add("alice", Role.REVIEWER, Instant.now());
        OwnerToken.ensure(shared);
        Keyring.loadOrCreate(shared.resolve("events.keys"), Clock.systemUTC());
        consoleKey = KeyFile.loadOrCreate(shared.resolve("console.key"));
    }

    @AfterEach
    void tearDown() {
        replicas.reversed().forEach(Replica::close);
        notices.stop();
        browser.close();
    }

    /** One replica, in a data dir of its own holding copies of the shared files. */
    private final class Replica implements AutoCloseable {
        final EventStore store;
        final Bridge bridge;

        Replica(UnaryOperator<Bridge.Builder> configure) {
            Path dir = root.resolve("replica-" + replicas.size());
            try {
                Files.createDirectories(dir);
                for (String file : List.of("agents.json", OwnerToken.FILE_NAME, "events.keys")) {
                    Files.copy(
                            root.resolve("shared").resolve(file),
                            dir.resolve(file),
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Keyring keys = Keyring.load(dir.resolve("events.keys"));
            store = EventStores.open(database.url(), dir, StoreOptions.of(keys, dir.resolve("checkpoints")));
            bridge = configure
                    .apply(Bridge.builder(
                                    BridgeConfig.defaults().withListen("127.0.0.1", 0),
                                    Judge.of(PolicyEngine.of(Policies.defaultPolicy())),
                                    store,
                                    AgentTokens.inDataDir(dir))
                            .agentHome(Path.of("/home/agent"))
                            .integrity(keys, java.time.Duration.ofMinutes(10)))
                    .start();
            replicas.add(this);
        }

        String url() {
            return bridge.baseUrl();
        }

        @Override
        public void close() {
            bridge.stop();
            store.close();
        }
    }

    /** A replica with the shared console key that tells the webhook of its reviews. */
    private Replica replica() {
        return new Replica(b -> b.consoleKey(consoleKey).reviewWebhook(URI.create(notices.baseUrl() + "/webhook")));
    }

    /** Asks {@code on} for a review of {@code command} (Codex's hook does not wait); alice's link from its notice. */
    private String reviewLink(Replica on, String command) {
        HttpResponse<String> asked = browser.send(HttpRequest.newBuilder(URI.create(on.url() + "/v1/hooks/codex"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RunningBridge.claudeCodeBash(command))));
        assertThat(asked.body()).contains("is pending");
        while (true) {
            Optional<String> link = notices.findAll(postRequestedFor(urlEqualTo("/webhook"))).stream()
                    .map(r -> RunningBridge.JSON.readTree(r.getBodyAsString()))
                    .filter(n -> n.toString().contains(command))
                    .map(n -> n.path("links").path("alice"))
                    .filter(JsonNode::isString)
                    .map(JsonNode::asString)
                    .findFirst();
            if (link.isPresent()) {
                return link.get();
            }
            LockSupport.parkNanos(10_000_000); // the notice is sent on its own thread; the test's timeout bounds this
        }
    }

    /** Waits until {@code status} answers {@code expected}: another replica's append is applied within milliseconds. */
    private static void await(IntSupplier status, int expected) {
        while (status.getAsInt() != expected) {
            LockSupport.parkNanos(10_000_000); // the test's timeout bounds this
        }
    }

    private String owner() {
        try {
            return Files.readString(root.resolve("shared").resolve(OwnerToken.FILE_NAME))
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void linkSpentOnA_isRefusedOnB_andOneUsedOnBothAtOnceOpensOnce() throws Exception {
        Replica a = replica();
        Replica b = replica();
        String link = reviewLink(a, "terraform apply -auto-approve");
        assertThat(browser.showLink(b.url(), link).statusCode()).isEqualTo(200);

        HttpResponse<String> onA = browser.useLink(a.url(), link);
        assertThat(onA.statusCode()).isEqualTo(303);
        HttpResponse<String> onB = browser.useLink(b.url(), link);
        assertThat(onB.statusCode()).isEqualTo(410);
        assertThat(onB.body()).contains("used already");
        // B's memory follows A's append, so its page says so too
        await(() -> browser.showLink(b.url(), link).statusCode(), 410);

        String raced = reviewLink(b, "terraform destroy");
        CompletableFuture<HttpResponse<String>> viaA =
                CompletableFuture.supplyAsync(() -> browser.useLink(a.url(), raced));
        CompletableFuture<HttpResponse<String>> viaB =
                CompletableFuture.supplyAsync(() -> browser.useLink(b.url(), raced));
        List<Integer> statuses = List.of(viaA.get().statusCode(), viaB.get().statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(303, 410);
    }

    @Test
    void agentIssuedInAsConsole_isListedInBs_andRevokedThere_isRefusedOnA() {
        Replica a = replica();
        Replica b = replica();
        ConsoleBrowser.Session onA = browser.logIn(a.url(), owner());
        ConsoleBrowser.Session onB = browser.logIn(b.url(), owner());
        HttpResponse<String> issued =
                browser.post(a.url(), onA, "/console/api/agents", "{\"name\":\"dave\",\"role\":\"reviewer\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String token = RunningBridge.JSON.readTree(issued.body()).path("token").asString();

        // B's own agents.json never heard of dave: its console lists him from the chain, as active
        await(() -> agentState(b, onB, "dave").equals("active") ? 1 : 0, 1);
        assertThat(agentState(b, onB, "alice")).isEqualTo("active");
        HttpResponse<String> revoked = browser.post(b.url(), onB, "/console/api/agents/dave/revoke", "{}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(agentState(b, onB, "dave")).isEqualTo("revoked");

        // A, whose file still holds dave's token as active, follows B's revocation
        await(() -> agentState(a, onA, "dave").equals("revoked") ? 1 : 0, 1);
        HttpResponse<String> withDavesToken = browser.send(
                HttpRequest.newBuilder(URI.create(a.url() + "/v1/status")).header("Authorization", "Bearer " + token));
        assertThat(withDavesToken.statusCode()).isEqualTo(401);
    }

    /** What {@code on}'s console says of {@code name}'s token: active, revoked, or absent. */
    private String agentState(Replica on, ConsoleBrowser.Session s, String name) {
        HttpResponse<String> agents = browser.get(on.url(), s, "/console/api/agents");
        assertThat(agents.statusCode()).isEqualTo(200);
        String state = "absent";
        for (JsonNode agent : RunningBridge.JSON.readTree(agents.body()).path("agents")) {
            if (agent.path("name").asString().equals(name)) {
                state = agent.path("active").asBoolean() ? "active" : "revoked";
            }
        }
        return state;
    }

    @Test
    void sessionMadeOnA_worksOnB_andLogoutOnA_endsItOnB_anotherKeyAcceptsNone() {
        Replica a = replica();
        Replica b = replica();
        ConsoleBrowser.Session owner = browser.logIn(a.url(), owner());
        ConsoleBrowser.Session fromLink =
                ConsoleBrowser.session(browser.useLink(a.url(), reviewLink(a, "terraform apply -auto-approve")));
        assertThat(browser.status(b.url(), owner)).isEqualTo(200);
        assertThat(browser.status(b.url(), fromLink)).isEqualTo(200);
        assertThat(browser.get(b.url(), fromLink, "/console/reviews").statusCode())
                .isEqualTo(200);

        browser.logOut(a.url(), owner);
        assertThat(browser.status(a.url(), owner)).isEqualTo(401);
        await(() -> browser.status(b.url(), owner), 401);
        assertThat(browser.status(b.url(), fromLink)).isEqualTo(200); // only that session ended

        Replica own = new Replica(UnaryOperator.identity()); // its data dir's own console.key
        assertThat(browser.status(own.url(), fromLink)).isEqualTo(401);
    }
}
