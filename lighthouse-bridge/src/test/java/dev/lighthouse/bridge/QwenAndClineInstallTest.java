package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.install.HookInstaller;
import dev.lighthouse.bridge.install.HookInstaller.Agent;
import dev.lighthouse.bridge.install.HookInstaller.Scope;
import dev.lighthouse.bridge.install.HookInstaller.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Qwen Code's settings hook and Cline's hook file: where they go for each scope, idempotence, backups, and that
 * uninstalling leaves what the user wrote.
 */
class QwenAndClineInstallTest {
    @TempDir
    Path root;

    private HookInstaller installer() {
        return new HookInstaller(
                root.resolve("data"),
                "http://127.0.0.1:8765/",
                root.resolve("project"),
                root.resolve("home"),
                Optional.empty(),
                false);
    }

    private JsonNode json(Path file) throws Exception {
        return RunningBridge.JSON.readTree(Files.readString(file));
    }

    @Test
    void settingsFile_followsTheAgentsOwnDirectories() {
        HookInstaller plain = installer();
        HookInstaller moved = installer()
                .environment(Map.of(
                        "QWEN_HOME",
                        root.resolve("qw").toString(),
                        "CLINE_DIR",
                        root.resolve("cl").toString()));

        assertThat(plain.settingsFile(Agent.QWEN, Scope.PROJECT))
                .isEqualTo(root.resolve("project/.qwen/settings.json"));
        assertThat(plain.settingsFile(Agent.QWEN, Scope.USER)).isEqualTo(root.resolve("home/.qwen/settings.json"));
        assertThat(moved.settingsFile(Agent.QWEN, Scope.USER)).isEqualTo(root.resolve("qw/settings.json"));
        assertThat(plain.settingsFile(Agent.CLINE, Scope.PROJECT))
                .isEqualTo(root.resolve("project/.cline/hooks/PreToolUse"));
        assertThat(plain.settingsFile(Agent.CLINE, Scope.USER)).isEqualTo(root.resolve("home/.cline/hooks/PreToolUse"));
        assertThat(moved.settingsFile(Agent.CLINE, Scope.USER)).isEqualTo(root.resolve("cl/hooks/PreToolUse"));
        assertThat(HookInstaller.defaultScope(Agent.QWEN)).isEqualTo(Scope.PROJECT);
        assertThat(HookInstaller.defaultScope(Agent.CLINE)).isEqualTo(Scope.PROJECT);
        assertThat(Agent.parse("Qwen")).isEqualTo(Agent.QWEN);
        assertThat(Agent.parse("cline")).isEqualTo(Agent.CLINE);
    }

    @Test
    void qwen_install_claudeCodeShapedCommandHook_secondsTimeout_twiceChangesNothing() throws Exception {
        HookInstaller.Result first = installer().install(Agent.QWEN, Scope.PROJECT, Transport.HTTP);
        HookInstaller.Result again = installer().install(Agent.QWEN, Scope.PROJECT, Transport.HTTP);

        JsonNode settings = json(root.resolve("project/.qwen/settings.json"));
        assertThat(first.changed()).isTrue();
        assertThat(first.script()).hasValue(root.resolve("data/hooks/lighthouse-hook.sh"));
        assertThat(settings.at("/hooks/PreToolUse")).hasSize(1);
        assertThat(settings.at("/hooks/PreToolUse/0/matcher").asString()).isEqualTo("*");
        JsonNode hook = settings.at("/hooks/PreToolUse/0/hooks/0");
        assertThat(hook.propertyNames()).containsExactlyInAnyOrder("type", "command", "timeout");
        assertThat(hook.path("command").asString())
                .isEqualTo("sh '" + root.resolve("data/hooks/lighthouse-hook.sh") + "' qwen");
        // Qwen reads timeouts in seconds (values of 1000 or more as legacy milliseconds).
        assertThat(hook.path("timeout").asInt()).isEqualTo(10);
        assertThat(again.changed()).isFalse();
        assertThat(again.backup()).isEmpty();
    }

    @Test
    void qwen_installIntoTheUsersSettings_keepsTheirKeysAndHooks_uninstallRestoresThem() throws Exception {
        Path file = root.resolve("home/.qwen/settings.json");
        Files.createDirectories(file.getParent());
        String own = """
                {"model": {"name": "qwen3-coder"},
                 "hooks": {"PreToolUse": [{"matcher": "write_file", "hooks": [{"type": "command", "command": "./fmt.sh"}]}]}}
                """;
        Files.writeString(file, own);

        HookInstaller.Result installed = installer().install(Agent.QWEN, Scope.USER, Transport.HTTP);
        String backup = Files.readString(installed.backup().orElseThrow());
        JsonNode withOurs = json(file);
        HookInstaller.Result removed = installer().uninstall(Agent.QWEN, Scope.USER);

        assertThat(backup).isEqualTo(own);
        assertThat(withOurs.at("/model/name").asString()).isEqualTo("qwen3-coder");
        assertThat(withOurs.at("/hooks/PreToolUse")).hasSize(2);
        assertThat(withOurs.at("/hooks/PreToolUse/1/hooks/0/command").asString())
                .endsWith("' qwen");
        assertThat(removed.changed()).isTrue();
        assertThat(json(file)).isEqualTo(RunningBridge.JSON.readTree(own));
    }

    @Test
    void cline_install_writesAnExecutableHookFileRunningTheShellClient_twiceChangesNothing_uninstallRemovesIt()
            throws Exception {
        HookInstaller.Result first = installer().install(Agent.CLINE, Scope.PROJECT, Transport.HTTP);
        HookInstaller.Result again = installer().install(Agent.CLINE, Scope.PROJECT, Transport.HTTP);

        Path hook = root.resolve("project/.cline/hooks/PreToolUse");
        assertThat(first.changed()).isTrue();
        assertThat(first.backup()).isEmpty();
        assertThat(first.script()).hasValue(root.resolve("data/hooks/lighthouse-hook.sh"));
        assertThat(Files.readString(hook))
                .startsWith("#!/bin/sh\n")
                .contains("exec sh '" + root.resolve("data/hooks/lighthouse-hook.sh") + "' cline\n");
        assertThat(Files.isExecutable(hook)).isTrue();
        assertThat(again.changed()).isFalse();

        HookInstaller.Result removed = installer().uninstall(Agent.CLINE, Scope.PROJECT);
        assertThat(removed.changed()).isTrue();
        assertThat(hook).doesNotExist();
        assertThat(installer().uninstall(Agent.CLINE, Scope.PROJECT).changed()).isFalse();
    }

    @Test
    void cline_install_otherDataDir_replacesOurHookWithABackup_butNeverTheUsersOwnHook() throws Exception {
        installer().install(Agent.CLINE, Scope.USER, Transport.HTTP);
        HookInstaller other = new HookInstaller(
                root.resolve("data2"),
                "http://127.0.0.1:8765",
                root.resolve("project"),
                root.resolve("home"),
                Optional.empty(),
                false);

        HookInstaller.Result moved = other.install(Agent.CLINE, Scope.USER, Transport.HTTP);

        Path hook = root.resolve("home/.cline/hooks/PreToolUse");
        assertThat(moved.backup())
                .hasValueSatisfying(b -> assertThat(b).content().contains("/data/hooks/"));
        assertThat(hook).content().contains("/data2/hooks/lighthouse-hook.sh' cline");

        String own = "#!/bin/sh\necho '{}'\n";
        Files.writeString(hook, own);
        assertThatThrownBy(() -> installer().install(Agent.CLINE, Scope.USER, Transport.HTTP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not Lighthouse's Cline hook file");
        assertThatThrownBy(() -> installer().uninstall(Agent.CLINE, Scope.USER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(hook).content().isEqualTo(own);
    }
}
