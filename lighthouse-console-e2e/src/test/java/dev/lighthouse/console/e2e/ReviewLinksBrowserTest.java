package dev.lighthouse.console.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.console.ConsoleSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * Approvals away from the terminal: a review's notices (a webhook and a Slack message, both a real HTTP stub server)
 * carry a signed link per person asked, which opens the review in the console once and never after its expiry; the
 * Slack message's buttons call back with Slack's request signature, and only a signed callback counts as the mapped
 * reviewer's vote.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewLinksBrowserTest {
    static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    @TempDir
    static Path dataDir;

    @TempDir
    static Path profile;

    static final ShiftedClock clock = new ShiftedClock();
    static WireMockServer notices;
    static ConsoleBridge b;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        notices = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        notices.start();
        notices.stubFor(post("/webhook").willReturn(ok()));
        notices.stubFor(post("/slack").willReturn(ok("ok")));
        b = new ConsoleBridge(
                dataDir,
                builder -> builder.clock(clock)
                        .reviewWebhook(URI.create(notices.baseUrl() + "/webhook"))
                        .reviewSlack(URI.create(notices.baseUrl() + "/slack"))
                        .console(new ConsoleSettings(
                                Optional.empty(),
                                Duration.ofMinutes(30),
                                Optional.of(SLACK_SECRET),
                                Map.of("U0ALICE", "alice"))));
        b.tokens.add("alice", Role.REVIEWER, Instant.now());
        browser = Chromium.start(profile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (b != null) {
            b.close();
        }
        if (notices != null) {
            notices.stop();
        }
    }

    /** Holds a call for review and returns it with the webhook's notice of its review. */
    record Held(CompletableFuture<JsonNode> answer, JsonNode notice) {
        String link(String who) {
            return notice.path("links").path(who).asString();
        }

        String review() {
            return notice.path("review").path("id").asString();
        }
    }

    static Held hold(String command) {
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> b.claudeCode("away-1", command));
        JsonNode notice = new FluentWait<>(notices)
                .withTimeout(Duration.ofSeconds(10))
                .pollingEvery(Duration.ofMillis(20))
                .until(n -> n.findAll(postRequestedFor(urlEqualTo("/webhook"))).stream()
                        .map(r -> ConsoleBridge.JSON.readTree(r.getBodyAsString()))
                        .filter(j -> j.toString().contains(command))
                        .findFirst()
                        .orElse(null));
        return new Held(answer, notice);
    }

    WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(browser, d, Duration.ofMillis(20));
    }

    static Held first;

    @Test
    @Order(1)
    void signedLink_opensTheReviewForItsReviewer_once() {
        first = hold("sudo systemctl restart nginx");
        assertThat(first.link("alice")).startsWith(b.url("/console/link/"));
        assertThat(first.notice().path("links").has("owner")).isFalse(); // the owner holds no token to notify

        browser.get(first.link("alice"));
        assertThat(browser.findElement(By.id("link-reviewer")).getText()).isEqualTo("alice");
        browser.findElement(By.id("open-review")).click();
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("vote-reason")));
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("alice");
        assertThat(browser.findElement(By.id("review")).getText())
                .contains(first.review())
                .contains("systemctl");
        Chromium.screenshot(browser, "link");

        browser.manage().deleteAllCookies();
        browser.get(first.link("alice"));
        assertThat(browser.findElement(By.id("problem")).getText()).contains("used already");
        assertThat(browser.findElements(By.id("open-review"))).isEmpty();
        // the form from before, sent again, is refused too
        HttpResponse<String> replay = b.send(HttpRequest.newBuilder(URI.create(b.url("/console/link")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("link="
                        + URLEncoder.encode(
                                first.link("alice")
                                        .substring(first.link("alice").lastIndexOf('/') + 1),
                                StandardCharsets.UTF_8))));
        assertThat(replay.statusCode()).isEqualTo(410);
        assertThat(replay.headers().firstValue("set-cookie")).isEmpty();
    }

    @Test
    @Order(2)
    void slackMessage_hasButtons_andACallbackWithABadSignatureIsRefused_aSignedOneCounts() throws Exception {
        List<LoggedRequest> slack = notices.findAll(postRequestedFor(urlEqualTo("/slack")));
        JsonNode message = ConsoleBridge.JSON.readTree(slack.stream()
                .filter(r -> r.getBodyAsString().contains(first.review()))
                .findFirst()
                .orElseThrow()
                .getBodyAsString());
        assertThat(message.toString()).contains("lighthouse_approve").contains("lighthouse_deny");

        String payload = ConsoleBridge.JSON.writeValueAsString(ConsoleBridge.JSON
                .createObjectNode()
                .put("type", "block_actions")
                .<tools.jackson.databind.node.ObjectNode>set(
                        "user",
                        ConsoleBridge.JSON
                                .createObjectNode()
                                .put("id", "U0ALICE")
                                .put("username", "alice.s"))
                .set(
                        "actions",
                        ConsoleBridge.JSON
                                .createArrayNode()
                                .add(ConsoleBridge.JSON
                                        .createObjectNode()
                                        .put("action_id", "lighthouse_approve")
                                        .put("value", first.review()))));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();

        HttpResponse<String> forged = slack(body, now, "v0=" + "0".repeat(64));
        assertThat(forged.statusCode()).isEqualTo(401);
        HttpResponse<String> stale = slack(body, now - 600, sign(now - 600, body));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(first.answer()).isNotDone();

        HttpResponse<String> signed = slack(body, now, sign(now, body));
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.body()).contains("Counted alice's vote");
        JsonNode answer = first.answer().get(20, TimeUnit.SECONDS);
        assertThat(answer.path("hookSpecificOutput").path("permissionDecision").asString())
                .isEqualTo("allow");
    }

    @Test
    @Order(3)
    void signedLink_failsAfterItExpires() {
        Held later = hold("sudo systemctl restart postgresql");
        clock.advance(Duration.ofMinutes(31));
        browser.manage().deleteAllCookies();
        browser.get(later.link("alice"));
        assertThat(browser.findElement(By.id("problem")).getText()).contains("expired");
        assertThat(browser.findElements(By.id("open-review"))).isEmpty();
    }

    static HttpResponse<String> slack(String body, long timestamp, String signature) {
        return b.send(HttpRequest.newBuilder(URI.create(b.url("/console/slack/actions")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Slack's request signing, as Slack computes it. */
    static String sign(long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SLACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v0="
                + HexFormat.of()
                        .formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    }
}
