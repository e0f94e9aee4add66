package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutSettings;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.PostgresDatabase;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Policies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent tokens on replicas that each keep an {@code agents.json} of their own (as separate machines do), on one real
 * PostgreSQL database, with real HTTP on loopback: a token revoked on one replica is refused by the others, a token
 * issued on one is accepted by the others, and a replica started later with an old copy of the file still refuses
 * what was revoked.
 */
@Timeout(300) // bridges start slowly on a loaded machine
class TokensAcrossReplicasTest {
    @RegisterExtension
    static final PostgresDatabase database = new PostgresDatabase();

    @TempDir
    Path dir;

    private final List<Replica> replicas = new ArrayList<>();

    @AfterEach
    void stopAll() {
        replicas.reversed().forEach(Replica::close);
    }

    /** One replica with a data dir of its own; the HMAC keys are the cluster's. */
    private final class Replica implements AutoCloseable {
        final Path data;
        final EventStore store;
        final Rollout rollout;
        final Bridge bridge;
        final AgentTokens tokens;
        final HttpClient http = HttpClient.newHttpClient();

        Replica(String name) {
            data = dir.resolve(name);
            tokens = AgentTokens.inDataDir(data);
            store = EventStores.open(database.url(), data, StoreOptions.of(keys(), data.resolve("checkpoints")));
            rollout = Rollout.open(
                    store,
                    PolicySource.of(Policies.defaultPolicy()),
                    RolloutSettings.defaults(),
                    Alerts.NONE,
                    Clock.systemUTC());
            bridge = Bridge.builder(BridgeConfig.defaults().withListen("127.0.0.1", 0), rollout.judge(), store, tokens)
                    .rollout(rollout)
                    .agentHome(Path.of("/home/agent"))
                    .start();
            replicas.add(this);
        }

        /** The status of a decision asked for with {@code token}: 200, or 401 for a token this replica refuses. */
        int decide(String token) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/v1/decisions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AuthTest.nativeCall("ls")))
                    .build();
            try {
                return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Asks until the answer is {@code status} (the test's timeout bounds the wait); returns how long it took. */
        Duration awaitStatus(String token, int status, Instant since) {
            while (decide(token) != status) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            return Duration.between(since, Instant.now());
        }

        @Override
        public void close() {
            bridge.stop();
            rollout.close();
            store.close();
            http.close();
        }
    }

    private Keyring keys() {
        return Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
    }

    /** {@code agents.json} as an operator hands it to a new replica: copied from {@code from}'s data dir. */
    private void copyAgents(Path from, String to) throws IOException {
        Path target = Files.createDirectories(dir.resolve(to));
        Files.copy(
                from.resolve("agents.json"),
                target.resolve("agents.json"),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
    }

    @Test
    void aTokenRevokedOnA_isRefusedOnB_althoughBsFileStillHoldsIt() throws Exception {
        AgentTokens issuer = AgentTokens.inDataDir(dir.resolve("a"));
        int count = 10;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(issuer.add("builder-" + i, Role.AGENT, Instant.now()).token());
        }
        copyAgents(dir.resolve("a"), "b");
        Replica a = new Replica("a");
        Replica b = new Replica("b");
        for (String token : tokens) {
            assertThat(a.decide(token)).isEqualTo(200);
            assertThat(b.decide(token)).isEqualTo(200);
        }

        // Revoked on A as its console does (this process's registry); B's own file is never touched.
        List<Duration> lags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant revoked = Instant.now();
            assertThat(a.tokens.revoke("builder-" + i, revoked)).isTrue();
            assertThat(a.decide(tokens.get(i)))
                    .as("refused at once where it was revoked")
                    .isEqualTo(401);
            lags.add(b.awaitStatus(tokens.get(i), 401, revoked));
        }
        assertThat(b.tokens.list()).as("B's file").allMatch(AgentTokens.Agent::active);
        assertThat(b.tokens.known()).as("what B knows").noneMatch(AgentTokens.Agent::active);
        assertThat(types(a.store, "agent.token_revoked")).isEqualTo(count);
        lags.sort(null);
        System.out.printf(
                Locale.ROOT,
                "revocation on A refused on B after: p50 %d ms, max %d ms (%d tokens)%n",
                lags.get(count / 2).toMillis(),
                lags.getLast().toMillis(),
                count);
    }

    @Test
    void aTokenIssuedByTheCliInAsDataDir_isAcceptedOnB_andARevocationThereIsRefusedOnB() throws Exception {
        AgentTokens.inDataDir(dir.resolve("a")).add("first", Role.AGENT, Instant.now());
        copyAgents(dir.resolve("a"), "b");
        Replica a = new Replica("a");
        Replica b = new Replica("b");

        // `lighthouse agents add|revoke` is another process writing A's file: a registry of its own, not A's
        AgentTokens cli = AgentTokens.inDataDir(dir.resolve("a"));
        Instant issued = Instant.now();
        String late = cli.add("late", Role.AGENT, issued).token();
        Duration issuedLag = b.awaitStatus(late, 200, issued);
        assertThat(b.tokens.list())
                .as("B's file")
                .extracting(AgentTokens.Agent::name)
                .containsExactly("first");

        Instant revoked = Instant.now();
        assertThat(cli.revoke("late", revoked)).isTrue();
        Duration revokedLag = b.awaitStatus(late, 401, revoked);
        assertThat(a.decide(late)).isEqualTo(401);
        System.out.printf(
                "file changed by another process on A: issue accepted on B after %d ms, revocation refused on B after"
                        + " %d ms%n",
                issuedLag.toMillis(), revokedLag.toMillis());
    }

    @Test
    void aReplicaStartedWithAnOldCopyOfTheFile_refusesWhatWasRevokedMeanwhile() throws Exception {
        String token = AgentTokens.inDataDir(dir.resolve("a"))
                .add("builder", Role.AGENT, Instant.now())
                .token();
        copyAgents(dir.resolve("a"), "c"); // the copy C will start with, made before the revocation
        Replica a = new Replica("a");
        assertThat(a.tokens.revoke("builder", Instant.now())).isTrue();
        a.close();
        replicas.remove(a);

        Replica c = new Replica("c");
        assertThat(c.tokens.list()).as("C's file").allMatch(AgentTokens.Agent::active);
        assertThat(c.decide(token)).isEqualTo(401);
    }

    @Test
    void onSqliteAlone_revokingStillWorks_andIsRecordedInTheChain() {
        Path data = dir.resolve("solo");
        AgentTokens tokens = AgentTokens.inDataDir(data);
        String token = tokens.add("builder", Role.AGENT, Instant.now()).token();
        try (EventStore store =
                EventStores.sqlite(data.resolve("events.db"), StoreOptions.of(keys(), data.resolve("checkpoints")))) {
            Rollout rollout = Rollout.open(
                    store,
                    PolicySource.of(Policies.defaultPolicy()),
                    RolloutSettings.defaults(),
                    Alerts.NONE,
                    Clock.systemUTC());
            Bridge bridge = Bridge.builder(
                            BridgeConfig.defaults().withListen("127.0.0.1", 0), rollout.judge(), store, tokens)
                    .rollout(rollout)
                    .start();
            try {
                assertThat(tokens.revoke("builder", Instant.now())).isTrue();
                assertThat(tokens.authenticate(token)).isEmpty();
                assertThat(types(store, "agent.token_issued")).isEqualTo(1);
                assertThat(types(store, "agent.token_revoked")).isEqualTo(1);
            } finally {
                bridge.stop();
                rollout.close();
            }
        }
    }

    private static long types(EventStore store, String type) {
        return store.query(EventQuery.all().type(EventType.of(type)).limit(EventQuery.MAX_LIMIT))
                .events()
                .size();
    }
}
