package dev.lighthouse.bridge.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.Membership;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.PostgresDatabase;
import dev.lighthouse.events.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Rate budgets in a real PostgreSQL database, as two replicas hold them: each its own {@link RateLimits} on the pool
 * its membership of the store gives it.
 */
@Timeout(60)
class SharedRateLimitsTest {
    @RegisterExtension
    static final PostgresDatabase database = new PostgresDatabase();

    /** A second database, which no store opens: it has none of the store's tables. */
    @RegisterExtension
    static final PostgresDatabase unmigrated = new PostgresDatabase();

    private static final Principal BUSY = new Principal("busy", Role.AGENT);

    @TempDir
    Path dir;

    private EventStore store;
    private Membership a;
    private Membership b;

    @BeforeEach
    void join() {
        store = EventStores.open(
                database.url(),
                dir,
                StoreOptions.of(
                        Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC()), dir.resolve("cp")));
        a = store.join(new Membership.Identity("a", "k", "r"), Clock.systemUTC());
        b = store.join(new Membership.Identity("b", "k", "r"), Clock.systemUTC());
    }

    @AfterEach
    void leave() {
        a.close();
        b.close();
        store.close();
    }

    private static Map<Role, OptionalLong> agentsMay(long perMinute) {
        Map<Role, OptionalLong> rates = RateLimits.defaults();
        rates.put(Role.AGENT, OptionalLong.of(perMinute));
        return rates;
    }

    @Test
    void aCallerThatSpentItsBudgetOnOneReplica_isOverItOnAnother() {
        RateLimits onA = RateLimits.shared(agentsMay(5), a.sharedDatabase().orElseThrow());
        RateLimits onB = RateLimits.shared(agentsMay(5), b.sharedDatabase().orElseThrow());

        for (int i = 0; i < 5; i++) {
            assertThat(onA.tryAcquire(BUSY)).as("request %d", i + 1).isInstanceOf(RateLimits.Admission.Within.class);
        }

        assertThat(onA.tryAcquire(BUSY)).isEqualTo(new RateLimits.Admission.Over(5));
        assertThat(onB.tryAcquire(BUSY)).isEqualTo(new RateLimits.Admission.Over(5));
        assertThat(onB.tryAcquire(new Principal("idle", Role.AGENT)))
                .as("another caller has a budget of its own")
                .isInstanceOf(RateLimits.Admission.Within.class);
    }

    @Test
    void requestsSpreadOverTwoReplicas_getOneBudget_plusAtMostTheOtherReplicasUnsettledTokens() {
        long perMinute = 300;
        RateLimits onA =
                RateLimits.shared(agentsMay(perMinute), a.sharedDatabase().orElseThrow());
        RateLimits onB =
                RateLimits.shared(agentsMay(perMinute), b.sharedDatabase().orElseThrow());

        long admitted = 0;
        long started = System.nanoTime();
        for (int i = 0; i < 2 * perMinute; i++) {
            RateLimits replica = i % 2 == 0 ? onA : onB;
            if (replica.tryAcquire(BUSY) instanceof RateLimits.Admission.Within) {
                admitted++;
            }
        }
        // the bucket refills by perMinute a minute while the loop runs; count that in, not a guess of the run's speed
        long refilled = (System.nanoTime() - started) * perMinute / 60_000_000_000L + 1;

        assertThat(admitted).isGreaterThanOrEqualTo(perMinute);
        assertThat(admitted).isLessThanOrEqualTo(perMinute + RateLimits.unsettled(perMinute) + refilled);
    }

    @Test
    void inMemoryBudgets_areEachReplicasOwn() {
        RateLimits onA = RateLimits.inMemory(agentsMay(2));
        RateLimits onB = RateLimits.inMemory(agentsMay(2));
        onA.tryAcquire(BUSY);
        onA.tryAcquire(BUSY);

        assertThat(onA.tryAcquire(BUSY)).isEqualTo(new RateLimits.Admission.Over(2));
        assertThat(onB.tryAcquire(BUSY)).isInstanceOf(RateLimits.Admission.Within.class);
        assertThat(onA.shared()).isFalse();
    }

    @Test
    void aDatabaseWithoutTheBudgetTable_stillLimitsTheCaller_byThisReplicasOwnBucket() {
        // a database the store never migrated: settling fails, and the caller is counted by this replica alone,
        // neither refused outright nor let through without limit
        PGSimpleDataSource bare = new PGSimpleDataSource();
        bare.setURL(unmigrated.url());
        RateLimits limits = RateLimits.shared(agentsMay(5), bare);

        for (int i = 0; i < 5; i++) {
            assertThat(limits.tryAcquire(BUSY)).as("request %d", i + 1).isInstanceOf(RateLimits.Admission.Within.class);
        }
        assertThat(limits.tryAcquire(BUSY)).isEqualTo(new RateLimits.Admission.Over(5));
    }

    @Test
    void unlimitedRoles_takeNothingFromTheDatabase() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none");
        RateLimits limits = RateLimits.shared(agentsMay(5), nowhere);

        assertThat(limits.tryAcquire(Principal.OWNER)).isInstanceOf(RateLimits.Admission.Within.class);
        assertThat(limits.tryAcquire(Principal.LOCAL)).isInstanceOf(RateLimits.Admission.Within.class);
    }
}
