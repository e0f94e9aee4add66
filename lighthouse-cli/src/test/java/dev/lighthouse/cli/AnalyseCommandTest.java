package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code lighthouse analyse}: the tree for people, JSON for machines, exit 3 when incomplete. */
class AnalyseCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Lighthouse.commandLine(Map.of(), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void tree_showsRmOnResolvedHome_privileged_underSudoAndBashC() {
        int code = run("analyse", "--home", "/home/u", "--cwd", "/w", "sudo bash -c \"r\\m -rf \\$HOME\"");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("via sudo")
                .contains("via bash -c")
                .contains("rm -rf /home/u   [privileged]");
    }

    @Test
    void json_hasSchemaVersion_argsWithPaths_traitsAndVia() {
        int code = run("analyse", "--json", "--home", "/home/u", "--cwd", "/w", "sudo bash -c \"r\\m -rf \\$HOME\"");

        assertThat(code).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(out.toString());
        assertThat(root.get("schema_version").asInt()).isEqualTo(1);
        JsonNode rm = root.get("commands").get(1);
        assertThat(rm.get("program").asString()).isEqualTo("rm");
        assertThat(rm.get("args").get(1).get("path").asString()).isEqualTo("/home/u");
        assertThat(rm.get("traits").toString()).contains("PRIVILEGED");
        assertThat(rm.get("via").toString()).isEqualTo("[\"sudo\",\"bash -c\"]");
    }

    @Test
    void incompleteLine_exitsThree_andSaysWhere() {
        assertThat(run("analyse", "echo 'unterminated")).isEqualTo(AnalyseCommand.EXIT_INCOMPLETE);
        assertThat(out.toString()).contains("incomplete: offset 5: unterminated single quote");
    }

    @Test
    void relativeCwd_isOneClearError() {
        assertThat(run("analyse", "--cwd", "rel", "ls")).isEqualTo(1);
        assertThat(err.toString()).contains("--cwd and --home must be absolute paths");
    }
}
