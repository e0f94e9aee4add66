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
 * OpenCode's plugin file and Copilot CLI's hooks file: where they go for each scope, idempotence, backups, and that
 * uninstalling leaves what the user wrote.
 */
class OpenCodeAndCopilotInstallTest {
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
                        "COPILOT_HOME", root.resolve("cop").toString(),
                        "XDG_CONFIG_HOME", root.resolve("xdg").toString(),
                        "UNRELATED", "x"));

        assertThat(plain.settingsFile(Agent.OPENCODE, Scope.PROJECT))
                .isEqualTo(root.resolve("project/.opencode/plugins/lighthouse.js"));
        assertThat(plain.settingsFile(Agent.OPENCODE, Scope.USER))
                .isEqualTo(root.resolve("home/.config/opencode/plugins/lighthouse.js"));
        assertThat(moved.settingsFile(Agent.OPENCODE, Scope.USER))
                .isEqualTo(root.resolve("xdg/opencode/plugins/lighthouse.js"));
        assertThat(plain.settingsFile(Agent.COPILOT, Scope.PROJECT))
                .isEqualTo(root.resolve("project/.github/hooks/lighthouse.json"));
        assertThat(plain.settingsFile(Agent.COPILOT, Scope.USER))
                .isEqualTo(root.resolve("home/.copilot/hooks/lighthouse.json"));
        assertThat(moved.settingsFile(Agent.COPILOT, Scope.USER)).isEqualTo(root.resolve("cop/hooks/lighthouse.json"));
        assertThat(HookInstaller.defaultScope(Agent.COPILOT)).isEqualTo(Scope.USER);
        assertThat(HookInstaller.defaultScope(Agent.OPENCODE)).isEqualTo(Scope.PROJECT);
        assertThat(Agent.parse(" OpenCode ")).isEqualTo(Agent.OPENCODE);
        assertThatThrownBy(() -> Agent.parse("cursor")).hasMessageContaining("opencode, copilot, qwen or cline");
    }

    @Test
    void openCode_install_writesThePluginWithThisBridge_twiceChangesNothing_uninstallRemovesIt() throws Exception {
        HookInstaller.Result first = installer().install(Agent.OPENCODE, Scope.PROJECT, Transport.HTTP);
        HookInstaller.Result again = installer().install(Agent.OPENCODE, Scope.PROJECT, Transport.HTTP);

        Path plugin = root.resolve("project/.opencode/plugins/lighthouse.js");
        String text = Files.readString(plugin);
        assertThat(first.changed()).isTrue();
        assertThat(first.backup()).isEmpty();
        assertThat(first.script()).isEmpty();
        assertThat(text)
                .contains("const DEFAULT_URL = \"http://127.0.0.1:8765\"")
                .contains("const DEFAULT_TOKEN_FILE = \"" + root.resolve("data/hook-token") + "\"")
                .contains("\"tool.execute.before\"")
                .doesNotContain("@URL@", "@TOKEN_FILE@");
        assertThat(again.changed()).isFalse();

        HookInstaller.Result removed = installer().uninstall(Agent.OPENCODE, Scope.PROJECT);
        assertThat(removed.changed()).isTrue();
        assertThat(plugin).doesNotExist();
        assertThat(installer().uninstall(Agent.OPENCODE, Scope.PROJECT).changed())
                .isFalse();
    }

    @Test
    void openCode_install_otherBridge_replacesOurPluginWithABackup_butNeverSomeoneElsesFile() throws Exception {
        installer().install(Agent.OPENCODE, Scope.PROJECT, Transport.HTTP);
        HookInstaller other = new HookInstaller(
                root.resolve("data"),
                "http://10.0.0.5:8765",
                root.resolve("project"),
                root.resolve("home"),
                Optional.empty(),
                false);

        HookInstaller.Result moved = other.install(Agent.OPENCODE, Scope.PROJECT, Transport.HTTP);

        Path plugin = root.resolve("project/.opencode/plugins/lighthouse.js");
        assertThat(moved.changed()).isTrue();
        assertThat(moved.backup())
                .hasValueSatisfying(b -> assertThat(b).content().contains("127.0.0.1:8765"));
        assertThat(plugin).content().contains("http://10.0.0.5:8765");

        Files.writeString(plugin, "export const Mine = async () => ({})\n");
        assertThatThrownBy(() -> installer().install(Agent.OPENCODE, Scope.PROJECT, Transport.HTTP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not Lighthouse's OpenCode plugin");
        assertThatThrownBy(() -> installer().uninstall(Agent.OPENCODE, Scope.PROJECT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(plugin).content().isEqualTo("export const Mine = async () => ({})\n");
    }

    @Test
    void copilot_install_hooksFileWithTheShellClient_twiceChangesNothing() throws Exception {
        HookInstaller.Result first = installer().install(Agent.COPILOT, Scope.USER, Transport.HTTP);
        HookInstaller.Result again = installer().install(Agent.COPILOT, Scope.USER, Transport.HTTP);

        JsonNode file = json(root.resolve("home/.copilot/hooks/lighthouse.json"));
        assertThat(first.changed()).isTrue();
        assertThat(first.script()).hasValue(root.resolve("data/hooks/lighthouse-hook.sh"));
        assertThat(file.path("version").asInt()).isEqualTo(1);
        assertThat(file.at("/hooks/preToolUse")).hasSize(1);
        JsonNode hook = file.at("/hooks/preToolUse/0");
        assertThat(hook.propertyNames()).containsExactlyInAnyOrder("type", "bash", "timeoutSec");
        assertThat(hook.path("type").asString()).isEqualTo("command");
        assertThat(hook.path("bash").asString())
                .isEqualTo("sh '" + root.resolve("data/hooks/lighthouse-hook.sh") + "' copilot");
        assertThat(hook.path("timeoutSec").asInt()).isEqualTo(10);
        assertThat(again.changed()).isFalse();
    }

    @Test
    void copilot_installIntoAFileWithTheUsersOwnHook_keepsIt_uninstallRestoresIt() throws Exception {
        Path file = root.resolve("project/.github/hooks/lighthouse.json");
        Files.createDirectories(file.getParent());
        String own = """
                {"version": 1, "hooks": {"preToolUse": [{"type": "command", "bash": "./audit.sh"}],
                 "sessionStart": [{"type": "command", "bash": "./hello.sh"}]}}
                """;
        Files.writeString(file, own);

        HookInstaller.Result installed = installer().install(Agent.COPILOT, Scope.PROJECT, Transport.HTTP);
        String backup = Files.readString(installed.backup().orElseThrow());
        JsonNode withOurs = json(file);
        HookInstaller.Result removed = installer().uninstall(Agent.COPILOT, Scope.PROJECT);

        assertThat(backup).isEqualTo(own);
        assertThat(withOurs.at("/hooks/preToolUse/0/bash").asString()).isEqualTo("./audit.sh");
        assertThat(withOurs.at("/hooks/preToolUse/1/bash").asString()).endsWith("lighthouse-hook.sh' copilot");
        assertThat(removed.changed()).isTrue();
        assertThat(json(file)).isEqualTo(RunningBridge.JSON.readTree(own));
    }

    @Test
    void copilot_uninstall_fileOfOursAlone_isRemovedWithABackup() throws Exception {
        installer().install(Agent.COPILOT, Scope.USER, Transport.HTTP);
        Path file = root.resolve("home/.copilot/hooks/lighthouse.json");

        HookInstaller.Result removed = installer().uninstall(Agent.COPILOT, Scope.USER);

        assertThat(removed.changed()).isTrue();
        assertThat(file).doesNotExist();
        assertThat(removed.backup())
                .hasValueSatisfying(b -> assertThat(b).content().contains("lighthouse-hook.sh"));
        assertThat(installer().uninstall(Agent.COPILOT, Scope.USER).changed()).isFalse();
    }
}
