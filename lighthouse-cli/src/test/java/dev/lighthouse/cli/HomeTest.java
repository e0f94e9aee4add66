package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI follows {@code $HOME}, as the shell and the agents do, not the JVM's {@code user.home} (which comes from the
 * password database): {@code ~} in analysed lines and the default data dir. A real process, since {@code HOME} is the
 * process environment.
 */
@Timeout(120)
class HomeTest {
    @TempDir
    Path dir;

    private String run(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Lighthouse.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("LIGHTHOUSE_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void tildeAndTheDefaultDataDir_followHOME_notUserHome() throws Exception {
        Path home = Files.createDirectories(dir.resolve("elsewhere"));

        String analysed = run(home, "analyse", "--cwd", "/w", "rm -rf ~/x");
        String config = run(home, "config", "show");

        assertThat(analysed).contains("rm -rf " + home.resolve("x"));
        assertThat(config).contains("data dir:    " + home.resolve(".lighthouse"));
        assertThat(System.getProperty("user.home")).isNotEqualTo(home.toString());
    }
}
