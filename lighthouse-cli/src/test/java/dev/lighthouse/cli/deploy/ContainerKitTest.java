package dev.lighthouse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.SharedSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code deploy/Dockerfile} and {@code deploy/compose.yaml} checked as files, since no container engine need be here:
 * the instructions the image relies on are there, and the Compose file has the services and wiring docs/deploy.md
 * describes.
 */
class ContainerKitTest {
    static final Path DEPLOY = DeployMetricsTest.DEPLOY;
    static final Pattern LIGHTHOUSE_VARIABLE = Pattern.compile("LIGHTHOUSE_[A-Z0-9_]+");

    /** One Dockerfile instruction: its keyword in upper case and its arguments, continuation lines joined. */
    record Instruction(String keyword, String args) {}

    /** The Dockerfile's stages, each its instructions from its {@code FROM} on. */
    static List<List<Instruction>> stages() throws IOException {
        String text = Files.readString(DEPLOY.resolve("Dockerfile"));
        List<List<Instruction>> stages = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            String whole = logical.toString().strip();
            logical.setLength(0);
            if (whole.isEmpty()) {
                continue;
            }
            String[] parts = whole.split("\\s+", 2);
            Instruction i = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : "");
            if (i.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            assertThat(stages)
                    .as("an instruction before the first FROM: %s", whole)
                    .isNotEmpty();
            stages.getLast().add(i);
        }
        return stages;
    }

    static List<String> args(List<Instruction> stage, String keyword) {
        return stage.stream()
                .filter(i -> i.keyword().equals(keyword))
                .map(Instruction::args)
                .toList();
    }

    /** ENV of a stage: both {@code ENV K=V K2=V2} (values may be quoted) and {@code ENV K V}. */
    static Map<String, String> env(List<Instruction> stage) {
        Map<String, String> env = new HashMap<>();
        Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
        for (String args : args(stage, "ENV")) {
            Matcher m = pair.matcher(args);
            boolean any = false;
            while (m.find()) {
                env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                any = true;
            }
            if (!any) {
                String[] kv = args.split("\\s+", 2);
                env.put(kv[0], kv[1]);
            }
        }
        return env;
    }

    /** The port of the {@code /health/live} URL the image's HEALTHCHECK asks. */
    static String healthcheckUrl() throws IOException {
        List<String> checks = args(stages().getLast(), "HEALTHCHECK");
        assertThat(checks).hasSize(1);
        Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/[a-z/]+)").matcher(checks.getFirst());
        assertThat(url.find()).as(checks.getFirst()).isTrue();
        return url.group();
    }

    @Test
    void dockerfile_buildsWithTheWrapper_jlinksARuntime_runsAsANonRootUser_andChecksLiveness() throws IOException {
        List<List<Instruction>> stages = stages();
        assertThat(stages).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
        List<Instruction> build = stages.getFirst();
        List<Instruction> runtime = stages.getLast();

        assertThat(args(build, "FROM").getFirst()).endsWith(" AS build");
        assertThat(String.join("\n", args(build, "RUN")))
                .contains("./mvnw ")
                .contains("-pl lighthouse-cli -am package")
                .doesNotContain("install")
                .contains("jlink ")
                .contains("--output /opt/java");
        assertThat(args(runtime, "COPY"))
                .contains("--from=build /opt/java /opt/java")
                .anyMatch(a -> a.startsWith("--from=build /src/lighthouse-cli/target/lighthouse.jar "));
        assertThat(String.join(" ", args(runtime, "ENTRYPOINT"))).startsWith("[\"/opt/java/bin/java\"");

        List<String> user = args(runtime, "USER");
        assertThat(user).hasSize(1);
        assertThat(user.getFirst()).doesNotStartWith("0").doesNotStartWith("root");

        Map<String, String> env = env(runtime);
        String dataDir = env.get("LIGHTHOUSE_DATA_DIR");
        assertThat(dataDir).startsWith("/");
        assertThat(args(runtime, "VOLUME")).containsExactly("[\"" + dataDir + "\"]");
        assertThat(env.get("LIGHTHOUSE_SERVER_AUTH")).isEqualTo("required");

        String listen = env.get("LIGHTHOUSE_SERVER_LISTEN");
        assertThat(listen).isEqualTo("0.0.0.0:" + BridgeConfig.DEFAULT_PORT);
        assertThat(args(runtime, "EXPOSE")).containsExactly(String.valueOf(BridgeConfig.DEFAULT_PORT));
        assertThat(healthcheckUrl()).isEqualTo("http://127.0.0.1:" + BridgeConfig.DEFAULT_PORT + "/health/live");
    }

    @Test
    void everyLighthouseVariableTheKitSets_isAConfigurationKey() throws IOException {
        String documented = Files.readString(Path.of("..", "docs", "configuration.md"));
        Set<String> used = new TreeSet<>();
        List<Path> files = new ArrayList<>(List.of(DEPLOY.resolve("Dockerfile"), DEPLOY.resolve("compose.yaml")));
        try (var chart = Files.walk(DEPLOY.resolve("helm"))) {
            chart.filter(Files::isRegularFile).forEach(files::add);
        }
        try (var manifests = Files.walk(DEPLOY.resolve("kubernetes"))) {
            manifests.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path file : files) {
            Matcher m = LIGHTHOUSE_VARIABLE.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group());
            }
        }
        // the one variable that is not a key: where store.key=env:LIGHTHOUSE_HMAC_KEY finds the HMAC key
        used.remove("LIGHTHOUSE_HMAC_KEY");
        assertThat(used).contains("LIGHTHOUSE_STORE_URL", "LIGHTHOUSE_STORE_KEY");
        assertThat(used).allSatisfy(v -> assertThat(documented).as(v).contains("`" + v + "`"));
    }

    @Test
    void compose_runsTwoBridgesOnOnePostgres_withPrometheusAndTheRules_andGrafanaWithTheDashboard() throws IOException {
        JsonNode compose = YAMLMapper.builder().build().readTree(Files.readString(DEPLOY.resolve("compose.yaml")));
        JsonNode services = compose.get("services");
        assertThat(services.propertyNames())
                .containsExactlyInAnyOrder("postgres", "lighthouse-1", "lighthouse-2", "prometheus", "grafana");

        for (String name : List.of("lighthouse-1", "lighthouse-2")) {
            JsonNode bridge = services.get(name);
            assertThat(bridge.at("/build/dockerfile").asString()).as(name).isEqualTo("deploy/Dockerfile");
            assertThat(DEPLOY.resolve(bridge.at("/build/context").asString()).resolve("mvnw"))
                    .as(name + " builds from the repository root")
                    .exists();
            assertThat(bridge.at("/environment/LIGHTHOUSE_STORE_URL").asString())
                    .as(name)
                    .startsWith("postgres://")
                    .contains("@postgres:5432/");
            assertThat(bridge.at("/environment/LIGHTHOUSE_STORE_KEY").asString())
                    .isEqualTo("env:LIGHTHOUSE_HMAC_KEY");
            assertThat(bridge.at("/environment/LIGHTHOUSE_HMAC_KEY").asString())
                    .as("no default secret")
                    .contains(":?");
            assertThat(bridge.at("/depends_on/postgres/condition").asString()).isEqualTo("service_healthy");
            assertThat(bridge.at("/volumes/0").asString()).endsWith(":/var/lib/lighthouse");
            // both bridges read the same files where each would otherwise make its own (see KubernetesKitTest)
            Map<String, String> secretAt = new HashMap<>();
            bridge.get("secrets")
                    .forEach(ref -> secretAt.put(
                            ref.get("target").asString(), ref.get("source").asString()));
            for (SharedSecret secret : SharedSecret.values()) {
                String target = secret.in(Path.of("/var/lib/lighthouse")).toString();
                assertThat(secretAt)
                        .as("%s: a Compose secret at %s", name, target)
                        .containsKey(target);
                assertThat(compose.at("/secrets/" + secretAt.get(target) + "/file")
                                .asString())
                        .as("%s: %s", name, target)
                        .startsWith("./secrets/");
            }
        }

        List<String> prometheusMounts = new ArrayList<>();
        services.at("/prometheus/volumes").forEach(v -> prometheusMounts.add(v.asString()));
        assertThat(prometheusMounts)
                .contains("./prometheus/lighthouse-rules.yaml:/etc/prometheus/lighthouse-rules.yaml:ro");
        JsonNode prometheus =
                YAMLMapper.builder().build().readTree(Files.readString(DEPLOY.resolve("prometheus/prometheus.yaml")));
        assertThat(prometheus.at("/rule_files/0").asString()).isEqualTo("/etc/prometheus/lighthouse-rules.yaml");
        assertThat(prometheus.at("/scrape_configs/0/job_name").asString()).isEqualTo("lighthouse");
        assertThat(prometheus.at("/scrape_configs/0/static_configs/0/targets").toString())
                .isEqualTo("[\"lighthouse-1:8765\",\"lighthouse-2:8765\"]");

        List<String> grafanaMounts = new ArrayList<>();
        services.at("/grafana/volumes").forEach(v -> grafanaMounts.add(v.asString()));
        assertThat(grafanaMounts)
                .contains("./grafana/lighthouse.json:/var/lib/grafana/dashboards/lighthouse.json:ro")
                .contains("./grafana/provisioning:/etc/grafana/provisioning:ro");
        JsonNode provider = YAMLMapper.builder()
                .build()
                .readTree(Files.readString(DEPLOY.resolve("grafana/provisioning/dashboards/lighthouse.yaml")));
        assertThat(provider.at("/providers/0/options/path").asString()).isEqualTo("/var/lib/grafana/dashboards");
    }
}
