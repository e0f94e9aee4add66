package dev.lighthouse.cli.config;

import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.hooks.ClaudeCodeDialect;
import dev.lighthouse.bridge.limits.RateLimits;
import dev.lighthouse.bridge.sla.SlaMeasure;
import dev.lighthouse.bridge.sla.SlaThreshold;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.review.llm.LlmExpertConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every configuration key Lighthouse knows, with its default: the one place defaults live.
 *
 * <p>{@code docs/configuration.md} lists each of them; a test keeps the two in step.
 */
public final class ConfigKeys {
    private ConfigKeys() {}

    public static final ConfigKey<Path> DATA_DIR = new ConfigKey<>(
            "data-dir",
            "Directory for the event store, keys and agent tokens. Also set by LIGHTHOUSE_HOME or --data-dir.",
            "~/.lighthouse",
            ConfigKeys::path);

    public static final ConfigKey<LogFormat> LOG_FORMAT = new ConfigKey<>(
            "log.format",
            "How logs are written to standard error: `text` for people, `json` for one JSON object a line.",
            "text",
            enumParser(LogFormat.class));

    public static final ConfigKey<LogLevel> LOG_LEVEL = new ConfigKey<>(
            "log.level",
            "Least severe log level written: `error`, `warn`, `info`, `debug` or `trace`.",
            "info",
            enumParser(LogLevel.class));

    public static final ConfigKey<String> STORE_URL = new ConfigKey<>(
            "store.url",
            "Event store: a SQLite file (relative to the data directory) or a PostgreSQL URL,"
                    + " `postgres://user:password@host:5432/db` or `jdbc:postgresql://…`.",
            "events.db",
            ConfigKeys::nonBlank);

    public static final ConfigKey<String> STORE_KEY = new ConfigKey<>(
            "store.key",
            "Where the HMAC key that signs events comes from: `file:PATH` (relative to the data directory; created"
                    + " with a fresh key, mode 0600, on first start; `lighthouse events rotate-key` adds keys) or"
                    + " `env:VARIABLE` (a base64 secret of at least 32 bytes in that environment variable).",
            "file:events.keys",
            ConfigKeys::keySource);

    public static final ConfigKey<String> STORE_CHECKPOINT_FILE = new ConfigKey<>(
            "store.checkpoint-file",
            "File the store appends signed checkpoints of the chain head to (about once a second), so that"
                    + " `lighthouse events verify` detects a truncated store; relative to the data directory.",
            "events.checkpoints",
            ConfigKeys::nonBlank);

    public static final ConfigKey<Listen> SERVER_LISTEN = new ConfigKey<>(
            "server.listen",
            "Address and port `lighthouse serve` listens on. Any address other than loopback needs agent tokens."
                    + " Also set by `serve --listen`.",
            "127.0.0.1:8765",
            Listen::parse);

    public static final ConfigKey<ServerAuth> SERVER_AUTH = new ConfigKey<>(
            "server.auth",
            "`auto`: while listening on loopback, callers without a token may ask for decisions (and nothing else), and a token is"
                    + " required on any other address; `required`: a token is always required.",
            "auto",
            enumParser(ServerAuth.class));

    public static final ConfigKey<List<Path>> POLICY_FILES = ConfigKey.list(
            "policy.files",
            "Policy files layered, in order, on the built-in default policy, e.g. `[base.yaml, team.yaml]`; empty for"
                    + " the default alone. Also set by `serve --policy`.",
            "[]",
            ConfigKeys::paths);

    public static final ConfigKey<Policies.SelfProtection> POLICY_SELF_PROTECTION = new ConfigKey<>(
            "policy.self-protection",
            "`on`: a locked layer under every policy keeps agents from reading Lighthouse's data dir, editing their"
                    + " hook settings or lighthouse.yaml, running `lighthouse review|policy|agents|serve`, calling the"
                    + " bridge other than for decisions, stopping it or touching LIGHTHOUSE_* variables. `off` removes"
                    + " the layer; the bridge records a `policy.self_protection_off` event and warns at every start.",
            "on",
            enumParser(Policies.SelfProtection.class));

    public static final ConfigKey<Duration> POLICY_SESSION_DENIALS_TTL = new ConfigKey<>(
            "policy.session-denials-ttl",
            "How long a deny is remembered for its session: a later call of the session that reaches the same path,"
                    + " host or program by another route is reviewed, its reason naming the denial. The memory is"
                    + " rebuilt from the event store at start and shared by replicas, e.g. `1h`.",
            "1h",
            text -> positive(ReviewRoute.duration(text)));

    public static final ConfigKey<Duration> ROLLOUT_WATCH_WINDOW = new ConfigKey<>(
            "rollout.watch-window",
            "How long a newly applied policy version (or canary) is watched for an automatic rollback; one that"
                    + " survives it becomes known-good, e.g. `10m`.",
            "10m",
            text -> positive(ReviewRoute.duration(text)));

    public static final ConfigKey<Integer> ROLLOUT_MAX_SHIFT_POINTS = new ConfigKey<>(
            "rollout.max-shift-points",
            "Percentage points the share of review+deny decisions under a watched version may rise above the"
                    + " previous version's share before it is rolled back automatically (1 to 100).",
            "20",
            text -> atMost(atLeast(text, 1), 100));

    public static final ConfigKey<Integer> ROLLOUT_MIN_DECISIONS = new ConfigKey<>(
            "rollout.min-decisions",
            "Decisions both the watched and the previous version need before their shares are compared.",
            "50",
            text -> atLeast(text, 1));

    public static final ConfigKey<Duration> LEASES_MAX_TTL = new ConfigKey<>(
            "leases.max-ttl",
            "Longest a file lease may be taken or renewed for at once; a longer request is refused, e.g. `4h`.",
            "4h",
            text -> positive(ReviewRoute.duration(text)));

    public static final ConfigKey<Duration> LEASES_DEFAULT_TTL = new ConfigKey<>(
            "leases.default-ttl",
            "How long a file lease holds when its request names no time-to-live (at most `leases.max-ttl`).",
            "15m",
            text -> positive(ReviewRoute.duration(text)));

    public static final ConfigKey<Integer> LIMITS_BODY_BYTES = new ConfigKey<>(
            "limits.body-bytes",
            "Largest request body the bridge reads; a larger hook call is denied.",
            "1048576",
            text -> atLeast(text, 1024));

    public static final ConfigKey<Integer> LIMITS_JSON_DEPTH = new ConfigKey<>(
            "limits.json-depth",
            "Deepest nesting of JSON objects and arrays in a request.",
            "64",
            text -> atLeast(text, 4));

    public static final ConfigKey<Integer> LIMITS_COMMAND_CHARS = new ConfigKey<>(
            "limits.command-chars", "Longest shell command a tool call may carry.", "65536", text -> atLeast(text, 16));

    public static final ConfigKey<Integer> LIMITS_IN_FLIGHT = new ConfigKey<>(
            "limits.in-flight",
            "Most tool calls decided at once; a call that waits a second for a slot is denied as overloaded.",
            "4096",
            text -> atLeast(text, 1));

    public static final ConfigKey<Map<Role, OptionalLong>> LIMITS_RATES = ConfigKey.mapping(
            "limits.rates",
            "Requests per minute per agent, by role (`unlimited` for none); `local` is the tokenless loopback user."
                    + " Give only the roles to change, e.g. `{agent: 500}`.",
            "{agent: 1000, expert: 2000, reviewer: 2000, admin: 10000, local: unlimited}",
            ConfigKeys::rates);

    public static final ConfigKey<Duration> LIMITS_BODY_READ_TIMEOUT = new ConfigKey<>(
            "limits.body-read-timeout",
            "How long a request body may take to arrive; past it the connection is closed (a hook call is denied).",
            "30s",
            text -> positive(ReviewRoute.duration(text)));

    public static final ConfigKey<Integer> LIMITS_REQUESTS_PER_CALLER = new ConfigKey<>(
            "limits.requests-per-caller",
            "Most requests one caller (token, or the tokenless loopback user) may have in progress at once, held"
                    + " hook calls included; more are refused (429, or a deny).",
            "2048",
            text -> atLeast(text, 1));

    public static final ConfigKey<Integer> LIMITS_STREAMS_PER_CALLER = new ConfigKey<>(
            "limits.streams-per-caller",
            "Most event streams (`/v1/decisions/stream`, `/v1/reviews/stream`) one caller may have open.",
            "8",
            text -> atLeast(text, 1));

    public static final ConfigKey<Integer> LIMITS_REPLAY_EVENTS = new ConfigKey<>(
            "limits.replay-events",
            "Most events a stream replays from `after=` or `Last-Event-ID`; further back is refused (page through"
                    + " `GET /v1/decisions` instead).",
            "100000",
            text -> atLeast(text, 1));

    public static final ConfigKey<ClaudeCodeDialect.Unmatched> HOOKS_CLAUDE_CODE_UNMATCHED = new ConfigKey<>(
            "hooks.claude-code.unmatched",
            "What Claude Code hears about a call no policy rule recognised: `no-decision` (its own permission"
                    + " prompts apply) or `allow` (skip them).",
            "no-decision",
            text -> enumParser(ClaudeCodeDialect.Unmatched.class).apply(text.replace('-', '_')));

    public static final ConfigKey<List<LlmExpertConfig>> REVIEW_EXPERTS = ConfigKey.listOfMappings(
            "review.experts",
            "LLM experts routes may ask (`llm` or `llm:NAME` in a route's reviewers): a list of mappings with name,"
                    + " provider (`anthropic` or `openai`), model, endpoint, api-key-env, timeout, deadline, retries,"
                    + " prices; see reviews.md. In an environment variable or `--set`, the same list in YAML's"
                    + " one-line form (JSON is that too).",
            "[]",
            list -> LlmExpertConfig.parseList(list.toString()));

    public static final ConfigKey<Optional<URI>> REVIEW_WEBHOOK = new ConfigKey<>(
            "review.webhook",
            "URL that receives each new review as JSON (`{\"type\":\"review.requested\",\"review\":{…}}`), up to 3"
                    + " attempts; empty for none.",
            "",
            ConfigKeys::httpUrl);

    public static final ConfigKey<Optional<URI>> REVIEW_SLACK_WEBHOOK = new ConfigKey<>(
            "review.slack.webhook",
            "Slack incoming webhook told of each new review: the call, Approve and Deny buttons, and a signed console"
                    + " link per person asked; empty for none.",
            "",
            ConfigKeys::httpUrl);

    public static final ConfigKey<String> REVIEW_SLACK_SIGNING_SECRET = new ConfigKey<>(
            "review.slack.signing-secret",
            "Where the Slack app's signing secret comes from: `env:VARIABLE` or `file:PATH` (relative to the data"
                    + " directory); never the secret itself. Without it the buttons' callback"
                    + " (`POST /console/slack/actions`) is off.",
            "",
            text -> text.isBlank() ? "" : keySource(text));

    public static final ConfigKey<Map<String, String>> REVIEW_SLACK_USERS = new ConfigKey<>(
            "review.slack.users",
            "Whose vote a button press is: Slack user ids to agent names of reviewer or admin tokens, e.g."
                    + " `U024BE7LH=alice,U0G9QF9C6=bob`. A press by anyone else is refused.",
            "",
            ConfigKeys::slackUsers);

    public static final ConfigKey<Optional<URI>> CONSOLE_URL = new ConfigKey<>(
            "console.url",
            "The bridge's address as reviewers' browsers reach it, for the links in review notices, e.g."
                    + " `https://lighthouse.example.com`; empty: the address it listens on.",
            "",
            ConfigKeys::httpUrl);

    public static final ConfigKey<Duration> CONSOLE_LINK_TTL = new ConfigKey<>(
            "console.link-ttl",
            "How long a signed review link in a notice stays valid (each also works only once), e.g. `1h`.",
            "1h",
            text -> positive(ReviewRoute.duration(text)));

    public static final ConfigKey<String> CONSOLE_KEY = new ConfigKey<>(
            "console.key",
            "Where the key that signs console sessions and review links comes from: `file:PATH` (relative to the"
                    + " data directory; made with a fresh key, mode 0600, on first start; refused if others may read"
                    + " it) or `env:VARIABLE` (64 hex digits, as `openssl rand -hex 32` prints). Replicas that share a"
                    + " store must share this key, so a session or link from one is valid on all.",
            "file:console.key",
            ConfigKeys::keySource);

    public static final ConfigKey<Integer> REVIEW_OPEN_PER_AGENT = new ConfigKey<>(
            "review.open-per-agent",
            "Most reviews one agent may have open; its next call that needs a review is denied as overloaded"
                    + " (a `review.refused` event and an alert).",
            "50",
            text -> atLeast(text, 1));

    public static final ConfigKey<Integer> REVIEW_OPEN = new ConfigKey<>(
            "review.open",
            "Most reviews open in all; past it every call that needs a review is denied as overloaded.",
            "1000",
            text -> atLeast(text, 1));

    public static final ConfigKey<Integer> REVIEW_RESOLVED_KEPT = new ConfigKey<>(
            "review.resolved-kept",
            "Most resolved reviews kept in memory for listing and identical retries (older ones stay in the event"
                    + " store).",
            "10000",
            text -> atLeast(text, 0));

    public static final ConfigKey<Integer> REVIEW_LLM_PER_AGENT_PER_HOUR = new ConfigKey<>(
            "review.llm-per-agent-per-hour",
            "Most reviews of one agent's calls LLM experts are asked about per hour; past it reviews wait for"
                    + " people alone.",
            "60",
            text -> atLeast(text, 0));

    public static final ConfigKey<Boolean> REVIEW_LLM_ALONE_ON_HIGH_RISK = new ConfigKey<>(
            "review.llm-alone-on-high-risk",
            "Whether a route where one LLM verdict settles a review (reviewers only `llm…`, quorum 1) may decide"
                    + " calls of high or critical risk; `false` denies them without review.",
            "false",
            ConfigKeys::bool);

    public static final ConfigKey<Set<String>> METRICS_TOOL_LABELS = ConfigKey.list(
            "metrics.tool-labels",
            "Tool names counted under their own `tool` label in `/metrics` besides the built-in tools, e.g."
                    + " `[mcp__github]`; every other tool is counted as `other`.",
            "[]",
            items -> Set.copyOf(
                    items.stream().map(String::strip).filter(t -> !t.isEmpty()).toList()));

    public static final ConfigKey<Optional<URI>> ALERTS_WEBHOOK_URL = new ConfigKey<>(
            "alerts.webhook.url",
            "Generic JSON webhook that receives every alert (trigger and resolve) as one JSON object; empty for"
                    + " none.",
            "",
            ConfigKeys::httpUrl);

    public static final ConfigKey<Optional<URI>> ALERTS_SLACK_URL = new ConfigKey<>(
            "alerts.slack.url",
            "Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat) for alerts; empty for none.",
            "",
            ConfigKeys::httpUrl);

    public static final ConfigKey<String> ALERTS_PAGERDUTY_ROUTING_KEY = new ConfigKey<>(
            "alerts.pagerduty.routing-key",
            "Where the PagerDuty Events API v2 routing (integration) key comes from: `env:VARIABLE` or `file:PATH`"
                    + " (relative to the data directory); never the key itself. Empty for no PagerDuty.",
            "",
            text -> text.isBlank() ? "" : keySource(text));

    public static final ConfigKey<URI> ALERTS_PAGERDUTY_URL = new ConfigKey<>(
            "alerts.pagerduty.url",
            "Base URL of the PagerDuty Events API; alerts are posted to `<url>/v2/enqueue`.",
            "https://events.pagerduty.com",
            text -> httpUrl(text).orElseThrow(() -> new IllegalArgumentException("expected an http(s) URL")));

    public static final ConfigKey<Duration> INTEGRITY_SWEEP_INTERVAL = new ConfigKey<>(
            "integrity.sweep-interval",
            "Pause between full integrity sweeps of the event chain by `lighthouse serve` (each new event is also"
                    + " checked as it commits), e.g. `10m` or `1h`.",
            "10m",
            ConfigKeys::sweepInterval);

    public static final ConfigKey<SlaThreshold> SLA_FAST_SHARE =
            sla(SlaMeasure.FAST_SHARE, "Share of decisions answered within 100 ms, in percent (violated below).");
    public static final ConfigKey<SlaThreshold> SLA_P99_LATENCY =
            sla(SlaMeasure.P99_LATENCY, "99th percentile decision latency, in ms (violated above).");
    public static final ConfigKey<SlaThreshold> SLA_MEAN_LATENCY =
            sla(SlaMeasure.MEAN_LATENCY, "Mean decision latency, in ms (violated above).");
    public static final ConfigKey<SlaThreshold> SLA_AVAILABILITY = sla(
            SlaMeasure.AVAILABILITY,
            "Share of hook calls and readiness probes not failed by the bridge itself, in percent (violated below).");
    public static final ConfigKey<SlaThreshold> SLA_ERROR_RATE = sla(
            SlaMeasure.ERROR_RATE,
            "Share of submitted calls that ended in a bridge-side error or overload, in percent (violated above).");
    public static final ConfigKey<SlaThreshold> SLA_THROUGHPUT = sla(
            SlaMeasure.THROUGHPUT,
            "Decided calls per second, only while agents are active (a call in the last 10 s) (violated below).");
    public static final ConfigKey<SlaThreshold> SLA_CPU =
            sla(SlaMeasure.CPU, "CPU load of the bridge process, in percent of all cores (violated above).");
    public static final ConfigKey<SlaThreshold> SLA_MEMORY =
            sla(SlaMeasure.MEMORY, "Heap used, in percent of the maximum heap (violated above).");

    /** The SLA keys in the monitor's order. */
    public static final List<ConfigKey<SlaThreshold>> SLA = List.of(
            SLA_FAST_SHARE,
            SLA_P99_LATENCY,
            SLA_MEAN_LATENCY,
            SLA_AVAILABILITY,
            SLA_ERROR_RATE,
            SLA_THROUGHPUT,
            SLA_CPU,
            SLA_MEMORY);

    /** All keys, in the order the documentation lists them. */
    public static final List<ConfigKey<?>> ALL = List.of(
            DATA_DIR,
            LOG_FORMAT,
            LOG_LEVEL,
            SERVER_LISTEN,
            SERVER_AUTH,
            POLICY_FILES,
            POLICY_SELF_PROTECTION,
            POLICY_SESSION_DENIALS_TTL,
            ROLLOUT_WATCH_WINDOW,
            ROLLOUT_MAX_SHIFT_POINTS,
            ROLLOUT_MIN_DECISIONS,
            LEASES_MAX_TTL,
            LEASES_DEFAULT_TTL,
            LIMITS_BODY_BYTES,
            LIMITS_JSON_DEPTH,
            LIMITS_COMMAND_CHARS,
            LIMITS_IN_FLIGHT,
            LIMITS_RATES,
            LIMITS_BODY_READ_TIMEOUT,
            LIMITS_REQUESTS_PER_CALLER,
            LIMITS_STREAMS_PER_CALLER,
            LIMITS_REPLAY_EVENTS,
            HOOKS_CLAUDE_CODE_UNMATCHED,
            REVIEW_EXPERTS,
            REVIEW_WEBHOOK,
            REVIEW_SLACK_WEBHOOK,
            REVIEW_SLACK_SIGNING_SECRET,
            REVIEW_SLACK_USERS,
            CONSOLE_URL,
            CONSOLE_LINK_TTL,
            CONSOLE_KEY,
            REVIEW_OPEN_PER_AGENT,
            REVIEW_OPEN,
            REVIEW_RESOLVED_KEPT,
            REVIEW_LLM_PER_AGENT_PER_HOUR,
            REVIEW_LLM_ALONE_ON_HIGH_RISK,
            METRICS_TOOL_LABELS,
            STORE_URL,
            STORE_KEY,
            STORE_CHECKPOINT_FILE,
            ALERTS_WEBHOOK_URL,
            ALERTS_SLACK_URL,
            ALERTS_PAGERDUTY_ROUTING_KEY,
            ALERTS_PAGERDUTY_URL,
            INTEGRITY_SWEEP_INTERVAL,
            SLA_FAST_SHARE,
            SLA_P99_LATENCY,
            SLA_MEAN_LATENCY,
            SLA_AVAILABILITY,
            SLA_ERROR_RATE,
            SLA_THROUGHPUT,
            SLA_CPU,
            SLA_MEMORY);

    static final Map<String, ConfigKey<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::name, Function.identity()));

    public enum LogFormat {
        TEXT,
        JSON
    }

    public enum LogLevel {
        ERROR,
        WARN,
        INFO,
        DEBUG,
        TRACE
    }

    /** {@code server.auth}: see {@link #SERVER_AUTH}. */
    public enum ServerAuth {
        AUTO,
        REQUIRED
    }

    /** A listen address: {@code 127.0.0.1:8765}, {@code [::1]:8765}, {@code 0.0.0.0:8765}. */
    public record Listen(String host, int port) {
        public static Listen parse(String text) {
            String t = text.trim();
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new IllegalArgumentException("expected HOST:PORT, e.g. 127.0.0.1:8765");
            }
            String host = t.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected HOST:PORT with a numeric port, e.g. 127.0.0.1:8765");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535");
            }
            return new Listen(host, port);
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    static List<Path> paths(List<String> items) {
        return items.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(ConfigKeys::path)
                .toList();
    }

    static int atMost(int value, int max) {
        if (value > max) {
            throw new IllegalArgumentException("must be at most " + max);
        }
        return value;
    }

    static Duration positive(Duration value) {
        if (value.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return value;
    }

    static boolean bool(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got \"" + text + "\"");
        };
    }

    static int atLeast(String text, int min) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number");
        }
        if (value < min) {
            throw new IllegalArgumentException("must be at least " + min);
        }
        return value;
    }

    static Map<Role, OptionalLong> rates(Map<String, String> perRole) {
        Map<Role, OptionalLong> rates = RateLimits.defaults();
        perRole.forEach((name, perMinute) -> {
            Role role = enumParser(Role.class).apply(name);
            String value = perMinute.trim();
            rates.put(role, value.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(atLeast(value, 1)));
        });
        return rates;
    }

    /**
     * The user's home: {@code $HOME}, as the shell and the agents use it. Java's {@code user.home} comes from the
     * password database and differs in containers, CI and under {@code sudo}; it is only the fallback.
     */
    public static Path home() {
        String home = System.getenv("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home)
                .toAbsolutePath()
                .normalize();
    }

    /** Expands a leading {@code ~} to the user's {@link #home()}, so config files can say {@code ~/.lighthouse}. */
    public static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected a path, got an empty value");
        }
        String home = home().toString();
        if (text.equals("~")) {
            return Path.of(home);
        }
        if (text.startsWith("~/")) {
            return Path.of(home, text.substring(2));
        }
        return Path.of(text);
    }

    /** An SLA threshold's key: {@code sla.p99-latency}, its default spelled out, partial overrides allowed. */
    private static ConfigKey<SlaThreshold> sla(SlaMeasure measure, String meaning) {
        SlaThreshold defaults = SlaThreshold.defaultFor(measure);
        return ConfigKey.mapping(
                "sla." + measure.id().replace('_', '-'),
                meaning + " Settings: limit, window (1s to 15m), grace, severity (critical, major, minor, warning),"
                        + " rollback, enabled, recovery (how long it must be good again before it counts as"
                        + " recovered); give only those to change, e.g. `{limit: 200, grace: 60s}`.",
                ConfigValues.render(new ConfigValue.Fields(defaults.settings())),
                defaults::with);
    }

    static Optional<URI> httpUrl(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected an http(s) URL such as https://hooks.example.com/lighthouse");
    }

    static Duration sweepInterval(String text) {
        Duration d = ReviewRoute.duration(text);
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("must be at least 1s");
        }
        return d;
    }

    /**
     * A value as shown to people ({@code config show}, error messages): an API key written into the config file is a
     * secret, so only that one is set shows, not what it is.
     */
    public static String display(String key, String text) {
        if (key.equals(REVIEW_EXPERTS.name())) {
            return LlmExpertConfig.masked(text);
        }
        return key.equals(STORE_URL.name()) ? withoutPassword(text) : text;
    }

    /** A store URL with its password, in the user part or as a {@code password=} parameter, replaced by stars. */
    public static String withoutPassword(String url) {
        return url.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected a value, got an empty one");
        }
        return text.trim();
    }

    /** {@code U024BE7LH=alice,U0G9QF9C6=bob}: Slack user ids to agent names. */
    static Map<String, String> slackUsers(String text) {
        Map<String, String> users = new java.util.LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException(
                        "expected SLACK_USER_ID=AGENT pairs separated by commas, got `%s`".formatted(pair.strip()));
            }
            users.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return Map.copyOf(users);
    }

    static String keySource(String text) {
        String t = text.trim();
        if ((t.startsWith("file:") || t.startsWith("env:")) && t.indexOf(':') + 1 < t.length()) {
            return t;
        }
        throw new IllegalArgumentException("expected file:PATH or env:VARIABLE");
    }

    public static <E extends Enum<E>> Function<String, E> enumParser(Class<E> type) {
        return text -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text.trim())) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("expected one of " + choices(type));
        };
    }

    public static <E extends Enum<E>> String choices(Class<E> type) {
        return java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
