package dev.lighthouse.bridge.auth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.DigestUtils;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agents allowed to call the bridge, kept in one JSON file ({@code agents.json} in the data dir, mode 0600).
 *
 * <p>A token is shown once, when it is issued; the file keeps only its SHA-256. Tokens carry 256 random bits, so a
 * fast hash is enough: there is nothing to brute-force. Revoked agents stay in the file (marked with the time) so the
 * audit trail can still name them.
 *
 * <p>Thread-safe. {@link #authenticate} re-reads the file when its modification time or size changed, so a running
 * bridge sees {@code lighthouse agents add|revoke} from another process without a restart.
 *
 * <p>Replicas. Each replica has a file of its own, so the tokens are also what the event chain says ({@link
 * TokenLedger} publishes each replica's file to it and applies what the others publish): a token is accepted when this
 * file or the chain issued it, and refused once this file or the chain revoked it. A revocation is for good, so a
 * replica whose file is older than the revocation still refuses the token.
 */
public final class AgentTokens {
    private static final String TOKEN_PREFIX = "lh_";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One agent as stored: never the token itself. {@code capabilities} are what an agent expert reviews (e.g.
     * {@code database}); review routes name them as {@code agent:CAPABILITY}.
     */
    public record Agent(
            String name,
            Role role,
            String tokenSha256,
            Instant created,
            Optional<Instant> revoked,
            Set<String> capabilities) {
        public Agent {
            requireNonNull(name, "name");
            requireNonNull(role, "role");
            requireNonNull(tokenSha256, "tokenSha256");
            requireNonNull(created, "created");
            requireNonNull(revoked, "revoked");
            capabilities = Set.copyOf(capabilities);
        }

        public boolean active() {
            return revoked.isEmpty();
        }

        Agent revokedAt(Instant when) {
            return new Agent(name, role, tokenSha256, created, Optional.of(when), capabilities);
        }
    }

    /** A freshly issued token: the only time its clear text exists. */
    public record Issued(Agent agent, String token) {}

    /** The agents as of a version of the file and of the chain: every one known, and the active ones by hash. */
    private record Snapshot(
            FileTime modified,
            long size,
            long chainVersion,
            List<Agent> filed,
            List<Agent> known,
            Map<String, Agent> activeByHash) {}

    /** {@code agents.json}: a version and the agents in issue order. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record AgentsFile(int version, List<FiledAgent> agents) {
        static final int VERSION = 1;
    }

    /** One agent as the file keeps it; {@code revoked} and {@code capabilities} are left out when there are none. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record FiledAgent(
            String name,
            String role,
            String tokenSha256,
            String created,
            @JsonInclude(JsonInclude.Include.NON_NULL) String revoked,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> capabilities) {
        static FiledAgent of(Agent a) {
            return new FiledAgent(
                    a.name(),
                    a.role().label(),
                    a.tokenSha256(),
                    a.created().toString(),
                    a.revoked().map(Instant::toString).orElse(null),
                    a.capabilities().stream().sorted().toList());
        }

        Agent agent() {
            return new Agent(
                    name,
                    Role.issuable(role),
                    tokenSha256,
                    Instant.parse(created),
                    Optional.ofNullable(revoked).map(Instant::parse),
                    capabilities == null ? Set.of() : Set.copyOf(capabilities));
        }
    }

    private final Path file;
    private volatile Optional<OwnerToken> owner = Optional.empty();
    private volatile Snapshot snapshot = new Snapshot(FileTime.fromMillis(0), -1, -1, List.of(), List.of(), Map.of());
    /** Tokens the chain says were issued (on any replica), by hash. */
    private final Map<String, Agent> chainIssued = new ConcurrentHashMap<>();
    /** Tokens the chain says were revoked (on any replica): hash to when. */
    private final Map<String, Instant> chainRevoked = new ConcurrentHashMap<>();

    private final AtomicLong chainVersion = new AtomicLong();
    /** Told after this process issued or revoked a token ({@link TokenLedger} publishes it). */
    private volatile Runnable changed = () -> {};

    public AgentTokens(Path file) {
        this.file = requireNonNull(file, "file");
    }

    /** {@code agents.json} in the data dir. */
    public static AgentTokens inDataDir(Path dataDir) {
        return new AgentTokens(dataDir.resolve("agents.json"));
    }

    public Path file() {
        return file;
    }

    /**
     * Makes sure the data dir (next to {@code agents.json}) holds the owner token, and accepts it from now on.
     *
     * @throws IllegalStateException the owner token file is unsafe (readable by others) or empty
     */
    public OwnerToken ensureOwner() {
        OwnerToken token = OwnerToken.ensure(file.toAbsolutePath().getParent());
        owner = Optional.of(token);
        return token;
    }

    /** Whether any agent has an active token: then every caller must present one. */
    public boolean anyActive() {
        return !current().activeByHash().isEmpty();
    }

    /** The active agent holding {@code token}, if any. */
    public Optional<Principal> authenticate(String token) {
        if (owner.isPresent() && owner.get().matches(token)) {
            return Optional.of(Principal.OWNER);
        }
        Agent agent = current().activeByHash().get(sha256(token));
        return agent == null ? Optional.empty() : Optional.of(new Principal(agent.name(), agent.role()));
    }

    /** The agent holding an active token under {@code name}, if any (for signing and checking its verdicts). */
    public Optional<Agent> active(String name) {
        return current().activeByHash().values().stream()
                .filter(a -> a.name().equals(name))
                .findFirst();
    }

    /**
     * Every agent this replica knows of: its file's, and those the chain issued on other replicas, each marked revoked
     * when its file or the chain revoked it; in issue order, the file's first.
     */
    public List<Agent> known() {
        return current().known();
    }

    /** The agents as this replica's file has them (re-read only when the file changed). */
    List<Agent> filed() {
        return current().filed();
    }

    /** Runs {@code listener} after each token this process issues or revokes (one listener; a new one replaces it). */
    void onChange(Runnable listener) {
        changed = requireNonNull(listener, "listener");
    }

    /** Notes what the chain says of a token: issued, or revoked for good. Idempotent. */
    void apply(TokenEvent event) {
        switch (event) {
            case TokenEvent.Issued issued -> chainIssued.putIfAbsent(issued.tokenSha256(), issued.agent());
            case TokenEvent.Revoked revoked -> chainRevoked.putIfAbsent(revoked.tokenSha256(), revoked.revoked());
        }
        chainVersion.incrementAndGet();
    }

    /** Whether the chain already says of {@code agent}'s token what this file says. */
    boolean chainKnows(Agent agent) {
        return agent.active()
                ? chainIssued.containsKey(agent.tokenSha256()) || chainRevoked.containsKey(agent.tokenSha256())
                : chainRevoked.containsKey(agent.tokenSha256());
    }

    /**
     * The SHA-256 of the token {@code who} holds now: the owner token for the owner, else the active token issued to
     * that name with that role; empty once it is revoked. Lets a console session check its credential without
     * keeping the token.
     */
    public Optional<String> tokenSha256(Principal who) {
        if (who.role() == Role.OWNER) {
            return owner.map(o -> sha256(o.value()));
        }
        return active(who.name()).filter(a -> a.role() == who.role()).map(Agent::tokenSha256);
    }

    /** Issues a token for a new agent. */
    public Issued add(String name, Role role, Instant now) {
        return add(name, role, Set.of(), now);
    }

    /** Issues a token for a new agent with review capabilities (agent experts). */
    public synchronized Issued add(String name, Role role, Set<String> capabilities, Instant now) {
        for (String c : capabilities) {
            if (!c.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException(
                        "capability `%s`: expected 1-64 letters, digits, `.`, `_` or `-`".formatted(c));
            }
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException(
                    "agent name `%s`: expected 1-64 letters, digits, `.`, `_` or `-`".formatted(name));
        }
        if (!role.issuable()) {
            throw new IllegalArgumentException("role %s is not issued: %s"
                    .formatted(
                            role.label(),
                            role == Role.LOCAL
                                    ? "it is the tokenless loopback caller"
                                    : "the owner's token is in the data dir's owner.token"));
        }
        if (name.equals(Principal.OWNER.name()) || name.equals(Principal.LOCAL.name())) {
            throw new IllegalArgumentException("agent name `%s` is reserved; choose another".formatted(name));
        }
        List<Agent> agents = new ArrayList<>(list());
        if (agents.stream().anyMatch(a -> a.active() && a.name().equals(name))) {
            throw new IllegalArgumentException(
                    "agent `%s` already has an active token; revoke it first to issue a new one".formatted(name));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Agent agent = new Agent(name, role, sha256(token), now, Optional.empty(), capabilities);
        agents.add(agent);
        write(agents);
        changed.run();
        return new Issued(agent, token);
    }

    /**
     * Revokes the active token of {@code name}, whether this replica's file or another replica (as the chain says)
     * issued it; false if there is none. A token only the chain knows is written to the file as revoked, so that the
     * {@link TokenLedger} publishes the revocation to every replica.
     */
    public synchronized boolean revoke(String name, Instant now) {
        List<Agent> agents = new ArrayList<>(list());
        boolean found = false;
        for (int i = 0; i < agents.size(); i++) {
            Agent a = agents.get(i);
            if (a.active() && a.name().equals(name)) {
                agents.set(i, a.revokedAt(now));
                found = true;
            }
        }
        for (Agent a : known()) {
            if (a.active()
                    && a.name().equals(name)
                    && agents.stream().noneMatch(f -> f.tokenSha256().equals(a.tokenSha256()))) {
                agents.add(a.revokedAt(now));
                found = true;
            }
        }
        if (found) {
            write(agents);
            changed.run();
        }
        return found;
    }

    /** Every agent ever issued a token, revoked ones included, in issue order. */
    public List<Agent> list() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            AgentsFile filed = JSON.readValue(Files.readString(file), AgentsFile.class);
            return filed.agents() == null
                    ? List.of()
                    : filed.agents().stream().map(FiledAgent::agent).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read agent tokens", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + ": not a valid agent token file: " + e.getMessage(), e);
        }
    }

    private Snapshot current() {
        try {
            FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
            long size = Files.exists(file) ? Files.size(file) : -1;
            long version = chainVersion.get();
            Snapshot s = snapshot;
            if (s.modified().equals(modified) && s.size() == size && s.chainVersion() == version) {
                return s;
            }
            List<Agent> filed = list();
            Map<String, Agent> byHash = new LinkedHashMap<>();
            for (Agent a : filed) {
                byHash.merge(a.tokenSha256(), a, (was, now) -> was.active() ? now : was);
            }
            chainIssued.forEach(byHash::putIfAbsent);
            chainRevoked.forEach(
                    (hash, when) -> byHash.computeIfPresent(hash, (h, a) -> a.active() ? a.revokedAt(when) : a));
            List<Agent> known = List.copyOf(byHash.values());
            Map<String, Agent> active = known.stream()
                    .filter(Agent::active)
                    .collect(Collectors.toUnmodifiableMap(Agent::tokenSha256, Function.identity(), (a, b) -> a));
            Snapshot fresh = new Snapshot(modified, size, version, filed, known, active);
            snapshot = fresh;
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read agent tokens", e);
        }
    }

    private void write(List<Agent> agents) {
        AgentsFile root = new AgentsFile(
                AgentsFile.VERSION, agents.stream().map(FiledAgent::of).toList());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write agent tokens", e);
        }
    }

    static String sha256(String token) {
        return DigestUtils.sha256Hex(token);
    }
}
