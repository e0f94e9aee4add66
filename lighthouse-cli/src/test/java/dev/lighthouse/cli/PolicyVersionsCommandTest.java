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
import dev.lighthouse.policy.Policies;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lighthouse policy apply|rollback|history} as a user runs them, against a real bridge on loopback. */
class PolicyVersionsCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cmd = Lighthouse.commandLine(Map.of("LIGHTHOUSE_HOME", dir.toString()), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void apply_withoutABridge_saysHowToStartOne() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path file = Files.writeString(dir.resolve("team.yaml"), "metadata: {name: team}\n");

        assertThat(run("policy", "apply", file.toString(), "--url", "http://127.0.0.1:" + port))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no bridge answers at http://127.0.0.1:" + port, "lighthouse serve");
    }

    @Test
    void applyHistoryRollback_againstARunningBridge() throws Exception {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        try (EventStore store = EventStores.sqlite(
                        dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
                Rollout rollout = Rollout.open(
                        store,
                        PolicySource.of(Policies.defaultPolicy()),
                        RolloutSettings.defaults(),
                        Alerts.NONE,
                        Clock.systemUTC());
                Bridge bridge = Bridge.builder(
                                BridgeConfig.defaults().withListen("127.0.0.1", 0),
                                rollout.judge(),
                                store,
                                AgentTokens.inDataDir(dir))
                        .rollout(rollout)
                        .start()) {
            String url = bridge.baseUrl();
            Path bad = Files.writeString(
                    dir.resolve("bad.yaml"), "rules:\n  - id: x\n    decision: dney\n    match: {program: [ls]}\n");
            Path team = Files.writeString(dir.resolve("team.yaml"), """
                    metadata: {name: team}
                    rules:
                      - id: no-kubectl
                        decision: deny
                        match: {program: [kubectl]}
                        reason: Cluster access goes through the deploy pipeline.
                    """);

            assertThat(run("policy", "apply", bad.toString(), "--url", url)).isEqualTo(1);
            assertThat(err.toString()).contains(bad + ":3:").contains("dney");

            assertThat(run("policy", "apply", team.toString(), "--canary", "10%", "--url", url, "--reason", "try"))
                    .isZero();
            assertThat(out.toString()).contains("canary  team@").contains("10% of agents");
            assertThat(run("policy", "promote", "--url", url)).isZero();
            assertThat(out.toString()).startsWith("active  team@");

            assertThat(run("policy", "history", "--url", url)).isZero();
            assertThat(out.toString()).contains("policy.activated", "canary", "by owner: try");

            assertThat(run("policy", "rollback", "0123456789ab", "--url", url)).isEqualTo(1);
            assertThat(err.toString()).contains("no policy version `0123456789ab`");
            assertThat(run("policy", "rollback", "--url", url, "--reason", "too strict"))
                    .isZero();
            assertThat(out.toString()).startsWith("active  default@").contains("(known-good)");
            assertThat(run("policy", "apply", "--canary", "150", team.toString(), "--url", url))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("expected a share of agents from 1% to 99%");
        }
    }

    @Test
    void checkAndShow_useTheRunningBridgesActiveVersion_andOfflineTheLocalFiles() throws Exception {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        try (EventStore store = EventStores.sqlite(
                        dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
                Rollout rollout = Rollout.open(
                        store,
                        PolicySource.of(Policies.defaultPolicy()),
                        RolloutSettings.defaults(),
                        Alerts.NONE,
                        Clock.systemUTC());
                Bridge bridge = Bridge.builder(
                                BridgeConfig.defaults().withListen("127.0.0.1", 0),
                                rollout.judge(),
                                store,
                                AgentTokens.inDataDir(dir))
                        .rollout(rollout)
                        .start()) {
            String url = bridge.baseUrl();
            Path team = Files.writeString(dir.resolve("team.yaml"), """
                    metadata: {name: team}
                    rules:
                      - id: no-cowsay
                        decision: deny
                        match: {program: [cowsay]}
                        reason: Not in this repository.
                    """);
            assertThat(run("policy", "apply", team.toString(), "--url", url)).isZero();

            assertThat(run("check", "--url", url, "--", "cowsay hi")).isEqualTo(CheckCommand.EXIT_DENY);
            assertThat(out.toString())
                    .contains("no-cowsay")
                    .contains("policy active on the bridge at " + url)
                    .contains("the local files are default@");

            assertThat(run("check", "--offline", "--url", url, "--", "cowsay hi"))
                    .isZero();
            assertThat(out.toString()).contains("from the built-in default");

            assertThat(run("policy", "show", "--url", url)).isZero();
            assertThat(out.toString()).startsWith("policy team@").contains("no-cowsay");
        }
    }
}
