package dev.lighthouse.console.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless {@code chromium} driven through its {@code chromedriver}, each with a fresh profile. Where either
 * is not installed the tests are skipped with a message that says how to install them ({@code .ci/run} does).
 */
final class Chromium {
    private Chromium() {}

    /** The browser and its driver on this machine, or the tests skip. */
    static WebDriver start(Path profile) {
        Optional<Path> browser = executable("chromium");
        Optional<Path> driver = executable("chromedriver");
        Assumptions.assumeTrue(
                browser.isPresent() && driver.isPresent(),
                "console browser tests skipped: chromium and chromedriver are not installed"
                        + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        // A closed network makes Chromium's background services wait for the network; keep them off.
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().window().setSize(new Dimension(1280, 760));
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return chrome;
    }

    /** Saves what the browser shows as {@code NAME.png} in the directory system property lighthouse.console.screenshots names. */
    static void screenshot(WebDriver browser, String name) {
        String dir = System.getProperty("lighthouse.console.screenshots");
        if (dir == null) {
            return;
        }
        try {
            Path to = Path.of(dir).resolve(name + ".png");
            Files.createDirectories(to.getParent());
            Files.write(to, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(":"))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
