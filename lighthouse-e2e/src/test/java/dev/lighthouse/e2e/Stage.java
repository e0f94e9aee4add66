package dev.lighthouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Everything one agent CLI's tests share: its fresh home, the scripted model and a real {@code lighthouse serve}
 * whose home is the agent's (the bridge resolves {@code ~} in commands with its own home).
 *
 * <p>The directory lives next to the installed CLIs, not under {@code /tmp}, as users' homes do (a home under
 * {@code /tmp} is protected like any other, but scratch space around it is not). Projects live in the home, as
 * users' do: a project outside the agent's home (say under {@code /root} for another user) counts as a system path.
 */
final class Stage implements AutoCloseable {
    private final Agent agent;
    private final Path root;
    private final Path home;
    private final AtomicInteger runs = new AtomicInteger();
    final ScriptedModel model;
    final BridgeProcess bridge;

    private Stage(Agent agent, Path root) {
        this.agent = agent;
        this.root = root;
        try {
            this.home = Files.createDirectories(root.resolve("home"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.model = new ScriptedModel();
        this.bridge = BridgeProcess.start(root, home, AgentRun.policy());
    }

    static Stage start(Agent agent) {
        try {
            Path runs = Files.createDirectories(runsDir());
            return new Stage(agent, Files.createTempDirectory(runs, agent.id + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Beside the CLIs, else in the build directory: the first that is not a temporary directory. */
    private static Path runsDir() {
        Path besideClis = AgentClis.dir().toAbsolutePath().resolveSibling("runs");
        Path inBuild = Path.of(System.getProperty("lighthouse.e2e.build", "target"))
                .toAbsolutePath()
                .resolve("e2e-runs");
        for (Path candidate : List.of(besideClis, inBuild)) {
            if (!candidate.startsWith("/tmp") && !candidate.startsWith("/var/tmp")) {
                return candidate;
            }
        }
        throw new IllegalStateException(("both %s and %s are under /tmp, which the policy treats as temporary: a home"
                        + " there is not protected like a real one. Set LIGHTHOUSE_E2E_CLIS elsewhere.")
                .formatted(besideClis, inBuild));
    }

    /** One run of the agent in a fresh project, its hook installed to call {@code bridgeUrl}. */
    AgentRun run(Setup setup, String bridgeUrl, String command) {
        Path project = home.resolve("work").resolve("project-" + runs.incrementAndGet());
        Workspace ws = Workspace.create(home, project, AgentClis.bin());
        setup.prepare().accept(ws);
        return AgentRun.run(agent, ws, model, bridgeUrl, setup, command);
    }

    /** The agent's home, which is the bridge's home too. */
    Path home() {
        return home;
    }

    /** A directory of this stage's own (made if missing), removed with it: say, a second agent's home. */
    Path dir(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another bridge for this stage's agent home, started with more {@code serve} arguments; the caller closes it. */
    BridgeProcess otherBridge(String name, String... serveArgs) {
        try {
            return BridgeProcess.start(
                    Files.createDirectories(root.resolve(name)), home, AgentRun.policy(), List.of(serveArgs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AgentRun run(String bridgeUrl, String command) {
        return run(Setup.defaults(), bridgeUrl, command);
    }

    /** One run with the hook calling this stage's bridge. */
    AgentRun run(String command) {
        return run(bridge.url(), command);
    }

    @Override
    public void close() {
        try {
            bridge.close();
        } finally {
            model.close();
            delete(root);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a left-over directory under the cache costs disk, not correctness
        }
    }
}
