package dev.lighthouse.coordination.lease;

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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases on a real SQLite store, with a clock moved by hand. */
class LeasesTest {
    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");
    private static final String PROJECT = "/srv/project";

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(T0);
    private EventStore store;
    private Leases leases;

    @BeforeEach
    void open() {
        store = openStore();
        leases = Leases.open(store, clock, LeaseSettings.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private EventStore openStore() {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        return EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
    }

    private static LeaseRequest request(String agent, LeaseMode mode, Duration ttl, String... paths) {
        return new LeaseRequest(agent, "s-" + agent, PROJECT, List.of(paths), mode, ttl, "editing the parser");
    }

    private Lease take(String agent, LeaseMode mode, String... paths) {
        return (Lease) leases.acquire(request(agent, mode, Duration.ofMinutes(10), paths));
    }

    @Test
    void acquire_exclusiveHeldByAnother_refusedNamingHolderReasonAndExpiry() {
        Lease a = take("agent-a", LeaseMode.EXCLUSIVE, "src/x.txt");

        LeaseOutcome b = leases.acquire(request("agent-b", LeaseMode.EXCLUSIVE, Duration.ofMinutes(5), "src"));

        assertThat(b).isInstanceOfSatisfying(LeaseRefusal.Conflict.class, c -> {
            assertThat(c.held()).containsExactly(a);
            assertThat(c.message())
                    .contains("agent-a", "/srv/project/src/x.txt", "editing the parser", "2026-12-06T20:10:00Z");
        });
        assertThat(leases.list()).containsExactly(a);
    }

    @Test
    void acquire_sharedBesideShared_bothHold_butNotBesideExclusive() {
        Lease a = take("agent-a", LeaseMode.SHARED, "docs/**");
        Lease b = take("agent-b", LeaseMode.SHARED, "docs/guide.md");

        LeaseOutcome c =
                leases.acquire(request("agent-c", LeaseMode.EXCLUSIVE, Duration.ofMinutes(1), "docs/guide.md"));

        assertThat(leases.list()).containsExactlyInAnyOrder(a, b);
        assertThat(c)
                .isInstanceOfSatisfying(
                        LeaseRefusal.Conflict.class, x -> assertThat(x.held()).containsExactlyInAnyOrder(a, b));
    }

    @Test
    void acquire_disjointPathsOrOwnOverlap_hold() {
        take("agent-a", LeaseMode.EXCLUSIVE, "src/a.txt");

        assertThat(leases.acquire(request("agent-b", LeaseMode.EXCLUSIVE, Duration.ofMinutes(1), "src/b.txt")))
                .isInstanceOf(Lease.class);
        assertThat(leases.acquire(request("agent-a", LeaseMode.EXCLUSIVE, Duration.ofMinutes(1), "src/a*")))
                .isInstanceOf(Lease.class);
    }

    @Test
    void lease_holdsUntilItsTtl_andEndsExactlyAtIt() {
        Lease a = take("agent-a", LeaseMode.EXCLUSIVE, "src/x.txt");
        Instant expires = T0.plus(Duration.ofMinutes(10));
        assertThat(a.expires()).isEqualTo(expires);

        clock.set(expires.minusNanos(1));
        assertThat(leases.touching("/srv/project/src/x.txt", false, clock.instant()))
                .containsExactly(a);
        assertThat(leases.acquire(request("agent-b", LeaseMode.EXCLUSIVE, Duration.ofMinutes(1), "src/x.txt")))
                .isInstanceOf(LeaseRefusal.Conflict.class);

        clock.set(expires);
        assertThat(leases.touching("/srv/project/src/x.txt", false, clock.instant()))
                .isEmpty();
        assertThat(leases.list()).isEmpty();
        assertThat(leases.acquire(request("agent-b", LeaseMode.EXCLUSIVE, Duration.ofMinutes(1), "src/x.txt")))
                .isInstanceOf(Lease.class);
    }

    @Test
    void renew_extendsFromNow_neverShortens_andOnlyByItsHolder() {
        Lease a = take("agent-a", LeaseMode.EXCLUSIVE, "src/x.txt");
        clock.advance(Duration.ofMinutes(8));

        assertThat(leases.renew(a.id(), "agent-b", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(
                        LeaseRefusal.NotHolder.class,
                        r -> assertThat(r.holder()).isEqualTo("agent-a"));
        assertThat(leases.renew(a.id(), "agent-a", Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(
                        Lease.class, l -> assertThat(l.expires()).isEqualTo(a.expires()));
        assertThat(leases.renew(a.id(), "agent-a", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(
                        Lease.class, l -> assertThat(l.expires()).isEqualTo(T0.plus(Duration.ofMinutes(18))));

        clock.set(T0.plus(Duration.ofMinutes(17)));
        assertThat(leases.touching("/srv/project/src/x.txt", false, clock.instant()))
                .hasSize(1);
    }

    @Test
    void release_byHolderOnly_thenUnknown() {
        Lease a = take("agent-a", LeaseMode.EXCLUSIVE, "src/x.txt");

        assertThat(leases.release(a.id(), "agent-b")).isInstanceOf(LeaseRefusal.NotHolder.class);
        assertThat(leases.release(a.id(), "agent-a")).isEqualTo(a);
        assertThat(leases.release(a.id(), "agent-a")).isInstanceOf(LeaseRefusal.UnknownLease.class);
        assertThat(leases.touching("/srv/project/src/x.txt", false, clock.instant()))
                .isEmpty();
    }

    @Test
    void revoke_endsAnyonesLease() {
        Lease a = take("agent-a", LeaseMode.EXCLUSIVE, "src/x.txt");

        assertThat(leases.revoke(a.id(), "owner", "agent-a crashed")).isEqualTo(a);
        assertThat(leases.list()).isEmpty();
        assertThat(leases.revoke("lease-0000000000000000", "owner", "x")).isInstanceOf(LeaseRefusal.UnknownLease.class);
    }

    @Test
    void acquire_badRequests_refusedWithNothingStored() {
        long head = store.head().seq();

        assertThat(leases.acquire(request("a", LeaseMode.EXCLUSIVE, Duration.ofMinutes(1), "../etc/passwd")))
                .isInstanceOf(LeaseRefusal.OutsideProject.class);
        assertThat(leases.acquire(request("a", LeaseMode.EXCLUSIVE, Duration.ofMinutes(1), "/etc/passwd")))
                .isInstanceOf(LeaseRefusal.OutsideProject.class);
        assertThat(leases.acquire(request("a", LeaseMode.EXCLUSIVE, Duration.ofHours(5), "src")))
                .isInstanceOfSatisfying(
                        LeaseRefusal.TtlOverMaximum.class,
                        r -> assertThat(r.message()).contains("at most 14400 s"));
        assertThat(leases.acquire(request("a", LeaseMode.EXCLUSIVE, Duration.ofMinutes(1), "src/[ab].c")))
                .isInstanceOfSatisfying(
                        LeaseRefusal.Invalid.class, r -> assertThat(r.field()).isEqualTo("paths"));
        assertThat(leases.acquire(request("a", LeaseMode.EXCLUSIVE, Duration.ofMinutes(1))))
                .isInstanceOfSatisfying(
                        LeaseRefusal.Invalid.class, r -> assertThat(r.field()).isEqualTo("paths"));
        assertThat(leases.acquire(request("a", LeaseMode.EXCLUSIVE, Duration.ZERO, "src")))
                .isInstanceOfSatisfying(
                        LeaseRefusal.Invalid.class, r -> assertThat(r.field()).isEqualTo("ttl_seconds"));
        assertThat(leases.acquire(new LeaseRequest(
                        "a", "", "relative/dir", List.of("x"), LeaseMode.SHARED, Duration.ofMinutes(1), "")))
                .isInstanceOfSatisfying(
                        LeaseRefusal.Invalid.class, r -> assertThat(r.field()).isEqualTo("project"));
        assertThat(leases.renew("lease-0000000000000000", "a", Duration.ofMinutes(1)))
                .isInstanceOf(LeaseRefusal.UnknownLease.class);

        assertThat(store.head().seq()).isEqualTo(head);
    }

    @Test
    void touching_recursiveOrWildcardWrite_reachesLeasesBelow_andGlobLeasesCoverMatches() {
        Lease file = take("agent-a", LeaseMode.EXCLUSIVE, "src/main/x.txt");
        Lease glob = take("agent-b", LeaseMode.EXCLUSIVE, "docs/*.md");
        Instant now = clock.instant();

        assertThat(leases.touching("/srv/project/src", false, now)).isEmpty();
        assertThat(leases.touching("/srv/project/src", true, now)).containsExactly(file);
        assertThat(leases.touching("/srv/project/src/main/*.txt", false, now)).containsExactly(file);
        assertThat(leases.touching("/srv/project/src/main/x.txt", false, now)).containsExactly(file);
        assertThat(leases.touching("/srv/project/docs/guide.md", false, now)).containsExactly(glob);
        assertThat(leases.touching("/srv/project/docs/guide.txt", false, now)).isEmpty();
        assertThat(leases.touching("/srv/project", true, now)).containsExactlyInAnyOrder(file, glob);
    }

    @Test
    void open_afterRestart_replaysLeasesWithTheirExpiries() {
        Lease kept = take("agent-a", LeaseMode.EXCLUSIVE, "src/x.txt");
        Lease renewed = take("agent-b", LeaseMode.SHARED, "docs/**");
        Lease released = take("agent-c", LeaseMode.EXCLUSIVE, "lib/y.txt");
        Lease revoked = take("agent-d", LeaseMode.EXCLUSIVE, "lib/z.txt");
        clock.advance(Duration.ofMinutes(5));
        Lease longer = (Lease) leases.renew(renewed.id(), "agent-b", Duration.ofMinutes(30));
        leases.release(released.id(), "agent-c");
        leases.revoke(revoked.id(), "owner", "stuck");
        store.close();

        store = openStore();
        Leases again = Leases.open(store, clock, LeaseSettings.defaults());

        assertThat(again.list()).containsExactlyInAnyOrder(kept, longer);
        assertThat(store.query(EventQuery.all().stream(Leases.STREAM)).events())
                .extracting(e -> e.type().name())
                .containsExactly(
                        "lease.acquired",
                        "lease.acquired",
                        "lease.acquired",
                        "lease.acquired",
                        "lease.renewed",
                        "lease.released",
                        "lease.revoked");
        clock.set(kept.expires());
        assertThat(again.touching("/srv/project/src/x.txt", false, clock.instant()))
                .isEmpty();
        assertThat(again.touching("/srv/project/docs/a.md", false, clock.instant()))
                .containsExactly(longer);
        clock.set(longer.expires());
        assertThat(Leases.open(store, clock, LeaseSettings.defaults()).list()).isEmpty();
    }
}
