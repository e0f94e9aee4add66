package dev.lighthouse.coordination.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.coordination.MovableClock;
import dev.lighthouse.coordination.TestStore;
import dev.lighthouse.coordination.expert.ExpertRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The task queue: dispatch, one claimer at a time, lapsed claims returned, completion, restart; on real SQLite. */
class TasksTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    TestStore db;
    MovableClock clock;
    ExpertRegistry experts;
    Tasks tasks;

    @BeforeEach
    void open() {
        db = new TestStore(dir);
        clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        start();
        experts.register("dba-1", Set.of("database"));
        experts.register("dba-2", Set.of("database"));
    }

    private void start() {
        experts = new ExpertRegistry(db.store(), clock, agent -> Set.of());
        experts.recover();
        tasks = new Tasks(db.store(), clock, experts::capabilities);
        tasks.recover();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Task dispatch(String title) {
        return (Task) tasks.dispatch(
                "coder", new Tasks.Dispatch("database", title, Optional.of(JSON.readTree("{\"table\":\"users\"}"))));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void dispatch_claim_complete_carriesTheResult() {
        Task queued = dispatch("add an index");

        Tasks.Outcome claimed = tasks.claim("dba-1", Tasks.Claim.next());
        Tasks.Outcome completed = tasks.complete("dba-1", queued.id(), json("{\"index\":\"users_email\"}"));

        assertThat(queued.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(claimed).isInstanceOfSatisfying(Task.class, t -> {
            assertThat(t.id()).isEqualTo(queued.id());
            assertThat(t.claimedBy()).contains("dba-1");
            assertThat(t.claimedUntil()).contains(clock.instant().plus(Tasks.DEFAULT_CLAIM));
        });
        assertThat(completed).isInstanceOfSatisfying(Task.class, t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(t.result()).contains(json("{\"index\":\"users_email\"}"));
        });
    }

    @Test
    void claim_takesTheOldestQueuedFirst_andOneClaimerAtATime() {
        Task first = dispatch("first");
        clock.advance(Duration.ofSeconds(1));
        Task second = dispatch("second");

        assertThat(tasks.claim("dba-1", Tasks.Claim.next()))
                .isInstanceOfSatisfying(Task.class, t -> assertThat(t.id()).isEqualTo(first.id()));
        assertThat(tasks.claim("dba-2", new Tasks.Claim(Optional.of(first.id()), Optional.empty(), Optional.empty())))
                .isInstanceOf(TaskRefusal.AlreadyClaimed.class);
        assertThat(tasks.claim("dba-2", Tasks.Claim.next()))
                .isInstanceOfSatisfying(Task.class, t -> assertThat(t.id()).isEqualTo(second.id()));
        assertThat(tasks.claim("dba-2", Tasks.Claim.next())).isInstanceOf(TaskRefusal.NothingQueued.class);
    }

    @Test
    void claim_withoutTheCapability_isRefused() {
        dispatch("add an index");
        int before = db.events().size();

        assertThat(tasks.claim("coder", Tasks.Claim.next())).isEqualTo(new TaskRefusal.NothingQueued(Set.of()));
        assertThat(tasks.claim("coder", new Tasks.Claim(Optional.empty(), Optional.of("database"), Optional.empty())))
                .isEqualTo(new TaskRefusal.NotCapable("coder", "database"));
        assertThat(db.events()).hasSize(before);
    }

    @Test
    void aLapsedClaim_returnsTheTaskToTheQueue_forTheNextClaimer() {
        Task queued = dispatch("add an index");
        tasks.claim("dba-1", new Tasks.Claim(Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(60))));

        clock.advance(Duration.ofSeconds(59));
        assertThat(tasks.returnLapsed()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tasks.returnLapsed()).isEqualTo(1);

        assertThat(tasks.get(queued.id()).orElseThrow().status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(tasks.complete("dba-1", queued.id(), json("{}")))
                .isEqualTo(new TaskRefusal.NotTheClaimer(queued.id(), "dba-1"));
        assertThat(tasks.claim("dba-2", Tasks.Claim.next())).isInstanceOfSatisfying(Task.class, t -> {
            assertThat(t.claimedBy()).contains("dba-2");
            assertThat(t.claims()).isEqualTo(2);
        });
    }

    @Test
    void complete_onlyByTheClaimer_andOnce() {
        Task queued = dispatch("add an index");
        tasks.claim("dba-1", Tasks.Claim.next());

        assertThat(tasks.complete("dba-2", queued.id(), json("{}")))
                .isEqualTo(new TaskRefusal.NotTheClaimer(queued.id(), "dba-2"));
        tasks.complete("dba-1", queued.id(), json("{\"ok\":true}"));
        assertThat(tasks.complete("dba-1", queued.id(), json("{}")))
                .isEqualTo(new TaskRefusal.AlreadyCompleted(queued.id(), "dba-1"));
    }

    @Test
    void dispatch_badArguments_areRefusedWithTheField() {
        assertThat(tasks.dispatch("coder", new Tasks.Dispatch("data base", "t", Optional.empty())))
                .isInstanceOfSatisfying(
                        TaskRefusal.InvalidArgument.class,
                        r -> assertThat(r.field()).isEqualTo("capability"));
        assertThat(tasks.dispatch("coder", new Tasks.Dispatch("database", "", Optional.empty())))
                .isInstanceOfSatisfying(
                        TaskRefusal.InvalidArgument.class,
                        r -> assertThat(r.field()).isEqualTo("title"));
        assertThat(tasks.dispatch(
                        "coder",
                        new Tasks.Dispatch("database", "t", Optional.of(json("\"" + "x".repeat(1 << 20) + "\"")))))
                .isInstanceOf(TaskRefusal.TooLarge.class);
    }

    @Test
    void restart_rebuildsTheQueueClaimsAndResults() {
        Task done = dispatch("done");
        tasks.claim("dba-1", new Tasks.Claim(Optional.of(done.id()), Optional.empty(), Optional.empty()));
        tasks.complete("dba-1", done.id(), json("{\"ok\":true}"));
        Task held = dispatch("held");
        tasks.claim(
                "dba-2", new Tasks.Claim(Optional.of(held.id()), Optional.empty(), Optional.of(Duration.ofMinutes(1))));
        Task waiting = dispatch("waiting");

        db.restart();
        start();

        assertThat(tasks.get(done.id()).orElseThrow().result()).contains(json("{\"ok\":true}"));
        assertThat(tasks.get(held.id()).orElseThrow().claimedBy()).contains("dba-2");
        assertThat(tasks.get(waiting.id()).orElseThrow().status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(experts.capabilities("dba-1")).containsExactly("database");

        clock.advance(Duration.ofMinutes(1));
        db.restart();
        start();
        assertThat(tasks.get(held.id()).orElseThrow().status())
                .as("a claim that lapsed while the bridge was down returns the task at start")
                .isEqualTo(TaskStatus.QUEUED);
    }
}
