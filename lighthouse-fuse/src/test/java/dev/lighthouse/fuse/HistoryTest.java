package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code history/}, {@code current/} and {@code agents/} over a real bridge whose store stamps events with a clock the
 * test sets, so that the writes fall in chosen hours: a file written at 10:15 and edited at 11:20 reads as it was at the
 * end of each hour, and {@code current/} shows the newest version with a note of who wrote it under which decision. A
 * write the policy sends to review (a git hook) appears once a reviewer approves it, and not when one denies it; the
 * same write again, let through at once by that approval, is a version of its own.
 */
class HistoryTest {
    @TempDir
    static Path tmp;

    static final SetClock CLOCK = new SetClock(Instant.parse("2026-03-01T10:15:00Z"));
    static LiveBridge bridge;
    static Mount mount;
    static Path dir;
    static long editSeq;
    static String hookReview;
    static long letThroughSeq;

    @BeforeAll
    static void writeAndEditInTwoHours() throws IOException {
        FuseAvailable.required();
        bridge = new LiveBridge(Files.createDirectories(tmp.resolve("data")), CLOCK);
        // the default policy has no rule for writes in the project: "unmatched" leaves them to the agent, so they count
        assertThat(write("/srv/project/src/app.txt", "greeting = hello\nname = one\n"))
                .isIn("allow", "unmatched");
        assertThat(write("/srv/project/notes.md", "first notes\n")).isIn("allow", "unmatched");
        CLOCK.set(Instant.parse("2026-03-01T11:20:00Z"));
        ObjectNode edit = BridgeHttp.JSON
                .createObjectNode()
                .put("file_path", "/srv/project/src/app.txt")
                .put("old_string", "name = one")
                .put("new_string", "name = two");
        JsonNode edited = bridge.decide("Edit", edit);
        assertThat(edited.path("answer").asString()).isIn("allow", "unmatched");
        editSeq = edited.path("seq").asLong();
        // a Write outside the project is not a project file; a denied one never happened
        write("/tmp/elsewhere.txt", "not in the project\n");
        // a git hook is reviewed: approved before the mount, it is found by the mount's pass over the reviews
        hookReview = reviewedWrite("/srv/project/.git/hooks/pre-commit", "#!/bin/sh\nmake lint\n");
        vote(hookReview, "approve");
        // the first version written again after a second: the first review's approval lets it through at once
        CLOCK.set(Instant.parse("2026-03-01T11:21:00Z"));
        vote(reviewedWrite("/srv/project/.git/hooks/commit-msg", "#!/bin/sh\nv1\n"), "approve");
        CLOCK.set(Instant.parse("2026-03-01T11:22:00Z"));
        vote(reviewedWrite("/srv/project/.git/hooks/commit-msg", "#!/bin/sh\nv2\n"), "approve");
        CLOCK.set(Instant.parse("2026-03-01T11:23:00Z"));
        letThroughSeq = letThrough("/srv/project/.git/hooks/commit-msg", "#!/bin/sh\nv1\n");
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

    private static String write(String path, String content) {
        return bridge.decide(
                        "Write",
                        BridgeHttp.JSON
                                .createObjectNode()
                                .put("file_path", path)
                                .put("content", content))
                .path("answer")
                .asString();
    }

    /** A Write the policy sends to review; the review's id. */
    private static String reviewedWrite(String path, String content) {
        JsonNode answer = bridge.decide(
                "Write",
                BridgeHttp.JSON.createObjectNode().put("file_path", path).put("content", content));
        assertThat(answer.path("answer").asString()).as(answer.toString()).isEqualTo("review");
        return answer.path("review").asString();
    }

    /** A Write an earlier review's approval lets through at once (recorded as review); its decision's seq. */
    private static long letThrough(String path, String content) {
        JsonNode answer = bridge.decide(
                "Write",
                BridgeHttp.JSON.createObjectNode().put("file_path", path).put("content", content));
        assertThat(answer.path("answer").asString()).as(answer.toString()).isEqualTo("allow");
        return answer.path("seq").asLong();
    }

    private static void vote(String review, String verdict) {
        JsonNode cast = bridge.postAs(
                bridge.admin,
                "/v1/reviews/" + review + "/verdict",
                BridgeHttp.JSON.createObjectNode().put("verdict", verdict).put("reason", "checked by the test"));
        assertThat(cast.has("error")).as(cast.toString()).isFalse();
    }

    @Test
    void aWriteApprovedByReview_isInCurrentAndHistory_withANoteNamingTheReview() {
        Shell.Run hook = Shell.sh(dir, "cat current/.git/hooks/pre-commit");
        assertThat(hook.out()).as(hook.err()).isEqualTo("#!/bin/sh\nmake lint\n");
        JsonNode note = BridgeHttp.JSON.readTree(
                Shell.sh(dir, "cat current/.git/hooks/pre-commit.lighthouse").out());
        assertThat(note.path("tool").asString()).isEqualTo("Write");
        assertThat(note.has("seq")).isFalse();
        assertThat(note.path("review").asString())
                .startsWith("reviews/resolved/")
                .endsWith("/" + hookReview);
        Shell.Run votes = Shell.sh(dir, "cat " + note.path("review").asString() + "/votes.json");
        assertThat(votes.out()).as(votes.err()).contains("checked by the test");
        Shell.Run hours = Shell.sh(dir, "grep -rl 'make lint' history");
        assertThat(hours.out().lines()).isNotEmpty().allMatch(f -> f.endsWith("/.git/hooks/pre-commit"));
    }

    @Test
    void aWriteLetThroughByAnEarlierReview_isTheFilesNewestVersion_underItsOwnDecision() {
        Shell.Run hook = Shell.sh(dir, "cat current/.git/hooks/commit-msg");
        assertThat(hook.out()).as(hook.err()).isEqualTo("#!/bin/sh\nv1\n");
        JsonNode note = BridgeHttp.JSON.readTree(
                Shell.sh(dir, "cat current/.git/hooks/commit-msg.lighthouse").out());
        assertThat(note.path("seq").asLong()).isEqualTo(letThroughSeq);
        assertThat(note.path("versions").asInt()).isEqualTo(3);
    }

    @Test
    void aWriteLetThroughWhileMounted_arrivesFromTheStreams() {
        vote(reviewedWrite("/srv/project/.git/hooks/pre-rebase", "#!/bin/sh\nfirst\n"), "approve");
        vote(reviewedWrite("/srv/project/.git/hooks/pre-rebase", "#!/bin/sh\nsecond\n"), "approve");
        Shell.Run second = Shell.sh(
                dir,
                "for i in $(seq 50); do grep -q second current/.git/hooks/pre-rebase 2>/dev/null && exit 0; sleep 0.1;"
                        + " done; exit 1");
        assertThat(second.exit()).as(second.err()).isZero();
        letThrough("/srv/project/.git/hooks/pre-rebase", "#!/bin/sh\nfirst\n");
        Shell.Run first = Shell.sh(
                dir,
                "for i in $(seq 50); do grep -q first current/.git/hooks/pre-rebase 2>/dev/null && exit 0; sleep 0.1;"
                        + " done; exit 1");
        assertThat(first.exit()).as(first.err()).isZero();
    }

    @Test
    void aWriteApprovedWhileMounted_arrivesFromTheReviewStream_andADeniedOneNever() {
        String approved = reviewedWrite("/srv/project/.git/hooks/pre-push", "#!/bin/sh\nmake test\n");
        String denied = reviewedWrite("/srv/project/.git/hooks/post-merge", "#!/bin/sh\ncurl evil\n");
        Shell.Run before = Shell.sh(dir, "cat current/.git/hooks/pre-push");
        assertThat(before.exit()).isNotZero();
        vote(denied, "deny");
        vote(approved, "approve");
        Shell.Run seen = Shell.sh(
                dir,
                "for i in $(seq 50); do cat current/.git/hooks/pre-push 2>/dev/null && exit 0; sleep 0.1; done; exit 1");
        assertThat(seen.out()).as(seen.err()).isEqualTo("#!/bin/sh\nmake test\n");
        assertThat(Shell.sh(dir, "ls -a current/.git/hooks").out().lines()).doesNotContain("post-merge");
    }

    @Test
    void history_listsEachHourInWhichAFileChanged_withTheFilesAsTheyWereAtItsEnd() {
        assertThat(Shell.sh(dir, "ls history").out().lines()).startsWith("2026-03-01T10", "2026-03-01T11");
        assertThat(Shell.sh(dir, "cat history/2026-03-01T10/src/app.txt").out())
                .isEqualTo("greeting = hello\nname = one\n");
        assertThat(Shell.sh(dir, "cat history/2026-03-01T11/src/app.txt").out())
                .isEqualTo("greeting = hello\nname = two\n");
        // a file not changed in an hour is still there as it was
        assertThat(Shell.sh(dir, "cat history/2026-03-01T11/notes.md").out()).isEqualTo("first notes\n");
        assertThat(Shell.sh(dir, "ls -R history/2026-03-01T11").out()).doesNotContain("elsewhere");
    }

    @Test
    void history_statShowsTheContentsLengthAndTheWritesTime() {
        Shell.Run stat = Shell.sh(dir, "stat -c '%s %Y' history/2026-03-01T10/src/app.txt");
        assertThat(stat.out().strip())
                .isEqualTo("%d %d"
                        .formatted(
                                "greeting = hello\nname = one\n".length(),
                                Instant.parse("2026-03-01T10:15:00Z").getEpochSecond()));
    }

    @Test
    void current_showsTheNewestVersion_andANoteNamingWhoWroteItUnderWhichDecision() {
        assertThat(Shell.sh(dir, "ls current current/src").out().lines())
                .containsSubsequence("notes.md", "notes.md.lighthouse", "src", "app.txt", "app.txt.lighthouse");
        assertThat(Shell.sh(dir, "cat current/src/app.txt").out()).isEqualTo("greeting = hello\nname = two\n");
        JsonNode note = BridgeHttp.JSON.readTree(
                Shell.sh(dir, "cat current/src/app.txt.lighthouse").out());
        assertThat(note.path("agent").asString()).isEqualTo("local");
        assertThat(note.path("tool").asString()).isEqualTo("Edit");
        assertThat(note.path("time").asString()).isEqualTo("2026-03-01T11:20:00Z");
        assertThat(note.path("seq").asLong()).isEqualTo(editSeq);
        assertThat(note.path("versions").asInt()).isEqualTo(2);
        Shell.Run decision = Shell.sh(dir, "cat " + note.path("decision").asString());
        assertThat(decision.exit()).as(decision.err()).isZero();
        assertThat(BridgeHttp.JSON.readTree(decision.out()).path("seq").asLong())
                .isEqualTo(editSeq);
    }

    @Test
    void grepR_overHistory_findsWhichHourHadAValue() {
        Shell.Run grep = Shell.sh(dir, "grep -rl 'name = one' history current");
        assertThat(grep.out().lines()).containsExactly("history/2026-03-01T10/src/app.txt");
    }

    @Test
    void aWriteMadeWhileMounted_joinsCurrentAndItsHour_fromTheStream() {
        Shell.Run before = Shell.sh(dir, "ls current");
        assertThat(before.exit()).as(before.err()).isZero();
        CLOCK.set(Instant.parse("2026-03-01T12:05:00Z"));
        write("/srv/project/later.txt", "written while mounted\n");
        Shell.Run seen = Shell.sh(
                dir, "for i in $(seq 50); do cat current/later.txt 2>/dev/null && exit 0; sleep 0.1; done; exit 1");
        assertThat(seen.out()).isEqualTo("written while mounted\n");
        assertThat(Shell.sh(dir, "ls history").out().lines()).contains("2026-03-01T12");
    }

    @Test
    void agents_showEachAgentsCountsAndRecentDecisions() {
        assertThat(Shell.sh(dir, "ls agents").out().lines()).contains("local");
        assertThat(Shell.sh(dir, "ls agents/local").out().lines())
                .containsExactly("info.json", "leases.json", "recent.jsonl");
        JsonNode info = BridgeHttp.JSON.readTree(
                Shell.sh(dir, "cat agents/local/info.json").out());
        assertThat(info.path("agent").asString()).isEqualTo("local");
        assertThat(info.path("tools").path("Write").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(info.path("tools").path("Edit").asLong()).isEqualTo(1);
        assertThat(info.path("firstSeen").asString()).isEqualTo("2026-03-01T10:15:00Z");
        Shell.Run recent = Shell.sh(dir, "grep -c '\"tool\":\"Edit\"' agents/local/recent.jsonl");
        assertThat(recent.out().strip()).isEqualTo("1");
    }
}
