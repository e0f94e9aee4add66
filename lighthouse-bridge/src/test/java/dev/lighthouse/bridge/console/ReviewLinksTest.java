package dev.lighthouse.bridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed review links against a real SQLite store, where spending one is recorded. */
class ReviewLinksTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    EventStore store;

    @BeforeEach
    void open() {
        store = EventStores.sqlite(
                dir.resolve("events.db"),
                StoreOptions.of(
                        Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC()), dir.resolve("cp")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ReviewLinks links(Instant now) {
        return new ReviewLinks(
                store, KEY, Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(1), () -> "http://127.0.0.1:8765");
    }

    private static String token(ReviewLinks links) {
        String url = links.link("rv_0123456789abcdef", "alice").toString();
        assertThat(url).startsWith("http://127.0.0.1:8765/console/link/");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void link_namesItsReviewAndReviewer_andWorksOnce() {
        ReviewLinks links = links(NOW);
        String token = token(links);
        assertThat(links.check(token)).isInstanceOfSatisfying(ReviewLinks.Opened.Valid.class, v -> {
            assertThat(v.reviewId()).isEqualTo("rv_0123456789abcdef");
            assertThat(v.reviewer()).isEqualTo("alice");
        });
        assertThat(links.check(token)).isInstanceOf(ReviewLinks.Opened.Valid.class); // looking does not spend it
        assertThat(links.use(token)).isInstanceOf(ReviewLinks.Opened.Valid.class);
        assertThat(links.use(token))
                .isInstanceOfSatisfying(
                        ReviewLinks.Opened.Refused.class,
                        r -> assertThat(r.why()).contains("used"));
    }

    @Test
    void use_isRecordedAsAnEventOfItsReviewer() {
        ReviewLinks links = links(NOW);
        links.use(token(links));
        var events = store.query(EventQuery.all().type(ConsoleEvent.LINK_USED)).events();
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().agent()).hasValue("alice");
        ConsoleEvent.LinkUsed used = events.getFirst().payloadAs(ConsoleEvent.LinkUsed.class);
        assertThat(used.review()).isEqualTo("rv_0123456789abcdef");
        assertThat(used.expires()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void linkSpentElsewhere_isRefused_evenBeforeThisMemoryHearsOfIt() {
        String token = token(links(NOW));
        assertThat(links(NOW).use(token)).isInstanceOf(ReviewLinks.Opened.Valid.class);
        ReviewLinks fresh = links(NOW); // another replica, or this one restarted without its memory rebuilt
        assertThat(fresh.check(token)).isInstanceOf(ReviewLinks.Opened.Valid.class);
        assertThat(fresh.use(token))
                .isInstanceOfSatisfying(
                        ReviewLinks.Opened.Refused.class,
                        r -> assertThat(r.why()).contains("used"));
    }

    @Test
    void linkUsedAtOnceByManyThreads_opensForExactlyOne() throws Exception {
        String token = token(links(NOW));
        List<ReviewLinks> replicas = List.of(links(NOW), links(NOW), links(NOW), links(NOW));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ReviewLinks.Opened>> uses = pool.invokeAll(replicas.stream()
                    .map(l -> (Callable<ReviewLinks.Opened>) () -> l.use(token))
                    .toList());
            long opened = 0;
            for (Future<ReviewLinks.Opened> use : uses) {
                opened += use.get() instanceof ReviewLinks.Opened.Valid ? 1 : 0;
            }
            assertThat(opened).isEqualTo(1);
        }
    }

    @Test
    void link_pastItsExpiry_isRefused_justBeforeItWorks() {
        String token = token(links(NOW));
        assertThat(links(NOW.plus(Duration.ofMinutes(59))).use(token)).isInstanceOf(ReviewLinks.Opened.Valid.class);
        assertThat(links(NOW.plus(Duration.ofHours(1))).use(token))
                .isInstanceOfSatisfying(
                        ReviewLinks.Opened.Refused.class,
                        r -> assertThat(r.why()).contains("expired"));
    }

    @Test
    void link_withAnotherReviewerOrAnotherKey_isRefused() {
        ReviewLinks links = links(NOW);
        String token = token(links);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        String forged = java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.replace("alice", "mallory").getBytes())
                + token.substring(token.indexOf('.'));
        assertThat(links.use(forged))
                .isInstanceOfSatisfying(
                        ReviewLinks.Opened.Refused.class,
                        r -> assertThat(r.why()).contains("signature"));
        ReviewLinks otherKey = new ReviewLinks(
                store,
                "another key, another bridge....".getBytes(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofHours(1),
                () -> "");
        assertThat(otherKey.use(token)).isInstanceOf(ReviewLinks.Opened.Refused.class);
        assertThat(links.use("not-a-link")).isInstanceOf(ReviewLinks.Opened.Refused.class);
        assertThat(store.head().seq()).isZero(); // refused links record nothing
    }
}
