package dev.lighthouse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The deployment kit's dashboard and alert rules ask only for metrics a real bridge exports: a {@code lighthouse
 * serve} process, configured as the container configures it (by {@code LIGHTHOUSE_*} variables, off loopback with
 * tokens required, the HMAC key from the environment), answers a few hook calls, refuses a malformed one and finds a
 * row tampered with behind its back; then every metric name in {@code deploy/grafana/lighthouse.json} and
 * {@code deploy/prometheus/lighthouse-rules.yaml} must be among the sample names of its {@code /metrics}, and the
 * health paths the image's HEALTHCHECK and the manifests' probes ask must answer 200.
 */
@Timeout(180)
class DeployMetricsTest {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Series Prometheus makes itself for every target; the bridge does not export them. */
    static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

    @TempDir
    Path dir;

    @Test
    void everyMetricTheDashboardAndTheRulesAskFor_isExportedByARunningBridge() throws Exception {
        Set<String> asked = new TreeSet<>();
        for (String expr : dashboardQueries()) {
            asked.addAll(PromQl.metricNames(expr));
        }
        for (String expr : ruleExpressions()) {
            asked.addAll(PromQl.metricNames(expr));
        }
        assertThat(asked).contains("lighthouse_decisions_total", "lighthouse_sla_violated", "up");

        Set<String> exported = scrapeABusyBridge();
        exported.addAll(MADE_BY_PROMETHEUS);
        Set<String> missing = new TreeSet<>(asked);
        missing.removeAll(exported);
        assertThat(missing)
                .as("metrics deploy/ queries that the bridge does not export (it exports %s)", exported)
                .isEmpty();
    }

    @Test
    void theTokenizer_findsMetricNames_notFunctionsLabelsDurationsOrKeywords() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, stage) (rate("
                        + "lighthouse_decision_stage_seconds_bucket{job=\"lighthouse\", stage=~\"total|x\"}"
                        + "[$__rate_interval])))"))
                .containsExactly("lighthouse_decision_stage_seconds_bucket");
        assertThat(PromQl.metricNames("sum(a_total) or vector(0) > bool on(instance) group_left(kind) b_seconds"
                        + " offset 5m unless absent(up{job=\"x\"} == 1)"))
                .containsExactlyInAnyOrder("a_total", "b_seconds", "up");
    }

    /** Every {@code expr} of the dashboard's panels, and the metric inside its variables' {@code label_values}. */
    static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = JSON.readTree(Files.readString(DEPLOY.resolve("grafana/lighthouse.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.add(target.get("expr").asString());
            }
        }
        Pattern labelValues = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.get("type").asString().equals("query")) {
                Matcher m = labelValues.matcher(variable.at("/query/query").asString());
                assertThat(m.matches()).as("variable %s", variable.get("name")).isTrue();
                queries.add(m.group(1));
            }
        }
        assertThat(queries).hasSizeGreaterThan(5);
        return queries;
    }

    static List<String> ruleExpressions() throws IOException {
        JsonNode rules = YAMLMapper.builder()
                .build()
                .readTree(Files.readString(DEPLOY.resolve("prometheus/lighthouse-rules.yaml")));
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                exprs.add(rule.get("expr").asString());
            }
        }
        assertThat(exprs).hasSizeGreaterThan(3);
        return exprs;
    }

    private Set<String> scrapeABusyBridge() throws Exception {
        Path data = dir.resolve("data");
        Process add = java("--data-dir", data.toString(), "agents", "add", "builder", "--role", "agent")
                .redirectErrorStream(true)
                .start();
        String added = new String(add.getInputStream().readAllBytes());
        assertThat(add.waitFor()).as(added).isZero();
        Matcher token = Pattern.compile("lh_[A-Za-z0-9_-]{43}").matcher(added);
        assertThat(token.find()).as(added).isTrue();

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ProcessBuilder serve = java("serve");
        Map<String, String> env = serve.environment();
        env.keySet().removeIf(name -> name.startsWith("LIGHTHOUSE_"));
        // as deploy/Dockerfile and the chart set them, but on loopback (tokens are still required: server.auth)
        env.put("LIGHTHOUSE_DATA_DIR", data.toString());
        env.put("LIGHTHOUSE_SERVER_LISTEN", "127.0.0.1:" + port);
        env.put("LIGHTHOUSE_SERVER_AUTH", "required");
        env.put("LIGHTHOUSE_LOG_FORMAT", "json");
        env.put("LIGHTHOUSE_STORE_KEY", "env:LIGHTHOUSE_HMAC_KEY");
        env.put("LIGHTHOUSE_HMAC_KEY", Base64.getEncoder().encodeToString(key));
        env.put("LIGHTHOUSE_INTEGRITY_SWEEP_INTERVAL", "1s");
        Process bridge = serve.redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve.log").toFile())
                .start();
        String url = "http://127.0.0.1:" + port;
        try (HttpClient http = HttpClient.newHttpClient()) {
            awaitReady(http, url, bridge);
            for (String command : List.of("ls -la", "git status", "rm -rf /", "cat ~/.ssh/id_rsa")) {
                assertThat(hook(http, url, token.group(), hook(command)).statusCode())
                        .isEqualTo(200);
            }
            hook(http, url, token.group(), "{not json"); // refused: lighthouse_rejected_total

            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("events.db"));
                    Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE events SET payload = replace(payload, 'git status', 'git pushed')"
                                + " WHERE payload LIKE '%git status%'"))
                        .isPositive();
            }
            String owner = Files.readString(data.resolve("owner.token")).strip();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String metrics;
            do {
                assertThat(System.nanoTime())
                        .as("no integrity violation counted within 60 s")
                        .isLessThan(deadline);
                metrics = http.send(
                                HttpRequest.newBuilder(URI.create(url + "/metrics"))
                                        .header("Authorization", "Bearer " + owner)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
            } while (!metrics.contains("lighthouse_integrity_violations_total{"));
            // the probes the image and the manifests point at answer, without a token, on a bridge that needs tokens
            Set<String> probes = new TreeSet<>(KubernetesKitTest.probePaths());
            probes.add(URI.create(ContainerKitTest.healthcheckUrl()).getPath());
            for (String path : probes) {
                assertThat(http.send(
                                        HttpRequest.newBuilder(URI.create(url + path))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode())
                        .as(path)
                        .isEqualTo(200);
            }
            return sampleNames(metrics);
        } finally {
            bridge.destroy();
            bridge.waitFor();
        }
    }

    /** The names of the samples in a Prometheus text exposition: each line's name, before its labels or value. */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lighthouse.cli.Lighthouse"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static HttpResponse<String> hook(HttpClient http, String url, String token, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/hooks/claude-code"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String hook(String command) {
        return JSON.writeValueAsString(JSON.createObjectNode()
                .put("session_id", "s1")
                .put("cwd", "/srv/project")
                .put("hook_event_name", "PreToolUse")
                .put("tool_name", "Bash")
                .set("tool_input", JSON.createObjectNode().put("command", command)));
    }

    private static void awaitReady(HttpClient http, String url, Process bridge) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(bridge.isAlive()).as("lighthouse serve exited").isTrue();
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(url + "/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            bridge.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("lighthouse serve was not ready within 90 s");
    }
}
