package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import dev.lighthouse.review.llm.LlmExpertConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code review.experts}: a list of mappings in the config file, JSON in the environment, keys masked when shown. */
class ReviewExpertsConfigTest {
    @TempDir
    Path dir;

    private static final String YAML = """
            review:
              experts:
                - name: claude
                  provider: anthropic
                  model: claude-sonnet-4-5
                  api-key-env: TEAM_ANTHROPIC_KEY
                  price-input: 3
                  price-output: 15
                - name: local
                  provider: openai
                  model: llama3.1
                  endpoint: http://127.0.0.1:11434
                  api-key: sk-written-into-the-file
                  timeout: 30s
            """;

    @Test
    void configFile_listOfMappings_becomesTypedExperts() throws IOException {
        Path file = Files.writeString(dir.resolve("lighthouse.yaml"), YAML);

        List<LlmExpertConfig> experts = Settings.load(new Settings.Flags(Optional.of(file), Map.of()), Map.of(), dir)
                .get(ConfigKeys.REVIEW_EXPERTS);

        assertThat(experts).extracting(LlmExpertConfig::name).containsExactly("claude", "local");
        assertThat(experts.get(0).provider()).isEqualTo(LlmExpertConfig.Provider.ANTHROPIC);
        assertThat(experts.get(0).priceOutput()).isEqualTo(15.0);
        assertThat(experts.get(1).endpoint()).isEqualTo(URI.create("http://127.0.0.1:11434"));
        assertThat(experts.get(1).resolveApiKey(Map.of())).isEqualTo("sk-written-into-the-file");
    }

    @Test
    void environmentVariable_holdsTheListAsJson() {
        Map<String, String> env = Map.of(
                "LIGHTHOUSE_REVIEW_EXPERTS",
                "[{\"name\":\"gpt\",\"provider\":\"openai\",\"model\":\"gpt-4.1-mini\"}]",
                "LIGHTHOUSE_HOME",
                dir.toString());

        List<LlmExpertConfig> experts =
                Settings.load(Settings.Flags.none(), env, dir).get(ConfigKeys.REVIEW_EXPERTS);

        assertThat(experts).singleElement().extracting(LlmExpertConfig::model).isEqualTo("gpt-4.1-mini");
    }

    @Test
    void configShow_masksApiKeysWrittenIntoTheFile() throws IOException {
        Files.writeString(dir.resolve("lighthouse.yaml"), YAML);
        StringWriter out = new StringWriter();
        CommandLine cmd = Lighthouse.commandLine(Map.of(), dir);
        cmd.setOut(new PrintWriter(out, true));

        assertThat(cmd.execute("--data-dir", dir.toString(), "config", "show")).isZero();
        assertThat(out.toString())
                .contains("review.experts")
                .contains("\"api-key\":\"****\"")
                .contains("TEAM_ANTHROPIC_KEY")
                .doesNotContain("sk-written-into-the-file");
    }

    @Test
    void badExpert_stopsStartUp_namingItemAndField() throws IOException {
        Path file = Files.writeString(
                dir.resolve("lighthouse.yaml"), "review:\n  experts:\n    - name: x\n      provider: gemini\n");
        StringWriter err = new StringWriter();
        CommandLine cmd = Lighthouse.commandLine(Map.of("LIGHTHOUSE_HOME", dir.toString()), dir);
        cmd.setErr(new PrintWriter(err, true));

        assertThat(cmd.execute("config", "show")).isEqualTo(2);
        assertThat(err.toString())
                .contains(file + ":2:3: review.experts=")
                .contains("experts[0].provider: expected anthropic or openai, got \"gemini\"")
                .contains("experts[0].model: required");
    }
}
