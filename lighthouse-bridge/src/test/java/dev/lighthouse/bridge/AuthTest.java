package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.OwnerToken;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.limits.RateLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens, roles and the refusal to run tokenless off loopback, over real HTTP. */
class AuthTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void tokens_storedHashedWithOwnerOnlyPermissions() throws Exception {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);

        AgentTokens.Issued issued = tokens.add("builder-1", Role.AGENT, NOW);

        String file = Files.readString(tokens.file());
        assertThat(issued.token()).startsWith("lh_").hasSizeGreaterThan(40);
        assertThat(file).contains("builder-1").doesNotContain(issued.token());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens.file())))
                .isEqualTo("rw-------");
        assertThat(tokens.authenticate(issued.token()))
                .hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.AGENT));
    }

    /** The file's format is what operators copy between replicas: it is written as it always was, and read back. */
    @Test
    void tokenFile_keepsItsFormat_andReadsBackEveryField() throws Exception {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        tokens.add("builder-1", Role.AGENT, NOW);
        tokens.add("db-expert", Role.EXPERT, Set.of("sql", "database"), NOW);
        tokens.revoke("builder-1", NOW.plusSeconds(60));

        String file = Files.readString(tokens.file()).replaceAll("\"[0-9a-f]{64}\"", "\"HASH\"");
        assertThat(file).isEqualTo("""
                {
                  "version" : 1,
                  "agents" : [ {
                    "name" : "builder-1",
                    "role" : "agent",
                    "tokenSha256" : "HASH",
                    "created" : "2026-11-23T09:00:00Z",
                    "revoked" : "2026-11-23T09:01:00Z"
                  }, {
                    "name" : "db-expert",
                    "role" : "expert",
                    "tokenSha256" : "HASH",
                    "created" : "2026-11-23T09:00:00Z",
                    "capabilities" : [ "database", "sql" ]
                  } ]
                }
                """);
        List<AgentTokens.Agent> read = new AgentTokens(tokens.file()).list();
        assertThat(read).extracting(AgentTokens.Agent::name).containsExactly("builder-1", "db-expert");
        assertThat(read.get(0).revoked()).contains(NOW.plusSeconds(60));
        assertThat(read.get(1).role()).isEqualTo(Role.EXPERT);
        assertThat(read.get(1).created()).isEqualTo(NOW);
        assertThat(read.get(1).revoked()).isEmpty();
        assertThat(read.get(1).capabilities()).containsExactlyInAnyOrder("database", "sql");
    }

    @Test
    void tokens_sameNameTwice_refusedUntilRevoked() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        AgentTokens.Issued first = tokens.add("a1", Role.AGENT, NOW);

        assertThatThrownBy(() -> tokens.add("a1", Role.AGENT, NOW)).hasMessageContaining("already has an active token");
        assertThat(tokens.revoke("a1", NOW)).isTrue();
        AgentTokens.Issued second = tokens.add("a1", Role.EXPERT, NOW);

        assertThat(tokens.authenticate(first.token())).isEmpty();
        assertThat(tokens.authenticate(second.token())).isPresent();
        assertThat(tokens.list()).hasSize(2);
    }

    @Test
    void required_missingInvalidRevokedToken_deniedInDialectAnd401Natively() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String good = tokens.add("agent-1", Role.AGENT, NOW).token();
        String revoked = tokens.add("agent-2", Role.AGENT, NOW).token();
        tokens.revoke("agent-2", NOW);
        try (RunningBridge running = new RunningBridge(dataDir, c -> c.withAuth(AuthMode.REQUIRED))) {
            String call = RunningBridge.claudeCodeBash("ls -la");

            for (String token : new String[] {null, "lh_wrong", revoked}) {
                var hook = running.post("/v1/hooks/claude-code", "application/json", call, token);
                assertThat(hook.status()).isEqualTo(200);
                assertThat(hook.json()
                                .at("/hookSpecificOutput/permissionDecision")
                                .asString())
                        .isEqualTo("deny");
                assertThat(hook.json()
                                .at("/hookSpecificOutput/permissionDecisionReason")
                                .asString())
                        .contains("unauthenticated");
                var nativeReply = running.post("/v1/decisions", "application/json", nativeCall("ls"), token);
                assertThat(nativeReply.status()).isEqualTo(401);
                assertThat(nativeReply.json().at("/error/code").asString()).isEqualTo("unauthenticated");
                assertThat(running.get("/v1/decisions", token).status()).isEqualTo(401);
            }
            var ok = running.post("/v1/hooks/claude-code", "application/json", call, good);
            assertThat(ok.json().at("/hookSpecificOutput/permissionDecision").asString())
                    .isEqualTo("allow");
            assertThat(running.store.all().getLast().agent()).contains("agent-1");
            assertThat(running.get("/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void optional_presentedBadToken_stillRefused() {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            var reply = running.post("/v1/decisions", "application/json", nativeCall("ls"), "lh_nonsense");

            assertThat(reply.status()).isEqualTo(401);
        }
    }

    @Test
    void revokedWhileRunning_refusedOnNextCall() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String token = tokens.add("agent-1", Role.AGENT, NOW).token();
        try (RunningBridge running = new RunningBridge(dataDir, c -> c.withAuth(AuthMode.REQUIRED))) {
            assertThat(running.post("/v1/decisions", "application/json", nativeCall("ls"), token)
                            .status())
                    .isEqualTo(200);

            new AgentTokens(tokens.file()).revoke("agent-1", NOW);

            assertThat(running.post("/v1/decisions", "application/json", nativeCall("ls"), token)
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void roles_gateEndpoints() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String reviewer = tokens.add("rev", Role.REVIEWER, NOW).token();
        String agent = tokens.add("ag", Role.AGENT, NOW).token();
        String admin = tokens.add("op", Role.ADMIN, NOW).token();
        try (RunningBridge running = new RunningBridge(dataDir, c -> c.withAuth(AuthMode.REQUIRED))) {
            var hook =
                    running.post("/v1/hooks/codex", "application/json", RunningBridge.claudeCodeBash("ls"), reviewer);
            assertThat(hook.json().at("/hookSpecificOutput/permissionDecision").asString())
                    .isEqualTo("deny");
            assertThat(hook.json()
                            .at("/hookSpecificOutput/permissionDecisionReason")
                            .asString())
                    .contains("role reviewer", "may not submit");
            assertThat(running.post("/v1/decisions", "application/json", nativeCall("ls"), reviewer)
                            .status())
                    .isEqualTo(403);
            assertThat(running.get("/v1/decisions", reviewer).status()).isEqualTo(200);
            assertThat(running.get("/metrics", agent).status()).isEqualTo(403);
            assertThat(running.get("/metrics", admin).status()).isEqualTo(200);
        }
    }

    @Test
    void rateLimit_overAllowance_deniedWithReason() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        String agent = tokens.add("busy", Role.AGENT, NOW).token();
        var rates = RateLimits.defaults();
        rates.put(Role.AGENT, OptionalLong.of(2));
        try (RunningBridge running =
                new RunningBridge(dataDir, c -> c.withAuth(AuthMode.REQUIRED).withRates(rates))) {
            String call = RunningBridge.claudeCodeBash("ls");
            running.post("/v1/hooks/claude-code", "application/json", call, agent);
            // Claude Code's report that the call ran follows every call: it must not use up the allowance.
            String ran = call.replace("PreToolUse", "PostToolUse");
            for (int i = 0; i < 3; i++) {
                assertThat(running.post("/v1/hooks/claude-code/ran", "application/json", ran, agent)
                                .status())
                        .isEqualTo(200);
            }
            assertThat(running.post("/v1/hooks/claude-code", "application/json", call, agent)
                            .json()
                            .at("/hookSpecificOutput/permissionDecision")
                            .asString())
                    .isEqualTo("allow");

            var third = running.post("/v1/hooks/claude-code", "application/json", call, agent);

            assertThat(third.json().at("/hookSpecificOutput/permissionDecision").asString())
                    .isEqualTo("deny");
            assertThat(third.json()
                            .at("/hookSpecificOutput/permissionDecisionReason")
                            .asString())
                    .contains("rate limit of 2 requests a minute");
            assertThat(running.post("/v1/decisions", "application/json", nativeCall("ls"), agent)
                            .status())
                    .isEqualTo(429);
        }
    }

    @Test
    void start_nonLoopbackWithoutTokens_refused() {
        BridgeConfig open = BridgeConfig.defaults().withListen("0.0.0.0", 0);
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);
        MemoryEventStore store = new MemoryEventStore();

        assertThatThrownBy(() ->
                        Bridge.builder(open, new TableJudge(), store, tokens).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a loopback address");
        assertThatThrownBy(() -> Bridge.builder(open.withAuth(AuthMode.REQUIRED), new TableJudge(), store, tokens)
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no active agent token");
    }

    @Test
    void owner_firstStartMakesAPrivateTokenFile_inAPrivateDataDir() throws Exception {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            Path file = dataDir.resolve(OwnerToken.FILE_NAME);

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                    .isEqualTo("rwx------");
            assertThat(running.owner()).startsWith("lh_owner_");
        }
        String before = Files.readString(dataDir.resolve(OwnerToken.FILE_NAME));
        try (RunningBridge again = new RunningBridge(dataDir)) {
            assertThat(Files.readString(dataDir.resolve(OwnerToken.FILE_NAME))).isEqualTo(before);
        }
    }

    @Test
    void owner_tokenReadableByOthers_refusedAtStartWithTheChmod() throws Exception {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            // made
        }
        Path file = dataDir.resolve(OwnerToken.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new RunningBridge(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chmod 600 " + file);
    }

    /** The attack of issue 18: an agent on the same machine approving its own review by calling the bridge. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /v1/reviews
            POST   | /v1/reviews/r-1/verdict
            GET    | /v1/approvals
            POST   | /v1/policy
            POST   | /v1/policy/rollback
            GET    | /v1/decisions
            GET    | /v1/decisions/stream
            GET    | /v1/status
            GET    | /v1/sla
            """)
    void tokenless_onLoopback_mayOnlyAskForDecisions_evenAfterTokensWereIssued(String method, String path) {
        AgentTokens.inDataDir(dataDir).add("ag", Role.AGENT, NOW);
        try (RunningBridge running = new RunningBridge(dataDir)) {
            var reply = method.equals("GET")
                    ? running.get(path, null)
                    : running.post(path, "application/json", "{\"verdict\":\"approve\",\"reason\":\"x\"}", null);

            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.json().at("/error/message").asString()).contains("only ask for decisions");
            var hook =
                    running.post("/v1/hooks/claude-code", "application/json", RunningBridge.claudeCodeBash("ls"), null);
            assertThat(hook.json().at("/hookSpecificOutput/permissionDecision").asString())
                    .isEqualTo("allow");
            assertThat(running.get("/metrics", null).status()).isEqualTo(200);
            assertThat(running.get("/health/ready", null).status()).isEqualTo(200);
        }
    }

    @Test
    void owner_mayDoEverything_onLoopback() {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            assertThat(running.get("/v1/reviews", running.owner()).status()).isEqualTo(200);
            assertThat(running.get("/v1/decisions", running.owner()).status()).isEqualTo(200);
            assertThat(running.get("/metrics", running.owner()).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "Bearer", "bearer  ", "Basic dXNlcjpwYXNz", "Bearer two words", "Token abc"})
    void emptyOrMalformedAuthorization_is401_neverTheTokenlessCaller(String header) {
        try (RunningBridge running = new RunningBridge(dataDir)) {
            var reply = running.send(java.net.http.HttpRequest.newBuilder(running.uri("/v1/decisions"))
                    .header("Authorization", header)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(nativeCall("ls")))
                    .build());

            assertThat(reply.status()).as(header).isEqualTo(401);
        }
    }

    @Test
    void reservedNames_andRoles_areNotIssued() {
        AgentTokens tokens = AgentTokens.inDataDir(dataDir);

        assertThatThrownBy(() -> tokens.add("owner", Role.ADMIN, NOW)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> tokens.add("local", Role.AGENT, NOW)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> tokens.add("x", Role.OWNER, NOW)).hasMessageContaining("owner.token");
    }

    static String nativeCall(String command) {
        return "{\"tool\":\"Bash\",\"input\":{\"command\":\"" + command + "\"},\"cwd\":\"/srv/project\"}";
    }
}
