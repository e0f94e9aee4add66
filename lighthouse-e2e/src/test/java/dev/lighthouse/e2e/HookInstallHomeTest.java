package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lighthouse hook install --scope user} writes where the agents read: {@code $HOME}, which Claude Code, Codex
 * and Gemini CLI all use, even when Java's {@code user.home} (from the password database) is elsewhere, as in
 * containers, CI and under {@code sudo} with a kept environment.
 */
class HookInstallHomeTest {
    @Test
    void userScope_followsHomeVariable_notJavasUserHome(@TempDir Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path passwdHome = Files.createDirectories(dir.resolve("passwd-home"));
        Path project = Files.createDirectories(dir.resolve("project"));

        Processes.Outcome out = Processes.run(
                LighthouseCli.command(
                        passwdHome,
                        "hook",
                        "install",
                        "--agent",
                        "claude-code",
                        "--scope",
                        "user",
                        "--url",
                        "http://127.0.0.1:9"),
                project,
                Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(60));

        assertThat(out.exit()).as(out.describe()).isZero();
        assertThat(home.resolve(".claude/settings.json")).as(out.describe()).isRegularFile();
        assertThat(passwdHome.resolve(".claude")).as(out.describe()).doesNotExist();
    }
}
