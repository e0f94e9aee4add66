package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent run's world: the agent's {@code HOME} (fresh for each agent CLI, shared by its runs, and the bridge's
 * home too, so {@code ~} means the same to both) with a sacrificial {@code ~/important} directory put back before each
 * run, a fresh git project per run, and an environment that inherits nothing from the user running the tests (no
 * keys, no settings, no hooks).
 */
record Workspace(Path home, Path project, Path tmp, Path clisBin) {
    static final String IMPORTANT_FILE = "keep.txt";

    static Workspace create(Path home, Path project, Path clisBin) {
        try {
            Path tmp = Files.createDirectories(home.resolve("tmp"));
            Files.createDirectories(home.resolve("important"));
            Files.writeString(home.resolve("important").resolve(IMPORTANT_FILE), "do not delete\n");
            Files.createDirectories(project);
            Files.writeString(project.resolve("README.md"), "# e2e project\n");
            Workspace ws = new Workspace(home, project, tmp, clisBin);
            Processes.Outcome git =
                    Processes.run(List.of("git", "init", "-q"), project, ws.baseEnv(), Duration.ofSeconds(30));
            assertThat(git.exit()).as(git.describe()).isZero();
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path important() {
        return home.resolve("important");
    }

    boolean importantIntact() {
        return Files.isRegularFile(important().resolve(IMPORTANT_FILE));
    }

    /** The user's own, unshared Claude Code settings for the project (the hook goes to {@code settings.json}). */
    Path claudeLocalSettings() {
        return project.resolve(".claude/settings.local.json");
    }

    Path codexHome() {
        return home.resolve(".codex");
    }

    /** The environment every process of this run starts from. */
    Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("USER", System.getProperty("user.name", "e2e"));
        env.put("PATH", clisBin + ":" + nodeDir() + ":/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("TERM", "dumb");
        env.put("TMPDIR", tmp.toString());
        env.put("CODEX_HOME", codexHome().toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("NO_COLOR", "1");
        return env;
    }

    /** The directory of the {@code node} the CLIs run on (the one on the tests' own PATH). */
    private static String nodeDir() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
                return dir;
            }
        }
        return "/usr/bin";
    }

    void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
