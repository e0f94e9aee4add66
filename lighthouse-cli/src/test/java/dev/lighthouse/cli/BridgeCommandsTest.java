package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code lighthouse agents} and {@code lighthouse hook} as a user runs them. */
class BridgeCommandsTest {
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
    void agents_addShowsTokenOnce_listShowsRole_revokeMarksIt() throws Exception {
        Path data = dir.resolve("data");

        assertThat(run("--data-dir", data.toString(), "agents", "add", "builder-1", "--role", "expert"))
                .isZero();
        Matcher token = Pattern.compile("lh_[A-Za-z0-9_-]{43}").matcher(out.toString());
        assertThat(token.find()).isTrue();
        assertThat(Files.readString(data.resolve("agents.json"))).doesNotContain(token.group());

        assertThat(run("--data-dir", data.toString(), "agents", "list")).isZero();
        assertThat(out.toString()).contains("builder-1").contains("expert").contains("active");

        assertThat(run("--data-dir", data.toString(), "agents", "revoke", "builder-1"))
                .isZero();
        assertThat(run("--data-dir", data.toString(), "agents", "list", "--json"))
                .isZero();
        JsonNode list = JsonMapper.builder().build().readTree(out.toString());
        assertThat(list.at("/agents/0/revoked").isString()).isTrue();

        assertThat(run("--data-dir", data.toString(), "agents", "add", "builder-2", "--role", "agent", "--json"))
                .isZero();
        JsonNode added = JsonMapper.builder().build().readTree(out.toString());
        assertThat(added.path("schema_version").asInt()).isEqualTo(1);
        assertThat(added.path("token").asString()).startsWith("lh_");
        assertThat(run("--data-dir", data.toString(), "agents", "list", "--json"))
                .isZero();
        assertThat(out.toString()).contains("\"name\":\"builder-2\",\"role\":\"agent\"");
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(out.toString())
                        .at("/agents/1/revoked")
                        .isNull())
                .as("an active agent's revoked is there, as null")
                .isTrue();

        assertThat(run("--data-dir", data.toString(), "agents", "revoke", "builder-1"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no active token");
        assertThat(run("--data-dir", data.toString(), "agents", "add", "x", "--role", "boss"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("expected agent, expert, reviewer or admin");
    }

    @Test
    void hook_installTwice_thenUninstall() throws Exception {
        Path project = dir.resolve("project");
        String[] install = {"--data-dir", dir.resolve("data").toString(), "hook", "install", "--dir", project.toString()
        };

        assertThat(run(install)).isZero();
        assertThat(out.toString()).startsWith("Installed the claude-code hook in");
        assertThat(run(install)).isZero();
        assertThat(out.toString()).startsWith("Already installed");
        JsonNode settings =
                JsonMapper.builder().build().readTree(Files.readString(project.resolve(".claude/settings.json")));
        assertThat(settings.at("/hooks/PreToolUse/0/hooks/0/url").asString())
                .isEqualTo("http://127.0.0.1:8765/v1/hooks/claude-code");
        int timeout = settings.at("/hooks/PreToolUse/0/hooks/0/timeout").asInt();
        assertThat(Files.readString(Path.of("..", "docs", "bridge.md")))
                .as("docs/bridge.md states the hook's default timeout")
                .contains("a " + timeout + " s timeout");

        assertThat(run("hook", "uninstall", "--dir", project.toString())).isZero();
        assertThat(out.toString()).startsWith("Removed the Lighthouse hook");
        assertThat(run("hook", "install", "--agent", "codex", "--scope", "project"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("--scope user");
    }

    @Test
    void hook_installWithTimeout_forClaudeCodeOnly() throws Exception {
        Path project = dir.resolve("project");
        String data = dir.resolve("data").toString();

        assertThat(run("--data-dir", data, "hook", "install", "--dir", project.toString(), "--timeout", "120"))
                .isZero();
        JsonNode hook = JsonMapper.builder()
                .build()
                .readTree(Files.readString(project.resolve(".claude/settings.json")))
                .at("/hooks/PreToolUse/0/hooks/0");
        assertThat(hook.path("timeout").asInt()).isEqualTo(120);
        assertThat(hook.at("/headers/Lighthouse-Max-Wait").asString()).isEqualTo("115");

        assertThat(run("--data-dir", data, "hook", "install", "--agent", "gemini", "--timeout", "60"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("Claude Code's HTTP hook only");
        assertThat(run("--data-dir", data, "hook", "install", "--dir", project.toString(), "--timeout", "5"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("10 to 600");
    }

    @Test
    void hook_installForABridgeOffThisMachine_refusesWithoutAToken_andSendsTheTokenWithOne() throws Exception {
        Path project = dir.resolve("project");
        String[] install = {
            "--data-dir",
            dir.resolve("data").toString(),
            "hook",
            "install",
            "--dir",
            project.toString(),
            "--url",
            "http://10.1.2.3:8765"
        };

        assertThat(run(install)).isEqualTo(1);
        assertThat(err.toString())
                .contains("http://10.1.2.3:8765 is not on this machine")
                .contains("LIGHTHOUSE_TOKEN");
        assertThat(project.resolve(".claude/settings.json")).doesNotExist();

        CommandLine withToken = Lighthouse.commandLine(Map.of("LIGHTHOUSE_TOKEN", "lh_test"), dir);
        withToken.setOut(new PrintWriter(out, true));
        withToken.setErr(new PrintWriter(err, true));
        assertThat(withToken.execute(install)).isZero();
        JsonNode hook = JsonMapper.builder()
                .build()
                .readTree(Files.readString(project.resolve(".claude/settings.json")))
                .at("/hooks/PreToolUse/0/hooks/0");
        assertThat(hook.path("url").asString()).isEqualTo("http://10.1.2.3:8765/v1/hooks/claude-code");
        assertThat(hook.at("/headers/Authorization").asString()).isEqualTo("Bearer $LIGHTHOUSE_TOKEN");
    }
}
