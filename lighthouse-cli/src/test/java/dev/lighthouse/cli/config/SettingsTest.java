package dev.lighthouse.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.cli.config.ConfigKeys.LogFormat;
import dev.lighthouse.cli.config.ConfigKeys.LogLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private Settings load(Path file, Map<String, String> env, Map<String, String> overrides) {
        return Settings.load(new Settings.Flags(Optional.ofNullable(file), overrides), env, dir);
    }

    @Test
    void noFile_givesDefaults() {
        Settings settings =
                load(null, Map.of("LIGHTHOUSE_HOME", dir.resolve("home").toString()), Map.of());

        assertThat(settings.file()).isEmpty();
        assertThat(settings.get(ConfigKeys.LOG_FORMAT)).isEqualTo(LogFormat.TEXT);
        assertThat(settings.describe().get("log.format").source()).isEqualTo("default");
    }

    @Test
    void laterSourcesWin_fileThenEnvThenFlag() throws IOException {
        Path file = write("l.yaml", "log:\n  format: json\n  level: debug\ndata-dir: /from/file\n");

        Settings fileOnly = load(file, Map.of(), Map.of());
        assertThat(fileOnly.get(ConfigKeys.LOG_FORMAT)).isEqualTo(LogFormat.JSON);
        assertThat(fileOnly.describe().get("log.format").source()).isEqualTo(file + ":2:3");

        Settings withEnv = load(file, Map.of("LIGHTHOUSE_LOG_LEVEL", "warn", "LIGHTHOUSE_HOME", "/from/env"), Map.of());
        assertThat(withEnv.get(ConfigKeys.LOG_LEVEL)).isEqualTo(LogLevel.WARN);
        assertThat(withEnv.dataDir()).isEqualTo(Path.of("/from/env"));

        Settings withFlag = load(file, Map.of("LIGHTHOUSE_LOG_LEVEL", "warn"), Map.of("log.level", "error"));
        assertThat(withFlag.get(ConfigKeys.LOG_LEVEL)).isEqualTo(LogLevel.ERROR);
        assertThat(withFlag.describe().get("log.level").source()).isEqualTo("flag");
    }

    @Test
    void unknownKey_isAnError_namingFileLineAndKey_withSuggestion() throws IOException {
        Path file = write("l.yaml", "data-dir: /tmp/x\nlog:\n  formt: json\n");

        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3:3: unknown key `log.formt` (did you mean `log.format`?)");
    }

    @Test
    void everyProblemInTheFile_isReportedAtOnce() throws IOException {
        Path file = write("l.yaml", "colour: red\nlog: json\n");

        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .hasMessageContaining(file + ":1:1: unknown key `colour`")
                .hasMessageContaining(
                        file + ":2:1: `log` is a section, not a value; its keys are log.format, log.level");
    }

    @Test
    void malformedYaml_givesFileLineAndColumn() throws IOException {
        Path file = write("l.yaml", "log:\n  format: [json\n");

        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        file
                                + ":3:1: malformed YAML: while parsing a flow sequence; expected ',' or ']', but got <stream end>");
        Path tabs = write("tabs.yaml", "log:\n\tformat: json\n");
        assertThatThrownBy(() -> load(tabs, Map.of(), Map.of()))
                .hasMessageStartingWith(tabs + ":2:1: malformed YAML: ");
    }

    @Test
    void badValue_namesKeyValueSourceAndExpectation() throws IOException {
        Path file = write("l.yaml", "log:\n  format: xml\n");

        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .hasMessage(file + ":2:3: log.format=xml: expected one of text, json");
        assertThatThrownBy(() -> load(null, Map.of("LIGHTHOUSE_LOG_LEVEL", "loud"), Map.of()))
                .hasMessage(
                        "environment variable LIGHTHOUSE_LOG_LEVEL: log.level=loud: expected one of error, warn, info, debug, trace");
    }

    @Test
    void unknownFlagKey_isAnError() {
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("log.lvl", "debug")))
                .hasMessage("flag --set log.lvl: unknown key `log.lvl` (did you mean `log.level`?)");
    }

    @Test
    void fileIsFound_inDataDir_neverInTheWorkingDirUnlessNamed_andExplicitFileMustExist() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("lighthouse.yaml"), "log:\n  level: debug\n");
        Map<String, String> env = Map.of("LIGHTHOUSE_HOME", home.toString());

        assertThat(load(null, env, Map.of()).file()).contains(home.resolve("lighthouse.yaml"));

        // an agent can write the working directory: its lighthouse.yaml counts only when named
        Path local = write("lighthouse.yaml", "log:\n  level: warn\n");
        assertThat(load(null, env, Map.of()).file()).contains(home.resolve("lighthouse.yaml"));
        assertThat(load(local, env, Map.of()).file()).contains(local);

        Path fromEnv = write("other.yaml", "");
        assertThat(load(null, Map.of("LIGHTHOUSE_CONFIG", fromEnv.toString()), Map.of())
                        .file())
                .contains(fromEnv);

        assertThatThrownBy(() -> load(dir.resolve("missing.yaml"), env, Map.of()))
                .hasMessage(dir.resolve("missing.yaml") + ": config file named by --config does not exist");
    }

    @Test
    void fileWritableByOthers_isRefused_withTheChmod() throws IOException {
        Path file = write("shared.yaml", "log:\n  level: warn\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("writable by other users")
                .hasMessageContaining("chmod go-w " + file);
    }

    @Test
    void emptyFile_configuresNothing() throws IOException {
        Path file = write("l.yaml", "# nothing yet\n");

        assertThat(load(file, Map.of(), Map.of()).get(ConfigKeys.LOG_LEVEL)).isEqualTo(LogLevel.INFO);
    }

    @Test
    void storeUrlPassword_isNeverShown() {
        assertThat(ConfigKeys.display("store.url", "postgres://lh:s3cret@db.internal:5432/lighthouse"))
                .isEqualTo("postgres://lh:***@db.internal:5432/lighthouse");
        assertThat(ConfigKeys.display("store.url", "jdbc:postgresql://db/lh?user=lh&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/lh?user=lh&password=***&ssl=true");
        assertThat(ConfigKeys.display("store.url", "events.db")).isEqualTo("events.db");
    }

    @Test
    void listsAndMappings_areWrittenInYaml_inTheFileTheEnvironmentAndFlags() throws IOException {
        Path file = write("lighthouse.yaml", """
                policy:
                  files:
                    - base.yaml
                    - team.yaml
                limits:
                  rates: {agent: 500, local: unlimited}
                sla:
                  p99-latency:
                    limit: 250
                    grace: 60s
                """);

        Settings fromFile = load(file, Map.of(), Map.of());
        assertThat(fromFile.get(ConfigKeys.POLICY_FILES)).containsExactly(Path.of("base.yaml"), Path.of("team.yaml"));
        assertThat(fromFile.get(ConfigKeys.LIMITS_RATES).get(dev.lighthouse.bridge.auth.Role.AGENT))
                .hasValue(500);
        assertThat(fromFile.get(ConfigKeys.LIMITS_RATES).get(dev.lighthouse.bridge.auth.Role.ADMIN))
                .hasValue(10_000);
        assertThat(fromFile.get(ConfigKeys.SLA_P99_LATENCY).limit()).isEqualTo(250);
        assertThat(fromFile.describe().get("policy.files").text()).isEqualTo("[base.yaml, team.yaml]");
        assertThat(fromFile.describe().get("sla.p99-latency").source()).isEqualTo(file + ":8:3");
        assertThat(fromFile.warnings()).isEmpty();

        Settings fromEnvAndFlag = load(
                null,
                Map.of("LIGHTHOUSE_METRICS_TOOL_LABELS", "[mcp__github, mcp__jira]"),
                Map.of("limits.rates", "{expert: unlimited}"));
        assertThat(fromEnvAndFlag.get(ConfigKeys.METRICS_TOOL_LABELS))
                .containsExactlyInAnyOrder("mcp__github", "mcp__jira");
        assertThat(fromEnvAndFlag.get(ConfigKeys.LIMITS_RATES).get(dev.lighthouse.bridge.auth.Role.EXPERT))
                .isEmpty();
        assertThat(fromEnvAndFlag.warnings()).isEmpty();
    }

    @Test
    void flatFormsOfEarlierVersions_stillWork_withAWarningThatSaysTheNewForm() throws IOException {
        Path file = write("lighthouse.yaml", """
                policy:
                  files: base.yaml,team.yaml
                sla:
                  p99-latency: limit=250,grace=60s
                """);

        Settings settings = load(file, Map.of("LIGHTHOUSE_LIMITS_RATES", "agent=500,local=unlimited"), Map.of());

        assertThat(settings.get(ConfigKeys.POLICY_FILES)).containsExactly(Path.of("base.yaml"), Path.of("team.yaml"));
        assertThat(settings.get(ConfigKeys.SLA_P99_LATENCY).grace()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(settings.get(ConfigKeys.LIMITS_RATES).get(dev.lighthouse.bridge.auth.Role.AGENT))
                .hasValue(500);
        assertThat(settings.warnings())
                .containsExactly(
                        file + ":2:3: policy.files: this flat form is deprecated; write it as `[base.yaml, team.yaml]`",
                        "environment variable LIGHTHOUSE_LIMITS_RATES: limits.rates: this flat form is deprecated;"
                                + " write it as `{agent: 500, local: unlimited}`",
                        file + ":4:3: sla.p99-latency: this flat form is deprecated;"
                                + " write it as `{limit: 250, grace: 60s}`");
    }

    @Test
    void expertsAsJsonInsideAString_stillWork_withAWarningThatShowsNoKey() throws IOException {
        Path file = write("lighthouse.yaml", """
                review:
                  experts: '[{"name":"gpt","provider":"openai","model":"m","api-key":"sk-secret"}]'
                """);

        Settings settings = load(file, Map.of(), Map.of());

        assertThat(settings.get(ConfigKeys.REVIEW_EXPERTS))
                .singleElement()
                .extracting(e -> e.model())
                .isEqualTo("m");
        assertThat(settings.warnings())
                .singleElement()
                .asString()
                .contains("review.experts: this flat form is deprecated; write it as a YAML list of mappings")
                .doesNotContain("sk-secret");
    }

    @Test
    void aValueOfTheWrongShape_isAnError_sayingWhatTheKeyTakes() throws IOException {
        Path file = write("lighthouse.yaml", "policy:\n  files: {a: b}\nlog:\n  level: [info]\n");

        assertThatThrownBy(() -> load(file, Map.of(), Map.of("limits.rates", "{agent: [1]")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        file + ":2:3: policy.files=a mapping: expected a list such as `[a, b]`, got a mapping")
                .hasMessageContaining(file + ":4:3: log.level=a list: expected a single value, got a list")
                .hasMessageContaining(
                        "flag: limits.rates={agent: [1]: expected a mapping such as `{name: value, other: value}`,"
                                + " written in YAML: ");
    }
}
