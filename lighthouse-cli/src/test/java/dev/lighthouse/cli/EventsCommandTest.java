package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code lighthouse events …} against a SQLite store in a temporary data directory. */
class EventsCommandTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cmd = Lighthouse.commandLine(Map.of(), dir);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    /** Appends {@code count} decisions to the store the default configuration names in {@code dataDir}. */
    static void appendDecisions(Path dataDir, int count) {
        Keyring keys = Keyring.loadOrCreate(dataDir.resolve("events.keys"), Clock.systemUTC());
        try (EventStore store = EventStores.sqlite(
                dataDir.resolve("events.db"), StoreOptions.of(keys, dataDir.resolve("events.checkpoints")))) {
            for (int i = 1; i <= count; i++) {
                store.append(new NewEvent(
                        EventType.DECISION_MADE,
                        "session/s" + (i % 2),
                        Optional.of("agent-" + (i % 3)),
                        "{\"n\":%d,\"verdict\":\"allow\"}".formatted(i)));
            }
        }
    }

    @Test
    void verify_afterSqlite3EditsAPayload_exitsNonZero_andNamesTheSeq() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/sqlite3")), "sqlite3 is installed (.ci/run installs it)");
        Path data = dir.resolve("data");
        appendDecisions(data, 8);
        assertThat(run("events", "verify", "--data-dir", data.toString())).isZero();
        assertThat(out.toString()).startsWith("ok: 8 events, seq 1 to 8");

        Process sqlite = new ProcessBuilder(
                        "sqlite3",
                        data.resolve("events.db").toString(),
                        "update events set payload = replace(payload, 'a', 'b') where seq = 5")
                .redirectErrorStream(true)
                .start();
        assertThat(sqlite.waitFor()).isZero();

        assertThat(run("events", "verify", "--data-dir", data.toString())).isEqualTo(EventsCommand.EXIT_VIOLATION);
        assertThat(out.toString())
                .startsWith("FAILED at seq 5 (HMAC mismatch); chain intact up to seq 4")
                .contains("seq 5: HMAC mismatch");
    }

    @Test
    void verify_json_hasSchemaVersionAndTheViolations() {
        Path data = dir.resolve("data");
        appendDecisions(data, 3);

        assertThat(run("events", "verify", "--json", "--data-dir", data.toString()))
                .isZero();
        JsonNode root = JsonMapper.builder().build().readTree(out.toString());
        assertThat(root.get("schema_version").asInt()).isEqualTo(1);
        assertThat(root.get("ok").asBoolean()).isTrue();
        assertThat(root.get("events_checked").asLong()).isEqualTo(3);
        assertThat(root.get("violations").size()).isZero();
    }

    @Test
    void verify_withAHeadRecordedElsewhere_failsOnceTheLogIsCutBehindIt() throws Exception {
        Path data = dir.resolve("data");
        appendDecisions(data, 6);
        Keyring keys = Keyring.loadOrCreate(data.resolve("events.keys"), Clock.systemUTC());
        String head;
        try (EventStore store = EventStores.sqlite(
                data.resolve("events.db"), StoreOptions.of(keys, data.resolve("events.checkpoints")))) {
            head = "6:" + store.head().hash();
        }
        assertThat(run("events", "verify", "--head", head, "--data-dir", data.toString()))
                .isZero();

        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("events.db"));
                var sql = db.createStatement()) {
            sql.execute("DELETE FROM events WHERE seq > 4");
            sql.execute("DELETE FROM checkpoint_mark");
        }
        Files.write(
                data.resolve("events.checkpoints"),
                Files.readAllLines(data.resolve("events.checkpoints")).stream()
                        .filter(l -> l.matches("\\{\"seq\":[1-4],.*"))
                        .toList());

        assertThat(run("events", "verify", "--head", head, "--data-dir", data.toString()))
                .isEqualTo(EventsCommand.EXIT_VIOLATION);
        assertThat(out.toString()).contains("head mismatch", "the store ends at seq 4");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void serve_refusesAStoreBehindItsLastCheckpoint() throws Exception {
        Path data = dir.resolve("data");
        appendDecisions(data, 5);
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("events.db"));
                var sql = db.createStatement()) {
            sql.execute("DELETE FROM events WHERE seq > 3");
        }

        assertThat(run("serve", "--listen", "127.0.0.1:0", "--data-dir", data.toString()))
                .isNotZero();
        assertThat(err.toString()).contains("ends at seq 3", "reached seq 5", "events were removed");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void serve_refusesAStoreBehindItsOwnMark_whenTheCheckpointLinesWereCutToo() throws Exception {
        Path data = dir.resolve("data");
        appendDecisions(data, 5);
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("events.db"));
                var sql = db.createStatement()) {
            sql.execute("DELETE FROM events WHERE seq > 3");
        }
        Files.write(
                data.resolve("events.checkpoints"),
                Files.readAllLines(data.resolve("events.checkpoints")).stream()
                        .filter(l -> l.matches("\\{\"seq\":[1-3],.*"))
                        .toList());

        assertThat(run("serve", "--listen", "127.0.0.1:0", "--data-dir", data.toString()))
                .isNotZero();
        assertThat(err.toString()).contains("ends at seq 3", "reached seq 5", "events were removed");
    }

    @Test
    void query_filtersAndPages_andPrintsTheCursorToContinue() {
        Path data = dir.resolve("data");
        appendDecisions(data, 9);

        assertThat(run(
                        "events",
                        "query",
                        "--agent",
                        "agent-1",
                        "--limit",
                        "2",
                        "--oldest-first",
                        "--data-dir",
                        data.toString()))
                .isZero();
        assertThat(out.toString().lines()).hasSize(3).last().isEqualTo("more: --after 4");
        assertThat(out.toString()).startsWith("1  ").contains("decision.made  session/s1  agent-1");

        assertThat(run(
                        "events",
                        "query",
                        "--agent",
                        "agent-1",
                        "--after",
                        "4",
                        "--json",
                        "--data-dir",
                        data.toString()))
                .isZero();
        JsonNode page = JsonMapper.builder().build().readTree(out.toString());
        assertThat(page.get("events").size()).isEqualTo(1);
        assertThat(page.get("events").get(0).get("seq").asLong()).isEqualTo(7);
        assertThat(page.get("next").isNull()).isTrue();
    }

    @Test
    void query_byDefault_showsTheLatestNewestFirst_withLongPayloadsCutToTheWidth() {
        Path data = dir.resolve("data");
        appendDecisions(data, 9);
        Keyring keys = Keyring.loadOrCreate(data.resolve("events.keys"), Clock.systemUTC());
        try (EventStore store = EventStores.sqlite(
                data.resolve("events.db"), StoreOptions.of(keys, data.resolve("events.checkpoints")))) {
            store.append(new NewEvent(
                    EventType.DECISION_MADE,
                    "session/s1",
                    Optional.of("agent-1"),
                    "{\"n\":10,\"text\":\"%s\"}".formatted("x".repeat(15_000))));
        }

        assertThat(run("events", "query", "--limit", "3", "--data-dir", data.toString()))
                .isZero();
        assertThat(out.toString().lines().map(l -> l.split(" ")[0])).containsExactly("10", "9", "8", "older:");
        assertThat(out.toString().lines().findFirst().orElseThrow())
                .hasSize(160)
                .endsWith("…");

        assertThat(run("events", "query", "--agent", "agent-1", "--limit", "2", "--data-dir", data.toString()))
                .isZero();
        assertThat(out.toString().lines().map(l -> l.split(" ")[0])).containsExactly("10", "7", "older:");

        assertThat(run("events", "query", "--limit", "1", "--json", "--data-dir", data.toString()))
                .isZero();
        assertThat(out.toString()).as("--json pages in seq order").contains("{\"seq\":1,");
        assertThat(run("events", "query", "--after", "9", "--json", "--data-dir", data.toString()))
                .isZero();
        assertThat(out.toString().contains("x".repeat(15_000)))
                .as("--json keeps the whole payload")
                .isTrue();
    }

    @Test
    void query_badFilter_isAOneLineError() {
        assertThat(run("events", "query", "--since", "yesterday", "--data-dir", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("lighthouse: --since yesterday: expected a UTC time such as 2026-11-23T09:00:00Z");
    }

    @Test
    void tail_printsTheLastEvents() {
        Path data = dir.resolve("data");
        appendDecisions(data, 5);

        assertThat(run("events", "tail", "-n", "2", "--data-dir", data.toString()))
                .isZero();
        assertThat(out.toString().lines()).hasSize(2).first().asString().startsWith("4  ");
    }

    @Test
    void exportThenImport_intoAnotherDataDirWithTheSameKeys_verifies() throws Exception {
        Path source = dir.resolve("source");
        Path target = dir.resolve("target");
        appendDecisions(source, 6);
        Path export = dir.resolve("export.jsonl");
        assertThat(run("events", "export", "-o", export.toString(), "--data-dir", source.toString()))
                .isZero();
        assertThat(Files.readAllLines(export)).hasSize(6);
        Files.createDirectories(target);
        Files.copy(source.resolve("events.keys"), target.resolve("events.keys"));

        assertThat(run("events", "import", export.toString(), "--data-dir", target.toString()))
                .isZero();
        assertThat(out.toString()).contains("imported 6 events; head is now seq 6");
        assertThat(run("events", "verify", "--data-dir", target.toString())).isZero();

        assertThat(run("events", "import", export.toString(), "--data-dir", target.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("has seq 1; the store continues at seq 7");
    }

    @Test
    void rotateKey_addsAKey_andEarlierEventsStillVerify() {
        Path data = dir.resolve("data");
        appendDecisions(data, 2);
        String before = Keyring.load(data.resolve("events.keys")).active().id();

        assertThat(run("events", "rotate-key", "--data-dir", data.toString())).isZero();
        assertThat(out.toString())
                .contains("active key is now")
                .doesNotContain(before)
                .contains("(2 keys)");
        appendDecisions(data, 2);
        assertThat(run("events", "verify", "--data-dir", data.toString())).isZero();
    }
}
