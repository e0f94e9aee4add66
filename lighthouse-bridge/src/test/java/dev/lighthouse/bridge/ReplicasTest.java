package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.limits.RateLimits;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutSettings;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.PostgresDatabase;
import dev.lighthouse.events.store.PostgresServer;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bridges as replicas on one real PostgreSQL database, in one JVM, each with a store of its own (as separate
 * processes would have) and real HTTP on loopback: what one replica records is in force on the others — a review's
 * verdict releases the hook another replica holds, policy versions, leases — one replica leads at a time, and a
 * replica that does not fit the others refuses to join.
 */
@Timeout(120)
class ReplicasTest {
    @RegisterExtension
    static final PostgresDatabase database = new PostgresDatabase();

    /** The default policy; production deployments (terraform apply) go to one human reviewer, held up to 60 s. */
    private static final Policy POLICY = Policy.of(List.of(
            Policies.defaultPolicy().layers().getFirst(),
            Policies.parse("team.yaml", "routes:\n  production_deployment:\n    reviewers: [human]\n    wait: 60s\n")));

    private static final String TEAM = """
            metadata: {name: team}
            rules:
              - id: no-make-deploy
                decision: deny
                match: {program: [make]}
                reason: Deploys go through CI.
            """;

    @TempDir
    Path dir;

    private final List<Replica> replicas = new ArrayList<>();

    @AfterEach
    void stopAll() {
        replicas.reversed().forEach(Replica::close);
    }

    /** One replica: its own store on the shared database, the shared keys and agent tokens (one data dir). */
    private final class Replica implements AutoCloseable {
        final EventStore store;
        final Rollout rollout;
        final Bridge bridge;
        final AgentTokens tokens = AgentTokens.inDataDir(dir);
        final HttpClient http = HttpClient.newBuilder().build();
        private boolean closed;

        Replica(Keyring keys, UnaryOperator<Bridge.Builder> configure) {
            this(keys, configure, database.url());
        }

        Replica(Keyring keys, UnaryOperator<Bridge.Builder> configure, String url) {
            this(keys, configure, url, BridgeConfig.defaults());
        }

        Replica(Keyring keys, UnaryOperator<Bridge.Builder> configure, String url, BridgeConfig config) {
            int n = replicas.size();
            store = EventStores.open(url, dir, StoreOptions.of(keys, dir.resolve("checkpoints-" + n)));
            rollout = Rollout.open(
                    store, PolicySource.of(POLICY), RolloutSettings.defaults(), Alerts.NONE, Clock.systemUTC());
            try {
                bridge = configure
                        .apply(Bridge.builder(config.withListen("127.0.0.1", 0), rollout.judge(), store, tokens)
                                .rollout(rollout)
                                .integrity(keys, Duration.ofMinutes(10))
                                .agentHome(Path.of("/home/agent")))
                        .start();
            } catch (RuntimeException e) {
                rollout.close();
                store.close();
                throw e;
            }
            replicas.add(this);
        }

        Replica() {
            this(keys(), UnaryOperator.identity());
        }

        HttpResponse<String> send(String method, String path, String body, String token) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path))
                    .timeout(Duration.ofSeconds(90))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            try {
                return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        JsonNode get(String path) {
            HttpResponse<String> r = send("GET", path, null, owner());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return RunningBridge.JSON.readTree(r.body());
        }

        JsonNode hook(String command, String token) {
            return RunningBridge.JSON.readTree(
                    send("POST", "/v1/hooks/claude-code", RunningBridge.claudeCodeBash(command), token)
                            .body());
        }

        /** Polls {@code path} until its answer satisfies {@code ready} (the test's timeout bounds the wait). */
        JsonNode await(String path, Predicate<JsonNode> ready) {
            while (true) {
                HttpResponse<String> r = send("GET", path, null, owner());
                JsonNode now = RunningBridge.JSON.readTree(r.body());
                if (r.statusCode() == 200 && ready.test(now)) {
                    return now;
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            bridge.stop();
            rollout.close();
            store.close();
            http.close();
        }
    }

    private Keyring keys() {
        return Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
    }

    private String owner() {
        try {
            return Files.readString(dir.resolve("owner.token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decision(JsonNode answer) {
        return answer.at("/hookSpecificOutput/permissionDecision").asString();
    }

    private static String reason(JsonNode answer) {
        return answer.at("/hookSpecificOutput/permissionDecisionReason").asString();
    }

    @Test
    void hookHeldOnA_isReleasedByAVoteCastOnB_andTheVerdictIsRememberedOnB() throws Exception {
        Replica a = new Replica();
        Replica b = new Replica();
        String agent = a.tokens.add("builder", Role.AGENT, Instant.now()).token();
        String alice = a.tokens.add("alice", Role.REVIEWER, Instant.now()).token();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JsonNode> held = pool.submit(() -> a.hook("terraform apply -auto-approve", agent));
            String id = b.await(
                            "/v1/reviews?status=pending", r -> r.path("reviews").size() == 1)
                    .at("/reviews/0/id")
                    .asString();
            HttpResponse<String> vote = b.send(
                    "POST",
                    "/v1/reviews/" + id + "/verdict",
                    "{\"verdict\":\"approve\",\"reason\":\"plan read\"}",
                    alice);
            assertThat(vote.statusCode()).as(vote.body()).isEqualTo(200);

            JsonNode answer = held.get();
            assertThat(decision(answer)).isEqualTo("allow");
            assertThat(reason(answer)).contains(id, "alice: plan read");
        }
        // the approval is remembered on both: the identical call is allowed on B without a second review
        JsonNode again = b.hook("terraform apply -auto-approve", agent);
        assertThat(decision(again)).isEqualTo("allow");
        assertThat(reason(again)).contains("after review");
        assertThat(a.get("/v1/reviews?status=resolved").path("reviews")).hasSize(1);
        assertThat(b.get("/v1/reviews?status=resolved").path("reviews")).hasSize(1);
    }

    @Test
    void aDenialOnB_releasesTheHookOnA_asADeny() throws Exception {
        Replica a = new Replica();
        Replica b = new Replica();
        String agent = a.tokens.add("builder", Role.AGENT, Instant.now()).token();
        String bob = a.tokens.add("bob", Role.REVIEWER, Instant.now()).token();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JsonNode> held = pool.submit(() -> a.hook("terraform apply -auto-approve", agent));
            String id = b.await(
                            "/v1/reviews?status=pending", r -> r.path("reviews").size() == 1)
                    .at("/reviews/0/id")
                    .asString();
            HttpResponse<String> vote = b.send(
                    "POST", "/v1/reviews/" + id + "/verdict", "{\"verdict\":\"deny\",\"reason\":\"not today\"}", bob);
            assertThat(vote.statusCode()).as(vote.body()).isEqualTo(200);
            JsonNode answer = held.get();
            assertThat(decision(answer)).as(answer.toString()).isEqualTo("deny");
            assertThat(reason(answer)).contains(id, "bob: not today");
        }
    }

    @Test
    void aPolicyVersionAndALeaseRecordedOnA_areInForceOnB() {
        Replica a = new Replica();
        Replica b = new Replica();
        assertThat(decision(b.hook("make deploy", null))).isNotEqualTo("deny");

        ObjectNode apply = RunningBridge.JSON
                .createObjectNode()
                .put("reason", "block make")
                .put("mode", "active");
        apply.putArray("layers").addObject().put("file", "team.yaml").put("text", TEAM);
        HttpResponse<String> applied = a.send("POST", "/v1/policy", apply.toString(), owner());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        String version = RunningBridge.JSON
                .readTree(applied.body())
                .at("/active/version")
                .asString();

        b.await("/v1/policy", p -> p.at("/active/version").asString().equals(version));
        assertThat(decision(b.hook("make deploy", null))).isEqualTo("deny");

        String tokenA = a.tokens.add("agent-a", Role.AGENT, Instant.now()).token();
        String tokenB = a.tokens.add("agent-b", Role.AGENT, Instant.now()).token();
        String lease = "{\"project\":\"/srv/project\",\"paths\":[\"src\"],\"mode\":\"exclusive\",\"ttl_seconds\":600}";
        HttpResponse<String> taken = a.send("POST", "/v1/leases", lease, tokenA);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
        b.await("/v1/leases", l -> l.path("leases").size() == 1);
        HttpResponse<String> conflict = b.send("POST", "/v1/leases", lease, tokenB);
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(conflict.body()).contains("agent-a");
    }

    @Test
    void oneReplicaLeads_andWhenItStops_anotherTakesOver() {
        Replica a = new Replica();
        Replica b = new Replica();
        JsonNode cluster = b.await("/v1/cluster", c -> c.path("replicas").size() == 2 && c.has("leader"));
        String leader = cluster.path("leader").asString();
        assertThat(a.get("/v1/cluster").path("leader").asString()).isEqualTo(leader);
        assertThat(List.of(a.bridge.replicas().leads(), b.bridge.replicas().leads()))
                .containsExactlyInAnyOrder(true, false);

        Replica first = a.bridge.replicas().leads() ? a : b;
        Replica second = first == a ? b : a;
        first.close();
        second.await(
                "/v1/cluster",
                c -> c.path("replicas").size() == 1
                        && c.path("leader")
                                .asString()
                                .equals(second.bridge.replicas().name()));
        assertThat(second.bridge.replicas().leads()).isTrue();
    }

    @Test
    void followedLag_isMeasured_andShownPerReplica() throws Exception {
        Replica a = new Replica();
        Replica b = new Replica();
        int calls = 400;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                answers.add(pool.submit(() -> a.hook("ls src", null)));
            }
            for (Future<JsonNode> f : answers) {
                assertThat(decision(f.get())).isEqualTo("allow");
            }
        }
        JsonNode lag = b.await("/v1/cluster", c -> c.at("/lag/followed").asLong() >= calls)
                .path("lag");
        System.out.printf(
                "followed %d events from A on B: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                lag.path("followed").asLong(),
                lag.path("p50Millis").asDouble(),
                lag.path("p99Millis").asDouble(),
                lag.path("maxMillis").asDouble());
        assertThat(lag.path("p99Millis").asDouble()).isPositive();
        assertThat(b.get("/v1/cluster").path("replicas"))
                .anySatisfy(r -> assertThat(r.path("appliedSeq").asLong()).isPositive());
    }

    @Test
    void aReplicaWithAnotherKey_orAnotherRegistry_refusesToJoin_sayingWhich() throws Exception {
        Replica a = new Replica();
        a.hook("ls", null); // the store holds events signed with A's key

        Path otherKeys = Files.createTempDirectory(dir, "other").resolve("events.keys");
        Keyring other = Keyring.loadOrCreate(otherKeys, Clock.systemUTC());
        assertThatThrownBy(() -> new Replica(other, UnaryOperator.identity()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HMAC key")
                .hasMessageContaining(other.active().id());

        assertThatThrownBy(() -> new Replica(keys(), builder -> builder.registryId("r000000000000")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("capability registry")
                .hasMessageContaining("r000000000000");
        assertThat(a.get("/v1/cluster").path("replicas")).hasSize(1);
    }

    @Test
    void aCallerOverItsRateOnA_isRefusedOnB_withTheReason() {
        Map<Role, OptionalLong> rates = RateLimits.defaults();
        rates.put(Role.AGENT, OptionalLong.of(3));
        BridgeConfig limited = BridgeConfig.defaults().withRates(rates);
        Replica a = new Replica(keys(), UnaryOperator.identity(), database.url(), limited);
        Replica b = new Replica(keys(), UnaryOperator.identity(), database.url(), limited);
        String agent = a.tokens.add("busy", Role.AGENT, Instant.now()).token();

        for (int i = 0; i < 3; i++) {
            assertThat(a.send("POST", "/v1/decisions", AuthTest.nativeCall("ls"), agent)
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(a.send("POST", "/v1/decisions", AuthTest.nativeCall("ls"), agent)
                        .statusCode())
                .isEqualTo(429);
        HttpResponse<String> onB = b.send("POST", "/v1/decisions", AuthTest.nativeCall("ls"), agent);
        JsonNode hookOnB = b.hook("ls", agent);

        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(429);
        assertThat(onB.body()).contains("over its rate limit of 3 requests a minute");
        assertThat(decision(hookOnB)).isEqualTo("deny");
        assertThat(reason(hookOnB)).contains("over its rate limit");
    }

    @Test
    void postgresGoingAway_failsHooksClosed_andReadinessDown_thenTheReplicasRecoverWithoutRestart() throws Exception {
        try (PostgresServer server = PostgresServer.start(false)) {
            String url = server.newDatabase();
            Replica a = new Replica(keys(), UnaryOperator.identity(), url);
            Replica b = new Replica(keys(), UnaryOperator.identity(), url);
            assertThat(decision(a.hook("ls", null))).isEqualTo("allow");

            server.stopNow();
            JsonNode denied = a.hook("ls", null);
            assertThat(decision(denied)).isEqualTo("deny");
            assertThat(reason(denied)).contains("store");
            HttpResponse<String> ready = a.send("GET", "/health/ready", null, null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("event store unavailable");

            server.startAgain();
            a.await("/health/ready", r -> r.path("status").asString().equals("up"));
            assertThat(decision(a.hook("ls", null))).isEqualTo("allow");
            // B follows again: a lease A takes after the restart is in force on B
            String token = a.tokens.add("agent-a", Role.AGENT, Instant.now()).token();
            String lease = "{\"project\":\"/srv/project\",\"paths\":[\"src\"],\"ttl_seconds\":600}";
            assertThat(a.send("POST", "/v1/leases", lease, token).statusCode()).isEqualTo(201);
            b.await("/v1/leases", l -> l.path("leases").size() == 1);
            stopAll();
            replicas.clear();
        }
    }
}
