package dev.lighthouse.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/** The console in headless Chromium against a real bridge: what a person at the browser sees and may do. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleBrowserTest {
    @TempDir
    static Path dataDir;

    @TempDir
    static Path profile;

    static ConsoleBridge b;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        b = new ConsoleBridge(dataDir, builder -> builder);
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
    }

    @BeforeEach
    void loggedOut() {
        browser.get(b.url("/console/login"));
        browser.manage().deleteAllCookies();
    }

    WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(browser, d, Duration.ofMillis(20));
    }

    void logIn(String token) {
        browser.get(b.url("/console/login"));
        browser.findElement(By.name("token")).sendKeys(token);
        browser.findElement(By.id("login")).click();
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
    }

    @Test
    void logIn_withTheOwnersToken_opensTheLiveTable() {
        browser.get(b.url("/console/"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        assertThat(browser.findElements(By.cssSelector("input")))
                .extracting(e -> e.getAttribute("name"))
                .containsExactly("csrf", "token");
        Chromium.screenshot(browser, "login");
        logIn(b.owner());
        assertThat(browser.getCurrentUrl()).endsWith("/console/");
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("owner");
        assertThat(browser.manage().getCookieNamed("lh_session").isHttpOnly()).isTrue();
        assertThat(browser.manage().getCookieNamed("lh_session").getSameSite()).isEqualTo("Strict");
    }

    @Test
    void decisionThroughAHook_appearsInTheLiveTable_withinASecond() {
        logIn(b.owner());
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("stream-state"), "live"));
        JsonNode answer = b.claudeCode("live-1", "ls -la /home/agent/project");
        assertThat(answer.toString()).contains("allow");
        waitUpTo(Duration.ofSeconds(1))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#decisions tbody"), "ls -la /home/agent/project"));
        for (int i = 0; i < 5; i++) {
            b.claudeCode("live-2", "git status --short " + i);
        }
        b.claudeCode("live-2", "rm -rf /");
        waitUpTo(Duration.ofSeconds(2))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#decisions tbody tr:first-child"), "rm -rf /"));
        browser.findElement(By.cssSelector("#decisions tbody tr:first-child")).click();
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-analysis"), "rm -rf /"));
        assertThat(browser.findElement(By.id("detail")).getText())
                .contains("deny")
                .contains("seq");
        Chromium.screenshot(browser, "live");

        browser.findElement(By.id("pause")).click();
        b.claudeCode("live-3", "echo paused");
        waitUpTo(Duration.ofSeconds(2)).until(ExpectedConditions.textToBe(By.id("pending-count"), "1 new"));
        assertThat(browser.findElement(By.cssSelector("#decisions tbody")).getText())
                .doesNotContain("echo paused");
        browser.findElement(By.id("pause")).click();
        waitUpTo(Duration.ofSeconds(2))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#decisions tbody"), "echo paused"));

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-answer"))).selectByVisibleText("deny");
        assertThat(browser.findElements(By.cssSelector("#decisions tbody tr")))
                .allSatisfy(tr -> assertThat(tr.getText()).contains("deny"));
    }

    @Test
    void liveTable_holdsTheRowsThatFitOnScreen_andFindsOlderOnesByFilter() {
        logIn(b.owner());
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("stream-state"), "live"));
        int calls = 120;
        for (int i = 0; i < calls; i++) {
            b.claudeCode("window-1", "ls -la window/row-" + i);
        }
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#decisions tbody tr:first-child"), "window/row-" + (calls - 1)));
        browser.findElement(By.id("f-session")).sendKeys("window-1");
        waitUpTo(Duration.ofSeconds(2))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("window-note"), " of " + calls + " matching decisions kept here"));
        int drawn = browser.findElements(By.cssSelector("#decisions tbody tr")).size();
        assertThat(drawn).as("rows in the table").isLessThan(calls).isGreaterThanOrEqualTo(20);
        assertThat(browser.findElement(By.id("window-note")).getText()).startsWith("the newest " + drawn + " of ");

        browser.findElement(By.id("f-text")).sendKeys("window/row-0\"");
        waitUpTo(Duration.ofSeconds(2))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#decisions tbody tr"), 1));
        assertThat(browser.findElement(By.cssSelector("#decisions tbody tr")).getText())
                .contains("ls -la window/row-0");
        assertThat(browser.findElement(By.id("show-older")).isDisplayed()).isFalse();
        ((JavascriptExecutor) browser)
                .executeScript("const f = document.getElementById('f-text'); f.value = '';"
                        + " f.dispatchEvent(new Event('input'));");
        waitUpTo(Duration.ofSeconds(2))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#decisions tbody tr"), drawn));
        browser.findElement(By.id("show-older")).click();
        assertThat(browser.findElements(By.cssSelector("#decisions tbody tr"))).hasSize(calls);
        ((JavascriptExecutor) browser)
                .executeScript("const f = document.getElementById('f-session'); f.value = '';"
                        + " f.dispatchEvent(new Event('input'));");
    }

    @Test
    void heldClaudeCodeCall_approvedInTheConsole_isAllowed() throws Exception {
        CompletableFuture<JsonNode> held =
                CompletableFuture.supplyAsync(() -> b.claudeCode("held-1", "sudo apt-get install -y cowsay"));
        logIn(b.owner());
        browser.get(b.url("/console/reviews"));
        WebElement row = waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.xpath("//table[@id='reviews']//tr[contains(., 'apt-get install -y cowsay')]")));
        assertThat(held).isNotDone();
        row.click();
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("vote-reason")))
                .sendKeys("cowsay is harmless; approved from the console");
        Chromium.screenshot(browser, "review");
        List<WebElement> confirm = browser.findElements(By.id("confirm-allow"));
        if (!confirm.isEmpty() && confirm.getFirst().isDisplayed()) {
            confirm.getFirst().click();
        }
        browser.findElement(By.id("approve")).click();
        JsonNode answer = held.get(20, TimeUnit.SECONDS);
        assertThat(answer.path("hookSpecificOutput").path("permissionDecision").asString())
                .isEqualTo("allow");
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("vote-result"), "approved"));
    }

    @Test
    void reviewer_seesNoAdminActions_andAForgedPostWithoutTheCsrfTokenIsRefused() {
        String token = b.tokens.add("rita", Role.REVIEWER, Instant.now()).token();
        logIn(token);
        browser.get(b.url("/console/policy"));
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("policy-status"), "active"));
        assertThat(browser.findElements(By.id("policy-admin"))).isEmpty();
        browser.get(b.url("/console/health"));
        assertThat(browser.findElements(By.id("agents-admin"))).isEmpty();
        Object status = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/console/api/v1/reviews/rv_x/verdict', {method: 'POST',"
                        + " headers: {'Content-Type': 'application/json'},"
                        + " body: JSON.stringify({verdict: 'approve', reason: 'forged'})})"
                        + ".then(r => done(r.status), e => done(String(e)));");
        assertThat(status).isEqualTo(403L);
        Object admin = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "const csrf = document.querySelector('meta[name=csrf]').content;"
                        + "fetch('/console/api/v1/policy/abort', {method: 'POST',"
                        + " headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},"
                        + " body: JSON.stringify({reason: 'not mine to do'})})"
                        + ".then(r => done(r.status), e => done(String(e)));");
        assertThat(admin).isEqualTo(403L);
    }

    @Test
    void hostileCommand_isShownAsText() {
        String hostile = "echo '<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"><b>bold</b>'";
        logIn(b.owner());
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("stream-state"), "live"));
        b.claudeCode("hostile-1", hostile);
        waitUpTo(Duration.ofSeconds(2))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#decisions tbody"), "<script>window.pwned=1</script>"));
        browser.findElement(By.xpath("//table[@id='decisions']//tr[contains(., 'window.pwned')]"))
                .click();
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-call"), "<b>bold</b>"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined"))
                .isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#decisions b, #detail b, #decisions img, #detail img")))
                .isEmpty();
    }

    @Test
    void policyAndHealthPages_showTheOwnerTheirAdminActions() {
        logIn(b.owner());
        b.claudeCode("health-1", "ls");
        browser.get(b.url("/console/policy"));
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("policy-status"), "active"));
        assertThat(browser.findElements(By.id("policy-admin"))).hasSize(1);
        Chromium.screenshot(browser, "policy");
        browser.get(b.url("/console/health"));
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#sla tbody"), "ok"));
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "intact up to seq"));
        assertThat(browser.findElements(By.id("agents-admin"))).hasSize(1);
        waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("logins"), "logged in"));
        assertThat(browser.findElement(By.cssSelector("#logins tbody tr:first-child"))
                        .getText())
                .contains("owner")
                .contains("logged in")
                .contains("token")
                .contains("127.0.0.1");
        Chromium.screenshot(browser, "health");
    }
}
