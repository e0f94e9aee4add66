package dev.lighthouse.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.PolicyEngine;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A bridge stopped and started again on the same SQLite store and data dir: a signed link used before stays used, a
 * logged-out session stays ended, and the sessions and links still open keep working — nothing the console must
 * remember lives only in memory.
 */
@Timeout(120)
class ConsoleRestartTest {
    @TempDir
    Path dir;

    WireMockServer notices;
    AgentTokens tokens;
    EventStore store;
    Bridge bridge;
    final ConsoleBrowser browser = new ConsoleBrowser();

    @BeforeEach
    void start() {
        notices = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        notices.start();
        notices.stubFor(post("/webhook").willReturn(ok()));
        tokens = AgentTokens.inDataDir(dir);
        tokens.add("alice", Role.REVIEWER, Instant.now());
        startBridge();
    }

    private void startBridge() {
        store = EventStores.sqlite(
                dir.resolve("events.db"),
                StoreOptions.of(
                        Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC()),
                        dir.resolve("events.checkpoints")));
        bridge = Bridge.builder(
                        BridgeConfig.defaults().withListen("127.0.0.1", 0),
                        Judge.of(PolicyEngine.of(Policies.defaultPolicy())),
                        store,
                        tokens)
                .agentHome(Path.of("/home/agent"))
                .reviewWebhook(URI.create(notices.baseUrl() + "/webhook"))
                .start();
    }

    private void restart() {
        bridge.stop();
        store.close();
        startBridge();
    }

    @AfterEach
    void stop() {
        bridge.stop();
        store.close();
        notices.stop();
        browser.close();
    }

    /** Asks for a review of {@code command} (Codex's hook does not wait) and returns alice's link from its notice. */
    private String reviewLink(String command) {
        HttpResponse<String> asked =
                browser.send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/hooks/codex"))
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

    private String owner() throws Exception {
        return Files.readString(dir.resolve("owner.token")).strip();
    }

    @Test
    void usedLink_staysUsed_andUnusedLinkStillWorks_afterARestartOnTheSameStore() {
        String used = reviewLink("terraform apply -auto-approve");
        String unused = reviewLink("terraform destroy");
        HttpResponse<String> first = browser.useLink(bridge.baseUrl(), used);
        assertThat(first.statusCode()).isEqualTo(303);
        ConsoleBrowser.Session fromLink = ConsoleBrowser.session(first);

        restart();

        // the memory rebuilt from the store knows it: the link's page says so before anyone presses the button
        assertThat(browser.showLink(bridge.baseUrl(), used).statusCode()).isEqualTo(410);
        HttpResponse<String> again = browser.useLink(bridge.baseUrl(), used);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("used already");
        assertThat(again.headers().firstValue("set-cookie")).isEmpty();
        assertThat(browser.showLink(bridge.baseUrl(), unused).statusCode()).isEqualTo(200);
        assertThat(browser.useLink(bridge.baseUrl(), unused).statusCode()).isEqualTo(303);
        assertThat(browser.status(bridge.baseUrl(), fromLink)).isEqualTo(200);
    }

    @Test
    void session_survivesARestart_andALogoutBeforeItStaysALogout() throws Exception {
        ConsoleBrowser.Session kept = browser.logIn(bridge.baseUrl(), owner());
        ConsoleBrowser.Session ended = browser.logIn(bridge.baseUrl(), owner());
        browser.logOut(bridge.baseUrl(), ended);
        assertThat(browser.status(bridge.baseUrl(), ended)).isEqualTo(401);
        assertThat(browser.status(bridge.baseUrl(), kept)).isEqualTo(200);

        restart();

        assertThat(browser.status(bridge.baseUrl(), kept)).isEqualTo(200);
        assertThat(browser.get(bridge.baseUrl(), kept, "/console/reviews").statusCode())
                .isEqualTo(200);
        assertThat(browser.status(bridge.baseUrl(), ended)).isEqualTo(401);
        assertThat(browser.get(bridge.baseUrl(), ended, "/console/").statusCode())
                .isEqualTo(303);
    }

    @Test
    void sessionCookie_alteredOrSignedWithAnotherKey_isRefused() throws Exception {
        ConsoleBrowser.Session s = browser.logIn(bridge.baseUrl(), owner());
        String value = s.cookie().substring("lh_session=".length());
        String ticket = value.substring(0, value.indexOf('.'));
        String json = new String(java.util.Base64.getUrlDecoder().decode(ticket));
        String longer = json.replaceFirst("\"expires\":\"\\d{4}", "\"expires\":\"2999");
        assertThat(longer).isNotEqualTo(json);
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(longer.getBytes())
                + value.substring(value.indexOf('.'));
        assertThat(browser.status(bridge.baseUrl(), new ConsoleBrowser.Session("lh_session=" + forged)))
                .isEqualTo(401);

        Files.delete(dir.resolve("console.key")); // a new key at the next start: old cookies mean nothing
        restart();
        assertThat(browser.status(bridge.baseUrl(), s)).isEqualTo(401);
    }
}
