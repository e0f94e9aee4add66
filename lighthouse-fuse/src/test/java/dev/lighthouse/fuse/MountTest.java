package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The view mounted for real over a real bridge, used the way a person would: {@code ls}, {@code cat}, {@code stat},
 * {@code grep -r}, {@code tail -f} and {@code echo approve >} as subprocesses.
 */
class MountTest {
    @TempDir
    static Path tmp;

    static LiveBridge bridge;
    static Mount mount;
    static Path dir;

    @BeforeAll
    static void mount() throws IOException {
        FuseAvailable.required();
        bridge = new LiveBridge(Files.createDirectories(tmp.resolve("data")));
        dir = Files.createDirectories(tmp.resolve("view"));
        mount = Mount.start(new Mount.Options(bridge.url(), Optional.of(bridge.admin), dir));
    }

    @AfterAll
    static void unmount() {
        if (mount != null) {
            mount.close();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void ls_showsTheLayout_inStableOrder() {
        Shell.Run ls = Shell.sh(dir, "ls");
        assertThat(ls.exit()).as(ls.err()).isZero();
        assertThat(ls.out().lines())
                .containsExactly(
                        "agents", "current", "debug", "decisions", "history", "leases", "policy", "reviews", "streams");
        assertThat(Shell.sh(dir, "ls streams").out().lines())
                .containsExactly("decisions", "integrity", "leases", "policy", "reviews");
        assertThat(Shell.sh(dir, "ls reviews").out().lines()).containsExactly("pending", "resolved");
    }

    @Test
    void decisions_areFilesByDayAndHour_withRealSizesAndTimes() {
        long seq = bridge.hook("ls -la /srv/project").path("seq").asLong(-1);
        JsonNode recorded =
                bridge.decide("Bash", BridgeHttp.JSON.createObjectNode().put("command", "git status"));
        long gitSeq = recorded.path("seq").asLong();
        Instant time = Instant.parse(recorded.path("time").asString());
        String hourDir = "decisions/%s/%02d"
                .formatted(
                        Decisions.day(time),
                        time.atZone(java.time.ZoneOffset.UTC).getHour());
        String file = "%s/%d-allow-local.json".formatted(hourDir, gitSeq);

        awaitPushed(gitSeq);
        Shell.Run ls = Shell.sh(dir, "ls -U " + hourDir); // -U: the directory's own order
        assertThat(ls.exit()).as(ls.err()).isZero();
        List<Long> seqs = ls.out()
                .lines()
                .map(n -> Long.parseLong(n.substring(0, n.indexOf('-'))))
                .toList();
        assertThat(seqs).isSorted().contains(gitSeq);
        assertThat(seq).isNotZero();

        Shell.Run cat = Shell.sh(dir, "cat " + file);
        assertThat(cat.exit()).as(cat.err()).isZero();
        JsonNode shown = BridgeHttp.JSON.readTree(cat.out());
        assertThat(shown.path("seq").asLong()).isEqualTo(gitSeq);
        assertThat(shown.path("input").path("command").asString()).isEqualTo("git status");

        Shell.Run stat = Shell.sh(dir, "stat -c '%s %Y %F' " + file);
        assertThat(stat.out().strip())
                .isEqualTo("%d %d regular file"
                        .formatted(cat.out().getBytes(StandardCharsets.UTF_8).length, time.getEpochSecond()));

        Shell.Run grep = Shell.sh(dir, "grep -rl '\"git status\"' decisions");
        assertThat(grep.exit()).as(grep.err()).isZero();
        assertThat(grep.out().lines()).contains(file);
    }

    @Test
    void latest_isASymlinkToTheNewestDecision() {
        long seq = bridge.decide("Bash", BridgeHttp.JSON.createObjectNode().put("command", "pwd"))
                .path("seq")
                .asLong();
        // the stream pushes the decision; readlink may run before it arrives, so wait for the view to show it
        Shell.Run link = Shell.sh(
                dir,
                "for i in $(seq 50); do readlink decisions/latest | grep -q '/" + seq
                        + "-' && break; sleep 0.1; done; readlink decisions/latest; cat decisions/latest");
        assertThat(link.out()).contains("/" + seq + "-allow-local.json").contains("\"seq\" : " + seq);
    }

    @Test
    void tailF_printsEachNewDecision_asOneJsonLine() throws Exception {
        Process tail = new ProcessBuilder("tail", "-n", "0", "-f", "streams/decisions")
                .directory(dir.toFile())
                .start();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8))) {
            // tail -f reads to the end first; a decision made after it started must appear
            Shell.Run ready = Shell.sh(dir, "sleep 1.5");
            assertThat(ready.exit()).isZero();
            long seq = bridge.decide("Bash", BridgeHttp.JSON.createObjectNode().put("command", "echo tail-me"))
                    .path("seq")
                    .asLong();
            String line = lines.readLine();
            while (line != null && !line.contains("tail-me")) {
                line = lines.readLine();
            }
            assertThat(line).isNotNull();
            JsonNode event = BridgeHttp.JSON.readTree(line);
            assertThat(event.path("seq").asLong()).isEqualTo(seq);
        } finally {
            tail.destroy();
            tail.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void echoApprove_intoVerdict_castsTheVote_andTheHookAnswerChanges() {
        String command = "kubectl delete namespace payments";
        JsonNode asked = bridge.hook(command);
        assertThat(asked.at("/hookSpecificOutput/permissionDecision").asString())
                .isEqualTo("ask");
        String review = pendingReviewFor(command);

        Shell.Run files = Shell.sh(dir, "ls reviews/pending/" + review);
        assertThat(files.out().lines())
                .containsExactly("analysis.txt", "call.json", "context.txt", "verdict", "votes.json");
        assertThat(Shell.sh(dir, "cat reviews/pending/" + review + "/call.json").out())
                .contains(command);
        assertThat(Shell.sh(dir, "cat reviews/pending/" + review + "/analysis.txt")
                        .out())
                .contains("policy");

        Shell.Run vote = Shell.sh(dir, "echo approve > reviews/pending/" + review + "/verdict");
        assertThat(vote.exit()).as(vote.err()).isZero();

        JsonNode again = bridge.hook(command);
        assertThat(again.at("/hookSpecificOutput/permissionDecision").asString())
                .isEqualTo("allow");
        Shell.Run resolved = Shell.sh(dir, "grep -rl fuse-admin reviews/resolved");
        assertThat(resolved.out()).contains(review + "/votes.json");
    }

    @Test
    void verdict_anythingButApproveOrDenyWithReason_isEINVAL() {
        String command = "kubectl delete namespace billing";
        bridge.hook(command);
        String review = pendingReviewFor(command);
        String verdict = "reviews/pending/" + review + "/verdict";

        for (String bad : List.of("maybe", "deny", "approve please\\nand more")) {
            Shell.Run vote = Shell.sh(dir, "printf '" + bad + "\\n' > " + verdict);
            assertThat(vote.exit()).as(bad).isNotZero();
            assertThat(vote.err()).as(bad).contains("Invalid argument");
        }
        Shell.Run deny = Shell.sh(dir, "echo 'deny: not during the freeze' > " + verdict);
        assertThat(deny.exit()).as(deny.err()).isZero();
        assertThat(bridge.hook(command)
                        .at("/hookSpecificOutput/permissionDecision")
                        .asString())
                .isEqualTo("deny");
    }

    @Test
    void verdict_fromAnIdentityThatMayNotVote_isRefused() throws IOException {
        String command = "kubectl delete namespace search";
        bridge.hook(command);
        String review = pendingReviewFor(command);
        // An expert sees only the reviews routed to it: this one does not exist for it.
        String expert = bridge.tokens
                .add("dba-bot", Role.EXPERT, Set.of("database"), Instant.now())
                .token();
        Path asExpertDir = Files.createDirectories(tmp.resolve("expert-view"));
        try (Mount asExpert = Mount.start(new Mount.Options(bridge.url(), Optional.of(expert), asExpertDir))) {
            Shell.Run vote = Shell.sh(asExpertDir, "echo approve > reviews/pending/" + review + "/verdict");
            assertThat(vote.exit()).isNotZero();
            assertThat(vote.err()).contains("No such file or directory");
        }
        // An agent may not read reviews at all: the bridge's 403 is EACCES.
        String agent = bridge.tokens.add("coder", Role.AGENT, Instant.now()).token();
        Path asAgentDir = Files.createDirectories(tmp.resolve("agent-view"));
        try (Mount asAgent = Mount.start(new Mount.Options(bridge.url(), Optional.of(agent), asAgentDir))) {
            Shell.Run list = Shell.sh(asAgentDir, "ls reviews/pending");
            assertThat(list.exit()).isNotZero();
            assertThat(list.err()).contains("Permission denied");
        }
        assertThat(Mount.isMounted(asExpertDir)).isFalse();
    }

    @Test
    void verdict_onItsOwnCall_isEACCES_andTheMountLogsTheBridgesReason() throws IOException {
        String self = bridge.tokens.add("self-voter", Role.ADMIN, Instant.now()).token();
        String command = "kubectl delete namespace ledger";
        assertThat(bridge.hookAs(self, command)
                        .at("/hookSpecificOutput/permissionDecision")
                        .asString())
                .isEqualTo("ask");
        String review = pendingReviewFor(command);
        Path selfDir = Files.createDirectories(tmp.resolve("self-view"));
        try (Mount asSelf = Mount.start(new Mount.Options(bridge.url(), Optional.of(self), selfDir))) {
            Shell.Run vote = Shell.sh(selfDir, "echo approve > reviews/pending/" + review + "/verdict");
            assertThat(vote.exit()).isNotZero();
            assertThat(vote.err()).contains("Permission denied");
        }
        assertThat(Shell.sh(dir, "cat reviews/pending/" + review + "/votes.json")
                        .out())
                .contains("self-voter")
                .contains("\"counted\" : false");
    }

    @Test
    void aLease_isAFileInLeases_andInItsHoldersLeasesJson_untilReleased() {
        String holder =
                bridge.tokens.add("lease-holder", Role.AGENT, Instant.now()).token();
        bridge.hookAs(holder, "ls src");
        bridge.decide("Bash", BridgeHttp.JSON.createObjectNode().put("command", "ls src")); // another agent: local
        tools.jackson.databind.node.ObjectNode take = BridgeHttp.JSON
                .createObjectNode()
                .put("project", "/srv/project")
                .put("ttl_seconds", 600)
                .put("reason", "rewriting the tokenizer");
        take.putArray("paths").add("src/x.txt");
        JsonNode lease = bridge.postAs(holder, "/v1/leases", take);
        String id = lease.path("id").asString();
        assertThat(id).as(lease.toString()).startsWith("lease-");
        String file = "leases/" + id + ".json";

        // pushed by the lease stream: milliseconds, not a poll
        Shell.Run ls = Shell.sh(
                dir,
                "for i in $(seq 50); do ls leases | grep -qx '" + id + ".json' && break; sleep 0.1; done; ls leases");
        assertThat(ls.out().lines()).contains(id + ".json");
        Shell.Run cat = Shell.sh(dir, "cat " + file);
        assertThat(cat.exit()).as(cat.err()).isZero();
        JsonNode shown = BridgeHttp.JSON.readTree(cat.out());
        assertThat(shown.path("agent").asString()).isEqualTo("lease-holder");
        assertThat(shown.path("paths").path(0).asString()).isEqualTo("/srv/project/src/x.txt");
        assertThat(shown.path("expires").asString())
                .isEqualTo(lease.path("expires").asString());
        assertThat(Shell.sh(dir, "stat -c '%s %Y' " + file).out().strip())
                .isEqualTo("%d %d"
                        .formatted(
                                cat.out().getBytes(StandardCharsets.UTF_8).length,
                                Instant.parse(lease.path("acquired").asString()).getEpochSecond()));
        assertThat(Shell.sh(dir, "ls agents/lease-holder").out().lines())
                .containsExactly("info.json", "leases.json", "recent.jsonl");
        JsonNode held = BridgeHttp.JSON.readTree(
                Shell.sh(dir, "cat agents/lease-holder/leases.json").out());
        assertThat(held.path("leases")).hasSize(1);
        assertThat(held.path("leases").path(0).path("id").asString()).isEqualTo(id);
        assertThat(Shell.sh(dir, "grep -l '\"lease-holder\"' agents/*/leases.json")
                        .out()
                        .lines())
                .containsExactly("agents/lease-holder/leases.json");
        assertThat(BridgeHttp.JSON
                        .readTree(Shell.sh(dir, "cat agents/local/leases.json").out())
                        .path("leases"))
                .isEmpty();

        // a renewal moves the expiry in the file (same size, so the content itself must change)
        JsonNode renewed = bridge.postAs(
                holder,
                "/v1/leases/" + id + "/renew",
                BridgeHttp.JSON.createObjectNode().put("ttl_seconds", 1200));
        String expires = renewed.path("expires").asString();
        assertThat(expires)
                .as(renewed.toString())
                .isNotEqualTo(lease.path("expires").asString());
        Shell.Run moved = Shell.sh(
                dir,
                "for i in $(seq 50); do grep -q '" + expires + "' " + file + " && break; sleep 0.1; done; cat " + file);
        assertThat(BridgeHttp.JSON.readTree(moved.out()).path("expires").asString())
                .isEqualTo(expires);

        // the list was read once; the release can only reach the view through the stream
        bridge.postAs(holder, "/v1/leases/" + id + "/release", BridgeHttp.JSON.createObjectNode());
        Shell.Run gone = Shell.sh(
                dir, "for i in $(seq 50); do test -e " + file + " || break; sleep 0.1; done; ls leases; cat " + file);
        assertThat(gone.out().lines()).doesNotContain(id + ".json");
        assertThat(gone.err()).contains("No such file or directory");
        assertThat(Shell.sh(dir, "grep '" + id + "' streams/leases | grep -o '\"type\":\"lease\\.[a-z]*\"'")
                        .out()
                        .lines())
                .containsExactly(
                        "\"type\":\"lease.acquired\"", "\"type\":\"lease.renewed\"", "\"type\":\"lease.released\"");
        assertThat(BridgeHttp.JSON
                        .readTree(Shell.sh(dir, "cat agents/lease-holder/leases.json")
                                .out())
                        .path("leases"))
                .isEmpty();
    }

    @Test
    void writesCreatesRenamesDeletes_elsewhere_areEROFS() {
        String file =
                Shell.sh(dir, "readlink -f decisions/latest || true").out().strip();
        bridge.decide("Bash", BridgeHttp.JSON.createObjectNode().put("command", "date"));
        String some =
                Shell.sh(dir, "find decisions -name '*.json' | head -1").out().strip();
        assertThat(some).isNotEmpty();
        for (String script : List.of(
                "touch decisions/new.json",
                "mkdir decisions/x",
                "rm " + some,
                "mv " + some + " decisions/moved.json",
                "echo x >> " + some,
                "ln -s a decisions/b",
                "chmod 777 " + some)) {
            Shell.Run run = Shell.sh(dir, script);
            assertThat(run.exit()).as(script).isNotZero();
            assertThat(run.err()).as(script).contains("Read-only file system");
        }
        assertThat(file).isNotNull();
    }

    @Test
    void policy_showsTheActiveYaml_versions_andHistory() {
        Shell.Run active = Shell.sh(dir, "cat policy/active.yaml");
        assertThat(active.exit()).as(active.err()).isZero();
        assertThat(active.out()).startsWith("# policy ").contains("rules:");
        Shell.Run versions = Shell.sh(dir, "ls policy/versions");
        assertThat(versions.out().lines()).isNotEmpty().allMatch(n -> n.matches("[0-9a-f]+\\.yaml"));
        Shell.Run history = Shell.sh(dir, "cat policy/history.txt");
        assertThat(history.out()).contains("policy.activated");
    }

    @Test
    void debug_showsHealthSlaPerformanceAndCache() {
        bridge.decide("Bash", BridgeHttp.JSON.createObjectNode().put("command", "whoami"));
        Shell.Run health = Shell.sh(dir, "cat debug/health.json");
        assertThat(BridgeHttp.JSON.readTree(health.out()).at("/ready/status").asString())
                .isEqualTo("up");
        Shell.Run sla = Shell.sh(dir, "cat debug/sla.json");
        assertThat(BridgeHttp.JSON.readTree(sla.out()).path("thresholds").size())
                .isEqualTo(8);
        Shell.Run perf = Shell.sh(dir, "cat debug/performance.json");
        JsonNode stages = BridgeHttp.JSON.readTree(perf.out()).path("stages");
        assertThat(stages.path("total").path("count").asLong()).isPositive();
        Shell.Run cache = Shell.sh(dir, "cat debug/cache.json");
        assertThat(BridgeHttp.JSON.readTree(cache.out()).has("hitRatio")).isTrue();
        Shell.Run about = Shell.sh(dir, "cat debug/mount.json");
        assertThat(BridgeHttp.JSON.readTree(about.out()).path("pid").asLong())
                .isEqualTo(ProcessHandle.current().pid());
    }

    /** Waits (up to 5 s) until the decision stream has pushed {@code seq} into the view. */
    static void awaitPushed(long seq) {
        Shell.Run seen = Shell.sh(
                dir,
                "for i in $(seq 50); do grep -q '\"seq\":" + seq + ",' streams/decisions && exit 0; sleep 0.1; done;"
                        + " exit 1");
        assertThat(seen.exit()).as("decision %d pushed to the view", seq).isZero();
    }

    /**
     * The pending review of {@code command}, found as a person finds it. The view holds the list of pending reviews
     * for up to a second until the review's event reaches it over the stream, so the search is repeated until the new
     * review shows, for at most 5 s.
     */
    private static String pendingReviewFor(String command) {
        long giveUp = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        Shell.Run grep;
        do {
            grep = Shell.sh(dir, "grep -l -F '" + command + "' reviews/pending/*/call.json");
        } while (grep.exit() != 0 && System.nanoTime() < giveUp);
        assertThat(grep.exit()).as(grep.err()).isZero();
        String path = grep.out().lines().findFirst().orElseThrow();
        return Path.of(path).getParent().getFileName().toString();
    }
}
