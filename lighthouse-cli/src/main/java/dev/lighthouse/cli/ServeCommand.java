package dev.lighthouse.cli;

import dev.lighthouse.alert.AlertDispatcher;
import dev.lighthouse.alert.AlertSink;
import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.BridgeConfig;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.OwnerToken;
import dev.lighthouse.bridge.auth.SharedSecret;
import dev.lighthouse.bridge.console.ConsoleSettings;
import dev.lighthouse.bridge.limits.CallerLimits;
import dev.lighthouse.bridge.limits.Limits;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.bridge.rollout.Rollout;
import dev.lighthouse.bridge.rollout.RolloutSettings;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import dev.lighthouse.coordination.lease.LeaseSettings;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.SessionDenials;
import dev.lighthouse.policy.yaml.PolicyException;
import dev.lighthouse.retry.Backoff;
import dev.lighthouse.review.Expert;
import dev.lighthouse.review.ReviewLimits;
import dev.lighthouse.review.llm.LlmExpert;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lighthouse serve}: runs the bridge until interrupted. Embedded defaults: 127.0.0.1:8765, the SQLite store in
 * the data dir, the built-in default policy. On SIGINT/SIGTERM it stops taking new work, lets calls being decided
 * finish (up to 10 s), then closes the store.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the bridge: agents' hooks send each tool call here; the decision is recorded, then answered.",
            "",
            "Example: lighthouse serve --listen 127.0.0.1:8765",
        })
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description = "Address to listen on (config server.listen, default 127.0.0.1:8765).")
    String listen;

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "Event store: SQLite file or postgres://user:password@host:port/db (config store.url).")
    String store;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "Policy file layered on the built-in default; repeat for more layers (config policy.files)."
                    + " Used when the event store holds no policy version yet; later, `lighthouse policy apply`.")
    List<Path> policies;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = Lighthouse.settings(spec);
        PrintWriter out = Lighthouse.out(spec);
        ConfigKeys.Listen address = listen == null ? settings.get(ConfigKeys.SERVER_LISTEN) : parse(listen);
        Path dataDir = settings.dataDir();
        probe(address);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        Policies.SelfProtection self = settings.get(ConfigKeys.POLICY_SELF_PROTECTION);
        Policy configured = policy(settings, self);
        BridgeConfig config = config(settings, address);
        DataDir.secure(dataDir, settings);
        Keyring keys = EventStoreWiring.keyring(settings, System.getenv());
        byte[] consoleKey = ConsoleKeyWiring.key(settings, System.getenv());
        List<AlertSink> sinks = AlertsWiring.sinks(settings, System.getenv());
        EventStore events = openStore(settings, store == null ? settings.get(ConfigKeys.STORE_URL) : store, keys);
        refuseShortenedStore(settings, events);
        DataDir.tighten(dataDir);
        if (self == Policies.SelfProtection.OFF) {
            DataDir.recordSelfProtectionOff(events, settings);
        }
        BridgeMetrics metrics = new BridgeMetrics(settings.get(ConfigKeys.METRICS_TOOL_LABELS));
        AlertDispatcher alerts = new AlertDispatcher(sinks, events, Backoff.defaults(), metrics.registry());
        Rollout rollout;
        try {
            rollout = Rollout.open(
                    events,
                    PolicySource.of(configured),
                    rolloutSettings(settings),
                    alerts,
                    Clock.systemUTC(),
                    new SessionDenials(
                            settings.get(ConfigKeys.POLICY_SESSION_DENIALS_TTL), SessionDenials.DEFAULT_SESSIONS));
        } catch (RuntimeException e) {
            alerts.close();
            events.close();
            throw new UserException("cannot rebuild the policy versions from the event store: " + e.getMessage());
        }
        Bridge bridge;
        try {
            Bridge.Builder builder = Bridge.builder(config, rollout.judge(), events, AgentTokens.inDataDir(dataDir))
                    .rollout(rollout)
                    .metrics(metrics)
                    .alerts(alerts)
                    .slaThresholds(ConfigKeys.SLA.stream().map(settings::get).toList())
                    .integrity(keys, settings.get(ConfigKeys.INTEGRITY_SWEEP_INTERVAL))
                    .experts(experts(settings, metrics))
                    .reviewKey(ReviewKey.loadOrCreate(SharedSecret.REVIEW_KEY.in(dataDir)))
                    .reviewLimits(new ReviewLimits(
                            settings.get(ConfigKeys.REVIEW_OPEN_PER_AGENT),
                            settings.get(ConfigKeys.REVIEW_OPEN),
                            settings.get(ConfigKeys.REVIEW_RESOLVED_KEPT),
                            settings.get(ConfigKeys.REVIEW_LLM_PER_AGENT_PER_HOUR),
                            settings.get(ConfigKeys.REVIEW_LLM_ALONE_ON_HIGH_RISK)))
                    .callerLimits(new CallerLimits(
                            settings.get(ConfigKeys.LIMITS_BODY_READ_TIMEOUT),
                            settings.get(ConfigKeys.LIMITS_REQUESTS_PER_CALLER),
                            settings.get(ConfigKeys.LIMITS_STREAMS_PER_CALLER),
                            settings.get(ConfigKeys.LIMITS_REPLAY_EVENTS)));
            settings.get(ConfigKeys.REVIEW_WEBHOOK).ifPresent(builder::reviewWebhook);
            settings.get(ConfigKeys.REVIEW_SLACK_WEBHOOK).ifPresent(builder::reviewSlack);
            builder.console(consoleSettings(settings));
            builder.consoleKey(consoleKey);
            builder.leaseSettings(new LeaseSettings(
                    settings.get(ConfigKeys.LEASES_MAX_TTL), settings.get(ConfigKeys.LEASES_DEFAULT_TTL)));
            bridge = builder.start();
        } catch (IllegalStateException | IllegalArgumentException e) {
            rollout.close();
            alerts.close();
            events.close();
            throw new UserException(e.getMessage());
        } catch (RuntimeException e) {
            rollout.close();
            alerts.close();
            events.close();
            throw new UserException("cannot listen on %s: %s".formatted(address, e.getMessage()));
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            bridge.stop();
                            rollout.close();
                            alerts.close();
                            events.close();
                            stopped.countDown();
                        },
                        "lighthouse-shutdown"));

        out.printf("Lighthouse bridge listening on %s%n", bridge.baseUrl());
        out.printf("  data dir   %s%n", dataDir);
        out.printf(
                "  store      %s%n",
                ConfigKeys.withoutPassword(store == null ? settings.get(ConfigKeys.STORE_URL) : store));
        out.printf("  policy     %s%n", rollout.describeActive());
        if (rollout.restored()) {
            out.printf("             (the event store's active version wins over policy.files; change it with"
                    + " `lighthouse policy apply FILE`)%n");
        }
        out.printf(
                "  auth       %s%n",
                config.auth() == AuthMode.OPTIONAL
                        ? "hooks may ask for decisions without a token (loopback only); everything else needs one"
                        : "bearer token required");
        out.printf(
                "  owner      %s (mode 0600): the lighthouse CLI run as this user reads it, with the same --data-dir"
                        + " or LIGHTHOUSE_HOME; elsewhere pass it as --token or LIGHTHOUSE_TOKEN%n",
                dataDir.resolve(OwnerToken.FILE_NAME));
        if (self == Policies.SelfProtection.OFF) {
            out.printf("  WARNING    policy.self-protection is off: agents can act as the owner of this bridge%n");
        }
        out.printf(
                "  alerts     %s%n",
                sinks.isEmpty()
                        ? "none (set alerts.webhook.url, alerts.slack.url or alerts.pagerduty.routing-key)"
                        : sinks.stream().map(AlertSink::name).collect(Collectors.joining(", ")));
        out.printf(
                "  experts    %s%n",
                settings.get(ConfigKeys.REVIEW_EXPERTS).isEmpty()
                        ? "none (set review.experts to let routes ask LLM experts)"
                        : settings.get(ConfigKeys.REVIEW_EXPERTS).stream()
                                .map(e -> "llm:%s (%s %s at %s)"
                                        .formatted(
                                                e.name(),
                                                e.provider().name().toLowerCase(java.util.Locale.ROOT),
                                                e.model(),
                                                e.endpoint()))
                                .collect(Collectors.joining(", ")));
        String launcher = Lighthouse.env(spec).getOrDefault("LIGHTHOUSE_LAUNCHER", "lighthouse");
        out.printf("Install the hook in a project (run it there):%n  %s%n", installCommand(launcher, bridge, address));
        out.printf("  (Codex: --agent codex; Gemini CLI: --agent gemini)%n");
        pathHint(launcher, Lighthouse.env(spec))
                .ifPresent(hint ->
                        out.printf("To type `lighthouse` anywhere, put the launcher on PATH once:%n  %s%n", hint));
        out.printf("Stop with Ctrl-C.%n");
        out.flush();
        stopped.await();
        return 0;
    }

    private static String installCommand(String launcher, Bridge bridge, ConfigKeys.Listen address) {
        // The launcher says where it is, so the printed command works even when `lighthouse` is not on PATH.
        String cmd = launcher + " hook install --agent claude-code";
        boolean standard = address.port() == BridgeConfig.DEFAULT_PORT && Bridge.isLoopback(address.host());
        return standard ? cmd : cmd + " --url " + HookCommand.callableUrl(address.host(), bridge.port());
    }

    /**
     * The one command that puts {@code launcher} on PATH as {@code lighthouse}, unless a {@code lighthouse} there is
     * already this launcher: a link in {@code ~/.local/bin} or {@code ~/bin} (or another PATH directory under the
     * home) when PATH has one, else in a new {@code ~/.local/bin} added to PATH.
     */
    static Optional<String> pathHint(String launcher, Map<String, String> env) {
        Path self = Path.of(launcher);
        if (!self.isAbsolute()) {
            return Optional.empty(); // run as `lighthouse` from PATH already (or from a jar nobody launched by name)
        }
        List<Path> dirs = Arrays.stream(env.getOrDefault("PATH", "").split(":"))
                .filter(d -> !d.isBlank())
                .map(Path::of)
                .toList();
        for (Path dir : dirs) {
            Path candidate = dir.resolve("lighthouse");
            try {
                if (Files.isExecutable(candidate) && Files.isSameFile(candidate, self)) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                // unreadable PATH entries are not this launcher
            }
        }
        Optional<Path> home =
                Optional.ofNullable(env.get("HOME")).filter(h -> !h.isBlank()).map(Path::of);
        // ~/.local/bin or ~/bin when on PATH, else any PATH directory of the user's (not e.g. a tool's own bin first).
        Optional<Path> target = home.flatMap(h -> dirs.stream()
                .filter(d -> d.startsWith(h))
                .min(Comparator.comparingInt(
                        d -> d.equals(h.resolve(".local/bin")) ? 0 : d.equals(h.resolve("bin")) ? 1 : 2)));
        String quoted = "'" + launcher.replace("'", "'\\''") + "'";
        return Optional.of(target.map(d -> "ln -sf %s %s/lighthouse".formatted(quoted, d))
                .orElse(
                        "mkdir -p ~/.local/bin && ln -sf %s ~/.local/bin/lighthouse && export PATH=\"$HOME/.local/bin:$PATH\""
                                .formatted(quoted)));
    }

    private Policy policy(Settings settings, Policies.SelfProtection self) {
        List<Path> files = policies == null || policies.isEmpty() ? settings.get(ConfigKeys.POLICY_FILES) : policies;
        try {
            return Policies.load(files, self);
        } catch (PolicyException e) {
            throw new UserException(e.getMessage());
        }
    }

    private static RolloutSettings rolloutSettings(Settings settings) {
        return new RolloutSettings(
                settings.get(ConfigKeys.ROLLOUT_WATCH_WINDOW),
                settings.get(ConfigKeys.ROLLOUT_MAX_SHIFT_POINTS),
                settings.get(ConfigKeys.ROLLOUT_MIN_DECISIONS));
    }

    private static BridgeConfig config(Settings settings, ConfigKeys.Listen address) {
        AuthMode auth = settings.get(ConfigKeys.SERVER_AUTH) == ConfigKeys.ServerAuth.REQUIRED
                        || !Bridge.isLoopback(address.host())
                ? AuthMode.REQUIRED
                : AuthMode.OPTIONAL;
        return new BridgeConfig(
                address.host(),
                address.port(),
                auth,
                new Limits(
                        settings.get(ConfigKeys.LIMITS_BODY_BYTES),
                        settings.get(ConfigKeys.LIMITS_JSON_DEPTH),
                        settings.get(ConfigKeys.LIMITS_COMMAND_CHARS),
                        settings.get(ConfigKeys.LIMITS_IN_FLIGHT)),
                settings.get(ConfigKeys.LIMITS_RATES),
                settings.get(ConfigKeys.HOOKS_CLAUDE_CODE_UNMATCHED),
                Duration.ofSeconds(10));
    }

    /**
     * A store whose head is behind its own last checkpoint lost its newest events (deleted rows, a restored old
     * copy): serving on from it would hide that, so the bridge does not start.
     */
    private static void refuseShortenedStore(Settings settings, EventStore events) {
        Path file = settings.dataDir().resolve(settings.get(ConfigKeys.STORE_CHECKPOINT_FILE));
        long head = events.head().seq();
        long checkpointed;
        try {
            // the file's last line or the store's own mark of it: lines cut from the file together with rows still show
            checkpointed = events.lastCheckpoint();
        } catch (IllegalArgumentException e) {
            events.close();
            throw new UserException(
                    "cannot read the checkpoints: %s; run `lighthouse events verify`".formatted(e.getMessage()));
        }
        if (head < checkpointed) {
            events.close();
            throw new UserException(("the event store ends at seq %d, but its checkpoints (%s) say it reached seq %d:"
                            + " events were removed. Not starting; run `lighthouse events verify` and restore the store"
                            + " from a backup")
                    .formatted(head, file, checkpointed));
        }
    }

    /** The configured store ({@link EventStoreWiring}), at {@code url} when {@code --store} overrides it. */
    private static EventStore openStore(Settings settings, String url, Keyring keys) {
        Path dataDir = settings.dataDir();
        StoreOptions options = StoreOptions.of(keys, dataDir.resolve(settings.get(ConfigKeys.STORE_CHECKPOINT_FILE)));
        try {
            return EventStores.open(url, dataDir, options);
        } catch (EventStoreException | IllegalArgumentException e) {
            throw new UserException(
                    "cannot open the event store %s: %s".formatted(ConfigKeys.withoutPassword(url), e.getMessage()));
        }
    }

    /** LLM experts from {@code review.experts}; a key they name but the environment lacks stops start-up here. */
    private static List<Expert> experts(Settings settings, BridgeMetrics metrics) {
        return settings.get(ConfigKeys.REVIEW_EXPERTS).stream()
                .<Expert>map(c -> LlmExpert.create(c, System.getenv(), Clock.systemUTC(), metrics.registry()))
                .toList();
    }

    /**
     * Binds the address once and lets it go, before anything is opened: the web server would log a failed bind as a
     * page of stack trace, where a user needs one line that says why and what to do.
     */
    static void probe(ConfigKeys.Listen address) {
        if (address.port() == 0) {
            return;
        }
        String where = address.host() + ":" + address.port();
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address.host(), address.port()));
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("in use")) {
                throw new UserException(("cannot listen on %s: the port is already in use (another bridge running?"
                                + " stop it, or pick another port with --listen %s:PORT)")
                        .formatted(where, address.host()));
            }
            if (message.contains("assign")) {
                throw new UserException(("cannot listen on %s: %s is not an address of this machine (use 127.0.0.1,"
                                + " or 0.0.0.0 for every interface)")
                        .formatted(where, address.host()));
            }
            throw new UserException("cannot listen on %s: %s".formatted(where, message));
        } catch (IOException e) {
            throw new UserException("cannot listen on %s: %s".formatted(where, e.getMessage()));
        }
    }

    /** Links in review notices and Slack's callbacks: {@code console.*} and {@code review.slack.*}. */
    private static ConsoleSettings consoleSettings(Settings settings) {
        String secretSource = settings.get(ConfigKeys.REVIEW_SLACK_SIGNING_SECRET);
        return new ConsoleSettings(
                settings.get(ConfigKeys.CONSOLE_URL),
                settings.get(ConfigKeys.CONSOLE_LINK_TTL),
                secretSource.isEmpty()
                        ? Optional.empty()
                        : Optional.of(AlertsWiring.secret(
                                "review.slack.signing-secret", secretSource, settings.dataDir(), System.getenv())),
                settings.get(ConfigKeys.REVIEW_SLACK_USERS));
    }

    private static ConfigKeys.Listen parse(String text) {
        try {
            return ConfigKeys.Listen.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException("--listen " + text + ": " + e.getMessage());
        }
    }
}
