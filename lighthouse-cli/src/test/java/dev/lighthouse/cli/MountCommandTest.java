package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutSettings;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.fuse.Mount;
import dev.lighthouse.policy.Policies;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code lighthouse mount} in a process of its own, as a person runs it in a second terminal, and
 * {@code lighthouse umount} from this one. The view finds the owner token in the data dir by itself.
 */
class MountCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cmd = Lighthouse.commandLine(Map.of(), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void mountInOneProcess_umountFromAnother() throws Exception {
        Mount.unavailable().ifPresent(why -> {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI is set and FUSE is missing: " + why);
            }
            System.err.println("lighthouse-cli: skipping the mount test: " + why);
            Assumptions.abort(why);
        });
        Path data = Files.createDirectories(dir.resolve("data"));
        Path view = Files.createDirectories(dir.resolve("view"));
        assertThat(run("umount", view.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nothing is mounted at " + view);

        Keyring keys = Keyring.loadOrCreate(data.resolve("events.keys"), Clock.systemUTC());
        AgentTokens tokens = AgentTokens.inDataDir(data);
        tokens.ensureOwner(); // as the first `serve` does
        try (EventStore store =
                        EventStores.sqlite(data.resolve("events.db"), StoreOptions.of(keys, data.resolve("cp")));
                Bridge bridge = Bridge.builder(
                                BridgeConfig.defaults().withListen("127.0.0.1", 0),
                                Rollout.open(
                                                store,
                                                PolicySource.of(Policies.defaultPolicy()),
                                                RolloutSettings.defaults(),
                                                Alerts.NONE,
                                                Clock.systemUTC())
                                        .judge(),
                                store,
                                tokens)
                        .start()) {
            Process mount = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "--enable-native-access=ALL-UNNAMED",
                            "-cp",
                            System.getProperty("java.class.path"),
                            Lighthouse.class.getName(),
                            "--data-dir",
                            data.toString(),
                            "mount",
                            view.toString(),
                            "--url",
                            bridge.baseUrl())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(mount.getInputStream(), StandardCharsets.UTF_8));
                assertThat(lines.readLine()).startsWith("Mounted the bridge at " + bridge.baseUrl());
                var about = JsonMapper.builder()
                        .build()
                        .readTree(view.resolve("debug/mount.json").toFile());
                assertThat(about.path("token").asString()).isEqualTo("given");

                assertThat(run("umount", view.toString())).as(err.toString()).isZero();
                assertThat(out.toString()).contains("stopped the view's process " + mount.pid());
                assertThat(mount.waitFor(15, TimeUnit.SECONDS)).isTrue();
                assertThat(mount.exitValue())
                        .as("stopped by SIGTERM, after unmounting")
                        .isEqualTo(128 + 15);
                assertThat(Mount.isMounted(view)).isFalse();
            } finally {
                mount.destroyForcibly();
            }
        }
    }
}
