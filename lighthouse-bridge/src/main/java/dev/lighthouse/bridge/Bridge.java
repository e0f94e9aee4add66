package dev.lighthouse.bridge;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.KeyFile;
import dev.lighthouse.bridge.auth.ReviewVoters;
import dev.lighthouse.bridge.auth.SecretFiles;
import dev.lighthouse.bridge.auth.SharedSecret;
import dev.lighthouse.bridge.auth.TokenLedger;
import dev.lighthouse.bridge.cluster.Follower;
import dev.lighthouse.bridge.cluster.ReplicaIdentity;
import dev.lighthouse.bridge.cluster.Replicas;
import dev.lighthouse.bridge.console.Console;
import dev.lighthouse.bridge.console.ConsoleSettings;
import dev.lighthouse.bridge.decision.DecisionPipeline;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.bridge.decision.SessionMemory;
import dev.lighthouse.bridge.http.Api;
import dev.lighthouse.bridge.http.EncodedBodies;
import dev.lighthouse.bridge.integrity.IntegrityWatch;
import dev.lighthouse.bridge.limits.CallerLimits;
import dev.lighthouse.bridge.limits.RateLimits;
import dev.lighthouse.bridge.mcp.McpTool;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.sla.SlaMonitor;
import dev.lighthouse.bridge.sla.SlaThreshold;
import dev.lighthouse.bridge.sla.SlaTransition;
import dev.lighthouse.coordination.elicit.ElicitationLimits;
import dev.lighthouse.coordination.elicit.ElicitationSigner;
import dev.lighthouse.coordination.elicit.Elicitations;
import dev.lighthouse.coordination.expert.ExpertRegistry;
import dev.lighthouse.coordination.lease.LeaseSettings;
import dev.lighthouse.coordination.lease.Leases;
import dev.lighthouse.coordination.task.Tasks;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.Membership;
import dev.lighthouse.events.ReplicaRefusedException;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.policy.call.Guard;
import dev.lighthouse.policy.facts.Redactor;
import dev.lighthouse.review.Expert;
import dev.lighthouse.review.ReviewBoard;
import dev.lighthouse.review.ReviewLimits;
import dev.lighthouse.review.ReviewNotifier;
import io.helidon.webserver.WebServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running bridge: the HTTP server with every endpoint, deciding through a {@link Judge} and recording into an
 * {@link EventStore}. The caller owns the store and closes it after {@link #stop()}.
 *
 * <p>Each request runs on its own virtual thread (Helidon SE). {@link #stop()} first stops answering readiness,
 * waits up to {@link BridgeConfig#drain()} for calls being decided to finish, then closes the listener.
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    /** How long a console login lasts (sessions also end at a logout and when their token is revoked). */
    private static final Duration CONSOLE_SESSION = Duration.ofHours(12);

    private final WebServer server;
    private final Api api;
    private final BridgeMetrics metrics;
    private final BridgeConfig config;
    private final SlaMonitor sla;
    private final Optional<IntegrityWatch> integrity;
    private final ReviewBoard reviews;
    private final Api.Coordination coordination;
    private final ScheduledExecutorService coordinationTimer;
    private final Leases leases;
    private final Cluster cluster;

    /** This replica's following of the others, its place among them, and the agent tokens they share. */
    private record Cluster(Follower follower, Replicas replicas, TokenLedger tokens) {}

    private Bridge(
            WebServer server,
            Api api,
            BridgeMetrics metrics,
            BridgeConfig config,
            SlaMonitor sla,
            Optional<IntegrityWatch> integrity,
            ReviewBoard reviews,
            Api.Coordination coordination,
            ScheduledExecutorService coordinationTimer,
            Leases leases,
            Cluster cluster) {
        this.cluster = cluster;
        this.server = server;
        this.api = api;
        this.metrics = metrics;
        this.config = config;
        this.sla = sla;
        this.integrity = integrity;
        this.reviews = reviews;
        this.coordination = coordination;
        this.coordinationTimer = coordinationTimer;
        this.leases = leases;
    }

    /**
     * A bridge to configure and {@link Builder#start() start}. The policy, the store and the agent tokens are
     * required; everything else has an embedded default.
     */
    public static Builder builder(BridgeConfig config, Judge judge, EventStore store, AgentTokens tokens) {
        return new Builder(config, judge, store, tokens);
    }

    /** The bridge's collaborators. Each optional one defaults to what {@code lighthouse serve} uses alone. */
    public static final class Builder {
        private final BridgeConfig config;
        private final Judge judge;
        private final EventStore store;
        private final AgentTokens tokens;
        private Clock clock = Clock.systemUTC();
        private Path agentHome = Path.of(System.getProperty("user.home"));
        private Optional<Rollout> rollout = Optional.empty();
        private BridgeMetrics metrics;
        private Alerts alerts = Alerts.NONE;
        private List<SlaThreshold> slaThresholds = SlaThreshold.defaults();
        private final List<SlaTransition.Listener> slaListeners = new ArrayList<>();
        private Optional<Keyring> integrityKeys = Optional.empty();
        private Duration integritySweep = Duration.ofMinutes(10);
        private List<Expert> experts = List.of();
        private Optional<byte[]> reviewKey = Optional.empty();
        private Optional<URI> reviewWebhook = Optional.empty();
        private Optional<URI> reviewSlack = Optional.empty();
        private ConsoleSettings consoleSettings = ConsoleSettings.defaults();
        private ReviewLimits reviewLimits = ReviewLimits.defaults();
        private CallerLimits callerLimits = CallerLimits.defaults();
        private Optional<byte[]> coordinationKey = Optional.empty();
        private Optional<byte[]> consoleKey = Optional.empty();
        private ElicitationLimits elicitationLimits = ElicitationLimits.defaults();
        private LeaseSettings leaseSettings = LeaseSettings.defaults();
        private final List<McpTool<?>> mcpTools = new ArrayList<>();
        private Optional<String> registryId = Optional.empty();

        private Builder(BridgeConfig config, Judge judge, EventStore store, AgentTokens tokens) {
            this.config = requireNonNull(config, "config");
            this.judge = requireNonNull(judge, "judge");
            this.store = requireNonNull(store, "store");
            this.tokens = requireNonNull(tokens, "tokens");
        }

        /**
         * The capability registry this replica says it runs when it joins the others on a shared store (default:
         * {@link ReplicaIdentity#registry()}, a digest of the built-in registry). Replicas with different ones refuse to
         * serve together.
         */
        public Builder registryId(String value) {
            this.registryId = Optional.of(requireNonNull(value, "registryId"));
            return this;
        }

        /** The clock decisions are made and recorded by (default: system UTC). */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "clock");
            return this;
        }

        /** The home directory of agents whose hooks send none (default: this process's). */
        public Builder agentHome(Path value) {
            this.agentHome = requireNonNull(value, "agentHome");
            return this;
        }

        /**
         * Policy versions that change while the bridge runs (the {@code /v1/policy} endpoints); pass {@link
         * Rollout#judge()} as the judge. The rollout also hears SLA transitions, to roll back a new version that
         * breaks a rollback-flagged threshold. Default: none, the judge's policy is fixed.
         */
        public Builder rollout(Rollout value) {
            this.rollout = Optional.of(value);
            this.slaListeners.add(value);
            return this;
        }

        /**
         * The metrics registry (default: a fresh one), for collaborators built before the bridge that count into it,
         * such as an {@link dev.lighthouse.alert.AlertDispatcher}.
         */
        public Builder metrics(BridgeMetrics value) {
            this.metrics = requireNonNull(value, "metrics");
            return this;
        }

        /** Where SLA violations and integrity violations are sent (default: {@link Alerts#NONE}). */
        public Builder alerts(Alerts value) {
            this.alerts = requireNonNull(value, "alerts");
            return this;
        }

        /** The SLA thresholds the monitor evaluates (default: {@link SlaThreshold#defaults()}). */
        public Builder slaThresholds(List<SlaThreshold> value) {
            this.slaThresholds = List.copyOf(value);
            return this;
        }

        /** Also tells {@code listener} of every SLA violation and recovery (e.g. the automatic rollback). */
        public Builder slaListener(SlaTransition.Listener listener) {
            this.slaListeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Watches the event chain's integrity with the store's keyring: each new event as it commits, and a full
         * sweep every {@code sweepEvery}. Default: not watched (the keyring is not known).
         */
        public Builder integrity(Keyring keys, Duration sweepEvery) {
            this.integrityKeys = Optional.of(keys);
            this.integritySweep = requireNonNull(sweepEvery, "sweepEvery");
            return this;
        }

        /** LLM experts the review board asks itself on routes that name them (default: none). */
        public Builder experts(List<Expert> value) {
            this.experts = List.copyOf(value);
            return this;
        }

        /**
         * The key verdicts without a token are signed with (LLM experts, the tokenless loopback user), also the key
         * of the tags that stand for redacted secrets. Default: a random key per start, so those signatures can be
         * checked, and those tags compared, only while this bridge runs.
         */
        public Builder reviewKey(byte[] value) {
            this.reviewKey = Optional.of(value.clone());
            return this;
        }

        /** A URL told of each new review (config {@code review.webhook}; default: none). */
        public Builder reviewWebhook(URI value) {
            this.reviewWebhook = Optional.of(value);
            return this;
        }

        /** A Slack incoming webhook told of each new review, with buttons (config {@code review.slack.webhook}). */
        public Builder reviewSlack(URI value) {
            this.reviewSlack = Optional.of(value);
            return this;
        }

        /** Links in notifications and Slack's callbacks (config {@code console.*}, {@code review.slack.*}). */
        public Builder console(ConsoleSettings value) {
            this.consoleSettings = requireNonNull(value, "console");
            return this;
        }

        /** How many reviews the board holds and how often it asks LLM experts (default: {@link ReviewLimits#defaults()}). */
        public Builder reviewLimits(ReviewLimits value) {
            this.reviewLimits = requireNonNull(value, "reviewLimits");
            return this;
        }

        /** What one caller may hold at once: slow bodies, requests, streams, replays (default: {@link CallerLimits#defaults()}). */
        public Builder callerLimits(CallerLimits value) {
            this.callerLimits = requireNonNull(value, "callerLimits");
            return this;
        }

        /** How long leases may be taken for (config {@code leases.*}; default: {@link LeaseSettings#defaults()}). */
        public Builder leaseSettings(LeaseSettings value) {
            this.leaseSettings = requireNonNull(value, "leaseSettings");
            return this;
        }

        /** Also serves {@code tool} over MCP, beside the built-in ones. */
        public Builder mcpTool(McpTool<?> tool) {
            this.mcpTools.add(requireNonNull(tool, "tool"));
            return this;
        }

        /**
         * The key elicitation requests and answers are signed with. Default: the data dir's {@code
         * coordination.key}, made (random, mode 0600) on first start and refused if others may read it.
         */
        public Builder coordinationKey(byte[] value) {
            this.coordinationKey = Optional.of(value.clone());
            return this;
        }

        /**
         * The key console sessions and review links are signed with; replicas that share one accept each other's
         * sessions and links (config {@code console.key}). Default: the data dir's {@code console.key}, made (random,
         * mode 0600) on first start and refused if others may read it.
         */
        public Builder consoleKey(byte[] value) {
            if (value.length < 32) {
                throw new IllegalArgumentException("the console key must have at least 32 bytes, got " + value.length);
            }
            this.consoleKey = Optional.of(value.clone());
            return this;
        }

        /** How long questions wait and how often agents ask and answer (default: {@link ElicitationLimits#defaults()}). */
        public Builder elicitationLimits(ElicitationLimits value) {
            this.elicitationLimits = requireNonNull(value, "elicitationLimits");
            return this;
        }

        /**
         * Starts the bridge.
         *
         * @throws IllegalStateException the configuration is unsafe: tokens optional on a non-loopback address, or
         *     tokens required while none is issued
         */
        public Bridge start() {
            checkAuth(config, tokens);
            SecretFiles.makePrivateDirectory(tokens.file().toAbsolutePath().getParent());
            tokens.ensureOwner();
            if (rollout.isPresent() && rollout.get().judge() != judge) {
                throw new IllegalStateException("with a rollout, the bridge must decide through rollout.judge()");
            }
            BridgeMetrics metrics = this.metrics == null ? new BridgeMetrics() : this.metrics;
            String source = nodeName();
            // Follow before the projections rebuild: what other replicas append meanwhile waits for them.
            Follower follower = Follower.start(store, store.head().seq() + 1, metrics.registry(), clock);
            // Tokens issued or revoked on any replica are in force on this one (and this one's on the others).
            TokenLedger tokenLedger = TokenLedger.attach(tokens, store);
            SlaMonitor sla = new SlaMonitor(
                    slaThresholds,
                    clock,
                    store,
                    alerts,
                    slaListeners,
                    SlaMonitor.Probes.of(store),
                    metrics.registry(),
                    source);
            metrics.observe(sla.observer());
            Path dataDir = tokens.file().toAbsolutePath().getParent();
            AtomicReference<Guard> guard = new AtomicReference<>(guardOf(dataDir, config.host(), config.port()));
            byte[] bridgeKey = reviewKey.orElseGet(Builder::randomKey);
            Redactor redactor = new Redactor(bridgeKey);
            Leases leases = Leases.open(store, clock, leaseSettings);
            DecisionPipeline pipeline = new DecisionPipeline(
                    judge,
                    store,
                    config.limits(),
                    metrics,
                    clock,
                    agentHome,
                    guard::get,
                    redactor,
                    Optional.of(leases));
            ExpertRegistry agentExperts = new ExpertRegistry(
                    store,
                    clock,
                    name -> tokens.active(name)
                            .map(AgentTokens.Agent::capabilities)
                            .orElse(Set.of()));
            agentExperts.recover();
            Elicitations elicitations = new Elicitations(
                    store,
                    clock,
                    new ElicitationSigner(coordinationKey.orElseGet(
                            () -> KeyFile.loadOrCreate(SharedSecret.COORDINATION_KEY.in(dataDir)))),
                    name -> tokens.active(name).isPresent(),
                    elicitationLimits);
            elicitations.recover();
            Tasks tasks = new Tasks(store, clock, agentExperts::capabilities);
            tasks.recover();
            Api.Coordination coordination = new Api.Coordination(elicitations, tasks, agentExperts);
            // The console signs the links notices carry; it needs the board, so the notifier reaches it later.
            AtomicReference<Console> console = new AtomicReference<>();
            AtomicReference<Optional<IntegrityWatch>> integrityWatch = new AtomicReference<>(Optional.empty());
            AtomicReference<String> baseUrl = new AtomicReference<>("http://" + config.host() + ":" + config.port());
            ReviewBoard reviews = new ReviewBoard(
                    store,
                    new ReviewVoters(tokens),
                    agentExperts,
                    experts,
                    metrics.registry(),
                    clock,
                    bridgeKey,
                    notifier(console),
                    redactor,
                    reviewLimits,
                    alerts,
                    source);
            reviews.recover();
            console.set(new Console(
                    tokens,
                    store,
                    reviews,
                    clock,
                    agentHome,
                    CONSOLE_SESSION,
                    consoleSettings,
                    consoleKey.orElseGet(() -> KeyFile.loadOrCreate(SharedSecret.CONSOLE_KEY.in(dataDir))),
                    baseUrl::get,
                    () -> integrityWatch.get().flatMap(IntegrityWatch::lastSweep)));
            console.get().recover();
            List<Consumer<Event>> projections = new ArrayList<>(List.of(
                    tokenLedger::follow,
                    leases::follow,
                    agentExperts::follow,
                    elicitations::follow,
                    tasks::follow,
                    reviews::follow,
                    console.get()::follow));
            rollout.ifPresent(r -> projections.add(r::follow));
            // The session memory of denials is made of events: rebuilt from the last ttl, then other replicas' denials.
            judge.sessionDenials().ifPresent(memory -> {
                SessionMemory.rebuild(store, memory, clock.instant());
                projections.add(e -> SessionMemory.apply(memory, e, clock.instant()));
            });
            follower.applyTo(projections);
            Replicas replicas;
            try {
                replicas = Replicas.join(
                        store,
                        new Membership.Identity(
                                ReplicaIdentity.name(source, config.port()),
                                integrityKeys.map(k -> k.active().id()).orElse("unknown"),
                                registryId.orElseGet(ReplicaIdentity::registry)),
                        follower,
                        metrics.registry(),
                        clock);
            } catch (ReplicaRefusedException e) {
                tokenLedger.close();
                follower.close();
                reviews.close();
                sla.close();
                throw new IllegalStateException(
                        "this replica does not join the others on the store: " + e.getMessage());
            }
            rollout.ifPresent(r -> r.watchOnlyWhile(replicas::leads));
            Api api = new Api(
                    config.auth(),
                    config.limits(),
                    config.claudeCodeUnmatched(),
                    pipeline,
                    store,
                    tokens,
                    RateLimits.of(config.ratesPerMinute(), replicas.sharedDatabase()),
                    metrics,
                    Instant.now(clock),
                    rollout,
                    sla,
                    reviews,
                    clock,
                    callerLimits,
                    leases,
                    mcpTools,
                    coordination,
                    replicas);
            WebServer server = WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .backlog(8192)
                    .idleConnectionTimeout(Duration.ofMinutes(10))
                    .shutdownGracePeriod(config.drain())
                    .shutdownHook(false)
                    .contentEncoding(EncodedBodies.context())
                    .routing(routing -> {
                        console.get().routes(routing);
                        api.routes(routing);
                    })
                    .build()
                    .start();
            if (!server.isRunning() || server.port() < 0) {
                // Helidon logs a failed bind and returns a server that listens nowhere; refuse instead.
                reviews.close();
                sla.close();
                api.close();
                replicas.close();
                tokenLedger.close();
                follower.close();
                throw new IllegalStateException("cannot listen on %s:%d (address in use, or not this machine's)"
                        .formatted(config.host(), config.port()));
            }
            guard.set(guardOf(dataDir, config.host(), server.port()));
            String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
            baseUrl.set("http://" + host + ":" + server.port());
            sla.start();
            Optional<IntegrityWatch> integrity = integrityKeys.map(
                    keys -> new IntegrityWatch(store, keys, integritySweep, alerts, metrics.registry(), source, clock)
                            .start(replicas::leads));
            integrityWatch.set(integrity);
            ScheduledExecutorService coordinationTimer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("coordination-timeouts").daemon().factory());
            // One replica expires questions and returns lapsed tasks for all; the others follow what it records.
            coordinationTimer.scheduleWithFixedDelay(
                    () -> {
                        if (replicas.leads()) {
                            timeouts(elicitations, tasks);
                        }
                    },
                    1,
                    1,
                    TimeUnit.SECONDS);
            Bridge bridge = new Bridge(
                    server,
                    api,
                    metrics,
                    config,
                    sla,
                    integrity,
                    reviews,
                    coordination,
                    coordinationTimer,
                    leases,
                    new Cluster(follower, replicas, tokenLedger));
            LOG.info("listening on http://{}:{}", config.host(), bridge.port());
            return bridge;
        }

        /** Where new reviews are told of, with a signed console link for each person asked; none if nowhere. */
        private Optional<ReviewNotifier> notifier(AtomicReference<Console> console) {
            List<ReviewNotifier.Target> targets = new ArrayList<>();
            reviewWebhook.ifPresent(url -> targets.add(new ReviewNotifier.Target.Webhook(url)));
            reviewSlack.ifPresent(url -> targets.add(new ReviewNotifier.Target.Slack(url)));
            return targets.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new ReviewNotifier(
                            targets, Optional.of((id, who) -> console.get().link(id, who))));
        }

        /** Ends elicitations past their deadline and returns tasks whose claim lapsed; never stops the timer. */
        private static void timeouts(Elicitations elicitations, Tasks tasks) {
            try {
                elicitations.expireDue();
                tasks.returnLapsed();
            } catch (RuntimeException e) {
                LOG.warn("elicitation and task timeouts not applied this second; retrying", e);
            }
        }

        private static byte[] randomKey() {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
    }

    private static void checkAuth(BridgeConfig config, AgentTokens tokens) {
        boolean loopback = isLoopback(config.host());
        if (!loopback && config.auth() == AuthMode.OPTIONAL) {
            throw new IllegalStateException(("server.listen=%s is not a loopback address: the bridge needs agent"
                            + " tokens there (server.auth=required). Issue one with `lighthouse agents add NAME"
                            + " --role agent`, or listen on 127.0.0.1")
                    .formatted(config.host()));
        }
        if (config.auth() == AuthMode.REQUIRED && !tokens.anyActive()) {
            throw new IllegalStateException(("tokens are required (listening on %s) but %s has no active agent"
                            + " token, so nobody could call; issue one with `lighthouse agents add NAME --role agent`")
                    .formatted(config.host(), tokens.file()));
        }
    }

    /** What the self-protection rules guard: this bridge's data dir and the address it listens on. */
    private static Guard guardOf(Path dataDir, String host, int port) {
        return new Guard(List.of(dataDir), port == 0 ? List.of() : List.of(new Guard.Address(host, port)));
    }

    /** Names this bridge in alerts: {@code lighthouse@<host name>}. */
    private static String nodeName() {
        try {
            return "lighthouse@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "lighthouse";
        }
    }

    /** Whether {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server.listen: unknown host `%s`".formatted(host), e);
        }
    }

    /** The bound port (the chosen one when configured with 0). */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port} as agents should call it. */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port();
    }

    /** Calls being decided right now. */
    public int inFlight() {
        return metrics.inFlight();
    }

    /** The SLA monitor (its {@link SlaMonitor#tick()} drives it by hand in tests). */
    public SlaMonitor sla() {
        return sla;
    }

    /** The review board (pending reviews, approvals, reviewer reliability). */
    public ReviewBoard reviews() {
        return reviews;
    }

    /** Questions, tasks and agent experts: the domain the MCP tools and the HTTP API both use. */
    public Api.Coordination coordination() {
        return coordination;
    }

    /** The file leases agents hold, replayed from the store at start and checked on every decision. */
    public Leases leases() {
        return leases;
    }

    /** The integrity watch, when {@link Builder#integrity} configured one. */
    public Optional<IntegrityWatch> integrity() {
        return integrity;
    }

    /** Drains in-flight calls (up to the configured time), ends event streams, closes the listener. */
    public void stop() {
        api.drain();
        long deadline = System.nanoTime() + config.drain().toNanos();
        while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        if (metrics.inFlight() > 0) {
            LOG.warn("stopping with {} calls still in flight after {}", metrics.inFlight(), config.drain());
        }
        server.stop();
        coordinationTimer.shutdownNow();
        api.close();
        sla.close();
        integrity.ifPresent(IntegrityWatch::close);
        reviews.close();
        cluster.replicas().close();
        cluster.tokens().close();
        cluster.follower().close();
    }

    /** This replica among the others on the store: the leader, the replicas present, the lags. */
    public Replicas replicas() {
        return cluster.replicas();
    }

    /** What this replica applies of the others' appends, and how late. */
    public Follower follower() {
        return cluster.follower();
    }

    @Override
    public void close() {
        stop();
    }
}
