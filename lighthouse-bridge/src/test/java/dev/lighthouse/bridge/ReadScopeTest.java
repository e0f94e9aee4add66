package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventType;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 26, item 4: agents read only their own decisions, replay needs a reader role, secrets are never kept. */
@Timeout(60)
class ReadScopeTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final String PASSWORD = "Tr0ub4dor-and-3";
    private static final String GITHUB_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

    @TempDir
    Path dataDir;

    @Test
    void agent_readsItsOwnDecisionsOnly_notAnotherAgents() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String a1 = tokens.add("a1", Role.AGENT, NOW).token();
        String a2 = tokens.add("a2", Role.AGENT, NOW).token();
        String reviewer = tokens.add("rev", Role.REVIEWER, NOW).token();
        try (RunningBridge b = new RunningBridge(dataDir, c -> c.withAuth(AuthMode.REQUIRED))) {
            b.post("/v1/decisions", "application/json", AuthTest.nativeCall("ls /a1"), a1);
            b.post("/v1/decisions", "application/json", AuthTest.nativeCall("ls /a2"), a2);

            var other = b.get("/v1/decisions?agent=a2", a1);
            var mine = b.get("/v1/decisions", a1);

            assertThat(other.status()).isEqualTo(403);
            assertThat(other.body()).doesNotContain("ls /a2");
            assertThat(mine.status()).isEqualTo(200);
            assertThat(mine.json()
                            .path("decisions")
                            .valueStream()
                            .map(d -> d.path("agent").asString()))
                    .containsExactly("a1");
            assertThat(b.get("/v1/decisions?agent=a2", reviewer).json().path("decisions"))
                    .hasSize(1);
            // the names of decisions are read under the same scope
            assertThat(b.get("/v1/decisions/names?agent=a2", a1).status()).isEqualTo(403);
            assertThat(DecisionsApiTest.rows(b.get("/v1/decisions/names", a1).json()).stream()
                            .map(d -> d.path("agent").asString()))
                    .containsExactly("a1");
        }
    }

    @Test
    void streamReplay_needsAReaderRole_andALiveAgentStreamCarriesOnlyItsOwnCalls() throws Exception {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String a1 = tokens.add("a1", Role.AGENT, NOW).token();
        String a2 = tokens.add("a2", Role.AGENT, NOW).token();
        try (RunningBridge b = new RunningBridge(dataDir, c -> c.withAuth(AuthMode.REQUIRED))) {
            b.post("/v1/decisions", "application/json", AuthTest.nativeCall("ls /a2-before"), a2);

            assertThat(b.get("/v1/decisions/stream?after=0", a1).status()).isEqualTo(403);

            HttpResponse<Stream<String>> live = b.http.send(
                    HttpRequest.newBuilder(b.uri("/v1/decisions/stream"))
                            .header("Authorization", "Bearer " + a1)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(live.statusCode()).isEqualTo(200);
            b.post("/v1/decisions", "application/json", AuthTest.nativeCall("ls /a2-live"), a2);
            b.post("/v1/decisions", "application/json", AuthTest.nativeCall("ls /a1-live"), a1);
            List<String> data =
                    live.body().filter(l -> l.startsWith("data: ")).limit(1).toList();
            assertThat(data).singleElement().asString().contains("ls /a1-live");
        }
    }

    @Test
    void expert_listsAndSeesOnlyTheReviewsRoutedToIt() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String agent = tokens.add("builder", Role.AGENT, NOW).token();
        String expert = tokens.add("db-expert", Role.EXPERT, java.util.Set.of("database"), NOW)
                .token();
        String reviewer = tokens.add("rev", Role.REVIEWER, NOW).token();
        try (RunningBridge b = new RunningBridge(dataDir, c -> c.withAuth(AuthMode.REQUIRED))) {
            // TableJudge's review route takes humans only: no expert capability matches it.
            b.post("/v1/hooks/claude-code", "application/json", RunningBridge.claudeCodeBash("sudo ls"), agent);
            String id = b.get("/v1/reviews", reviewer)
                    .json()
                    .path("reviews")
                    .get(0)
                    .path("id")
                    .asString();

            assertThat(b.get("/v1/reviews", expert).json().path("reviews")).isEmpty();
            assertThat(b.get("/v1/reviews/" + id, expert).status()).isEqualTo(404);
            assertThat(b.get("/v1/reviews/" + id, reviewer).status()).isEqualTo(200);
        }
    }

    @Test
    void secretsInCommandsAndWrittenFiles_areRecordedRedactedWithAHash_neverVerbatim() {
        try (RunningBridge b = new RunningBridge(dataDir)) {
            b.post("/v1/decisions", AuthTest.nativeCall("PGPASSWORD=" + PASSWORD + " psql -h db -c 'select 1'"));
            b.post(
                    "/v1/hooks/claude-code",
                    RunningBridge.claudeCodeBash(
                            "sudo curl -H 'Authorization: token " + GITHUB_TOKEN + "' https://api.github.com"));
            b.post(
                    "/v1/decisions",
                    "{\"tool\":\"Write\",\"input\":{\"file_path\":\"/srv/project/.env\",\"content\":\"GITHUB_TOKEN="
                            + GITHUB_TOKEN + "\\n\"},\"cwd\":\"/srv/project\"}");

            List<Event> events = b.store.all();
            String everything = events.stream().map(Event::payload).reduce("", String::concat)
                    + b.get("/v1/decisions").body()
                    + b.get("/v1/reviews").body()
                    + b.get("/v1/reviews/"
                                    + b.get("/v1/reviews")
                                            .json()
                                            .path("reviews")
                                            .get(0)
                                            .path("id")
                                            .asString())
                            .body();

            assertThat(everything).doesNotContain(PASSWORD).doesNotContain(GITHUB_TOKEN);
            assertThat(events.stream()
                            .filter(e -> e.type().equals(EventType.DECISION_MADE))
                            .map(e -> e.payloadJson().path("input").toString()))
                    .allSatisfy(
                            input -> assertThat(input).contains("[redacted ").containsPattern("hmac:[0-9a-f]{12}"));
            assertThat(everything).contains("PGPASSWORD=[redacted ", "psql -h db");
        }
    }
}
