package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The native API: decide, page through recorded decisions, follow them live. */
class DecisionsApiTest {
    @TempDir
    Path dataDir;

    @Test
    void post_returnsRecordedDecision() {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            var reply = running.post("/v1/decisions", AuthTest.nativeCall("rm -rf ~"));

            JsonNode d = reply.json();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(d.path("decision").asString()).isEqualTo("deny");
            assertThat(d.path("answer").asString()).isEqualTo("deny");
            assertThat(d.path("rules").get(0).asString()).isEqualTo("delete-home-or-root");
            assertThat(d.path("suggestion").asString()).contains("./build");
            assertThat(d.path("seq").asLong()).isEqualTo(running.store.head().seq());
            assertThat(d.path("channel").asString()).isEqualTo("native");
        }
    }

    @Test
    void get_filtersAndPagesWithCursor() {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            for (String c : new String[] {"ls", "rm -rf ~", "pwd", "rm -rf /", "echo x"}) {
                running.post("/v1/decisions", AuthTest.nativeCall(c));
            }
            running.post("/v1/hooks/claude-code", RunningBridge.claudeCodeBash("ls"));

            JsonNode first = running.get("/v1/decisions?limit=2").json();
            JsonNode second = running.get(
                            "/v1/decisions?limit=2&after=" + first.path("next").asString())
                    .json();
            JsonNode denies = running.get("/v1/decisions?decision=deny").json();
            JsonNode session = running.get("/v1/decisions?session=sess-1").json();

            assertThat(first.path("decisions")).hasSize(2);
            assertThat(second.path("decisions").get(0).path("seq").asLong()).isEqualTo(3);
            assertThat(denies.path("decisions")).hasSize(2);
            assertThat(denies.path("next").isNull()).isTrue();
            assertThat(session.path("decisions")).hasSize(1);
            assertThat(session.path("decisions").get(0).path("cwd").asString()).isEqualTo("/srv/project");
        }
    }

    @Test
    void names_areWhatNamesEachRecord_inAWindowAndPaged() {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            for (String c : new String[] {"ls", "rm -rf ~", "pwd"}) {
                running.post("/v1/decisions", AuthTest.nativeCall(c));
            }
            running.post("/v1/hooks/claude-code", RunningBridge.claudeCodeBash("ls"));
            JsonNode records = running.get("/v1/decisions").json().path("decisions");
            Instant hour = Instant.parse(records.get(0).path("time").asString()).truncatedTo(ChronoUnit.HOURS);

            JsonNode first = running.get("/v1/decisions/names?limit=3").json();
            JsonNode rest = running.get("/v1/decisions/names?limit=3&after="
                            + first.path("next").asString())
                    .json();
            JsonNode window = running.get("/v1/decisions/names?limit=10000&since=%s&until=%s"
                            .formatted(hour, hour.plus(1, ChronoUnit.HOURS)))
                    .json();
            JsonNode before = running.get(
                            "/v1/decisions/names?since=%s&until=%s".formatted(hour.minus(1, ChronoUnit.HOURS), hour))
                    .json();

            List<JsonNode> names = new ArrayList<>();
            names.addAll(rows(first));
            names.addAll(rows(rest));
            assertThat(first.propertyNames())
                    .containsExactlyInAnyOrder(
                            "seq", "time", "agent", "answer", "agents", "answers", "next", "lastSeq");
            // the store's head, as GET /v1/status says it: where a client looks back from for the newest decision
            assertThat(first.path("lastSeq").asLong())
                    .isEqualTo(running.get("/v1/status").json().path("lastSeq").asLong())
                    .isGreaterThanOrEqualTo(
                            records.get(records.size() - 1).path("seq").asLong());
            assertThat(names).hasSize(records.size());
            for (int i = 0; i < names.size(); i++) {
                JsonNode r = records.get(i);
                assertThat(names.get(i).path("seq").asLong())
                        .isEqualTo(r.path("seq").asLong());
                assertThat(names.get(i).path("time").asString())
                        .isEqualTo(r.path("time").asString());
                assertThat(names.get(i).path("agent").asString())
                        .isEqualTo(r.path("agent").asString());
                assertThat(names.get(i).path("answer").asString())
                        .isEqualTo(r.path("answer").asString());
            }
            // each distinct answer is written once, and the rows point at it
            assertThat(first.path("answers").valueStream().map(JsonNode::asString))
                    .doesNotHaveDuplicates();
            assertThat(names).extracting(n -> n.path("answer").asString()).contains("allow", "deny");
            assertThat(rest.path("next").isNull()).isTrue();
            assertThat(rows(window)).hasSize(records.size());
            assertThat(rows(before)).isEmpty();
            assertThat(running.get("/v1/decisions/names?limit=10001").status()).isEqualTo(400);
            assertThat(running.get("/v1/decisions/names?since=yesterday").status())
                    .isEqualTo(400);
        }
    }

    /**
     * The rows of a page of {@code GET /v1/decisions/names} as objects, read from its columns as a client reads them:
     * seq, the time as an instant, the agent and the answer looked up in their tables.
     */
    static List<JsonNode> rows(JsonNode page) {
        List<JsonNode> rows = new ArrayList<>();
        int n = page.path("seq").size();
        for (String column : List.of("time", "agent", "answer")) {
            assertThat(page.path(column).size()).as(column).isEqualTo(n);
        }
        for (int i = 0; i < n; i++) {
            long micros = page.path("time").get(i).asLong();
            rows.add(JsonNodeFactory.instance
                    .objectNode()
                    .put("seq", page.path("seq").get(i).asLong())
                    .put("time", Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString())
                    .put(
                            "agent",
                            page.path("agents")
                                    .get(page.path("agent").get(i).asInt())
                                    .asString())
                    .put(
                            "answer",
                            page.path("answers")
                                    .get(page.path("answer").get(i).asInt())
                                    .asString()));
        }
        return rows;
    }

    @Test
    void stream_deliversNewDecisionsLive() throws Exception {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            running.post("/v1/decisions", AuthTest.nativeCall("pwd"));
            HttpResponse<InputStream> stream = running.http.send(
                    HttpRequest.newBuilder(running.uri("/v1/decisions/stream"))
                            .header("Authorization", "Bearer " + running.owner())
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("content-type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).startsWith(": lighthouse decisions from seq 2");

                running.post("/v1/hooks/claude-code", RunningBridge.claudeCodeBash("rm -rf ~"));

                assertThat(lines.readLine()).isEmpty();
                assertThat(lines.readLine()).isEqualTo("id: 2");
                assertThat(lines.readLine()).isEqualTo("event: decision");
                String data = lines.readLine();
                assertThat(data).startsWith("data: ");
                JsonNode record = RunningBridge.JSON.readTree(data.substring(6));
                assertThat(record.path("decision").asString()).isEqualTo("deny");
                assertThat(record.path("session").asString()).isEqualTo("sess-1");
            }
        }
    }

    @Test
    void statusHealthMetrics_describeTheBridge() {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            running.post("/v1/hooks/claude-code", RunningBridge.claudeCodeBash("ls -la"));

            JsonNode status = running.get("/v1/status").json();
            String metrics = running.get("/metrics").body();

            assertThat(status.at("/policy/name").asString()).isEqualTo("test-policy");
            assertThat(status.path("auth").asString()).isEqualTo("optional");
            assertThat(status.path("lastSeq").asLong()).isEqualTo(1);
            assertThat(status.at("/process/heapUsedBytes").asLong()).isPositive();
            assertThat(status.at("/process/memoryUsedBytes").asLong())
                    .isGreaterThan(status.at("/process/heapUsedBytes").asLong());
            assertThat(status.at("/process/gcCount").isIntegralNumber()).isTrue();
            assertThat(running.get("/health/ready").status()).isEqualTo(200);
            assertThat(metrics)
                    .contains(
                            "lighthouse_decisions_total{decision=\"allow\",dialect=\"claude-code\",rule=\"read-only\",tool=\"Bash\"} 1.0")
                    .contains("lighthouse_decision_stage_seconds_bucket{stage=\"store\"")
                    .contains("lighthouse_calls_in_flight")
                    .contains("lighthouse_policy_cache_total{result=\"miss\"}")
                    .contains("jvm_memory_used_bytes");
        }
    }
}
