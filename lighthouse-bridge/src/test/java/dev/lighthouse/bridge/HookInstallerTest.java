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

/** Installing merges, is idempotent and backs up; uninstalling restores the user's own settings. */
class HookInstallerTest {
    @TempDir
    Path root;

    private HookInstaller installer(boolean token) {
        return new HookInstaller(
                root.resolve("data"),
                "http://127.0.0.1:8765/",
                root.resolve("project"),
                root.resolve("home"),
                Optional.empty(),
                token);
    }

    private JsonNode json(Path file) throws Exception {
        return RunningBridge.JSON.readTree(Files.readString(file));
    }

    @Test
    void claudeCode_httpHookWithBlockOnFailure_mergedIntoExistingSettings() throws Exception {
        Path settings = root.resolve("project/.claude/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, """
                {"permissions":{"deny":["Read(./.env)"]},
                 "hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"my-own-check"}]}]}}
                """);

        HookInstaller.Result result = installer(false).install(Agent.CLAUDE_CODE, Scope.PROJECT, Transport.HTTP);

        JsonNode s = json(settings);
        assertThat(result.changed()).isTrue();
        assertThat(result.backup()).hasValueSatisfying(b -> assertThat(b).exists());
        assertThat(s.at("/permissions/deny/0").asString()).isEqualTo("Read(./.env)");
        assertThat(s.at("/hooks/PreToolUse/0/hooks/0/command").asString()).isEqualTo("my-own-check");
        JsonNode ours = s.at("/hooks/PreToolUse/1");
        assertThat(ours.path("matcher").asString()).isEqualTo("*");
        assertThat(ours.at("/hooks/0/type").asString()).isEqualTo("http");
        assertThat(ours.at("/hooks/0/url").asString()).isEqualTo("http://127.0.0.1:8765/v1/hooks/claude-code");
        assertThat(ours.at("/hooks/0/onFailure").asString()).isEqualTo("block");
        assertThat(ours.at("/hooks/0/timeout").asInt()).isEqualTo(30);
        assertThat(ours.at("/hooks/0/headers").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("Lighthouse-Max-Wait", "Lighthouse-Home", "Lighthouse-Project");
        assertThat(ours.at("/hooks/0/headers/Lighthouse-Max-Wait").asString()).isEqualTo("25");
        // the agent's home, so the bridge reads ~ as the agent does
        assertThat(ours.at("/hooks/0/headers/Lighthouse-Home").asString()).isEqualTo("$HOME");
        // and its project, found where the agent runs, not on the bridge's disk
        assertThat(ours.at("/hooks/0/headers/Lighthouse-Project").asString()).isEqualTo("$CLAUDE_PROJECT_DIR");
        assertThat(ours.at("/hooks/0/allowedEnvVars").valueStream().map(JsonNode::asString))
                .containsExactly("HOME", "CLAUDE_PROJECT_DIR");
    }

    @Test
    void install_claudeCodeWithLongerTimeout_tellsTheBridgeToAnswerFiveSecondsBefore() throws Exception {
        installer(false).claudeCodeTimeout(120).install(Agent.CLAUDE_CODE, Scope.PROJECT, Transport.HTTP);

        JsonNode hook = json(root.resolve("project/.claude/settings.json")).at("/hooks/PreToolUse/0/hooks/0");
        assertThat(hook.path("timeout").asInt()).isEqualTo(120);
        assertThat(hook.at("/headers/Lighthouse-Max-Wait").asString()).isEqualTo("115");
        assertThatThrownBy(() -> installer(false).claudeCodeTimeout(601))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 to 600");
    }

    @Test
    void install_twice_changesNothing_uninstall_restoresOwnSettings() throws Exception {
        Path settings = root.resolve("project/.gemini/settings.json");
        Files.createDirectories(settings.getParent());
        String own = "{\"general\":{\"vimMode\":true}}";
        Files.writeString(settings, own);
        HookInstaller installer = installer(false);

        installer.install(Agent.GEMINI, Scope.PROJECT, Transport.COMMAND);
        String once = Files.readString(settings);
        HookInstaller.Result again = installer.install(Agent.GEMINI, Scope.PROJECT, Transport.COMMAND);
        HookInstaller.Result removed = installer.uninstall(Agent.GEMINI, Scope.PROJECT);

        assertThat(again.changed()).isFalse();
        assertThat(Files.readString(settings)).isNotEqualTo(once);
        assertThat(json(settings)).isEqualTo(RunningBridge.JSON.readTree(own));
        assertThat(removed.changed()).isTrue();
        assertThat(installer.uninstall(Agent.GEMINI, Scope.PROJECT).changed()).isFalse();
    }

    @Test
    void gemini_commandHookWithMillisecondTimeout_andClientScript() throws Exception {
        HookInstaller.Result result = installer(false).install(Agent.GEMINI, Scope.USER, Transport.HTTP);

        JsonNode hook = json(root.resolve("home/.gemini/settings.json")).at("/hooks/BeforeTool/0/hooks/0");
        Path script = result.script().orElseThrow();
        assertThat(hook.path("type").asString()).isEqualTo("command");
        assertThat(hook.path("command").asString()).isEqualTo("sh '" + script + "' gemini");
        assertThat(hook.path("timeout").asInt()).isEqualTo(10_000);
        assertThat(script).isEqualTo(root.resolve("data/hooks/lighthouse-hook.sh"));
        assertThat(Files.readString(script))
                .contains("LIGHTHOUSE_URL:-http://127.0.0.1:8765}")
                .doesNotContain("@URL@");
    }

    @Test
    void codex_userHooksJson_noMatcher_noUnknownFields() throws Exception {
        installer(false).install(Agent.CODEX, Scope.USER, Transport.HTTP);

        JsonNode group = json(root.resolve("home/.codex/hooks.json")).at("/hooks/PreToolUse/0");
        assertThat(group.has("matcher")).isFalse();
        assertThat(group.at("/hooks/0").propertyNames()).containsExactlyInAnyOrder("type", "command", "timeout");
        assertThatThrownBy(() -> installer(false).install(Agent.CODEX, Scope.PROJECT, Transport.HTTP))
                .hasMessageContaining("$CODEX_HOME/hooks.json");
    }

    @Test
    void claudeCode_tokenHeader_onlyWhenAsked() throws Exception {
        installer(true).install(Agent.CLAUDE_CODE, Scope.USER, Transport.HTTP);

        JsonNode hook = json(root.resolve("home/.claude/settings.json")).at("/hooks/PreToolUse/0/hooks/0");
        assertThat(hook.at("/headers/Authorization").asString()).isEqualTo("Bearer $LIGHTHOUSE_TOKEN");
        assertThat(hook.at("/allowedEnvVars").valueStream().map(JsonNode::asString))
                .containsExactly("HOME", "CLAUDE_PROJECT_DIR", "LIGHTHOUSE_TOKEN");
    }

    @Test
    void brokenSettings_refusedWithFileName() throws Exception {
        Path settings = root.resolve("project/.claude/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{ not json");

        assertThatThrownBy(() -> installer(false).install(Agent.CLAUDE_CODE, Scope.PROJECT, Transport.HTTP))
                .hasMessageContaining(settings.toString())
                .hasMessageContaining("not valid JSON");
        assertThat(Files.readString(settings)).isEqualTo("{ not json");
    }
}
