package dev.lighthouse.cli.config;

import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.hooks.ClaudeCodeDialect;
import dev.lighthouse.bridge.limits.RateLimits;
import dev.lighthouse.bridge.review.llm.LlmExpertConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
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
            "`auto`: callers without a token are the local user while listening on loopback, and a token is"
                    + " required on any other address; `required`: a token is always required.",
            "auto",
            enumParser(ServerAuth.class));

    public static final ConfigKey<List<Path>> POLICY_FILES = new ConfigKey<>(
            "policy.files",
            "Policy files layered, in order, on the built-in default policy (comma-separated); empty for the"
                    + " default alone. Also set by `serve --policy`.",
            "",
            ConfigKeys::paths);

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

    public static final ConfigKey<Map<Role, OptionalLong>> LIMITS_RATES = new ConfigKey<>(
            "limits.rates",
            "Requests per minute per agent, by role (`unlimited` for none); `local` is the tokenless loopback user.",
            "agent=1000,expert=2000,reviewer=2000,admin=10000,local=unlimited",
            ConfigKeys::rates);

    public static final ConfigKey<ClaudeCodeDialect.Unmatched> HOOKS_CLAUDE_CODE_UNMATCHED = new ConfigKey<>(
            "hooks.claude-code.unmatched",
            "What Claude Code hears about a call no policy rule recognised: `no-decision` (its own permission"
                    + " prompts apply) or `allow` (skip them).",
            "no-decision",
            text -> enumParser(ClaudeCodeDialect.Unmatched.class).apply(text.replace('-', '_')));

    public static final ConfigKey<List<LlmExpertConfig>> REVIEW_EXPERTS = new ConfigKey<>(
            "review.experts",
            "LLM experts routes may ask (`llm` or `llm:NAME` in a route's reviewers): a list of mappings with name,"
                    + " provider (`anthropic` or `openai`), model, endpoint, api-key-env, timeout, deadline, retries,"
                    + " prices; see reviews.md. In an environment variable or `--set`, the same list as JSON.",
            "",
            LlmExpertConfig::parseList);

    /** All keys, in the order the documentation lists them. */
    public static final List<ConfigKey<?>> ALL = List.of(
            DATA_DIR,
            LOG_FORMAT,
            LOG_LEVEL,
            SERVER_LISTEN,
            SERVER_AUTH,
            POLICY_FILES,
            LIMITS_BODY_BYTES,
            LIMITS_JSON_DEPTH,
            LIMITS_COMMAND_CHARS,
            LIMITS_IN_FLIGHT,
            LIMITS_RATES,
            HOOKS_CLAUDE_CODE_UNMATCHED,
            REVIEW_EXPERTS,
            STORE_URL,
            STORE_KEY,
            STORE_CHECKPOINT_FILE);

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

    static List<Path> paths(String text) {
        return java.util.Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(ConfigKeys::path)
                .toList();
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

    static Map<Role, OptionalLong> rates(String text) {
        Map<Role, OptionalLong> rates = RateLimits.defaults();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] kv = entry.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected ROLE=PER_MINUTE pairs, e.g. agent=1000,admin=unlimited");
            }
            Role role = enumParser(Role.class).apply(kv[0]);
            String value = kv[1].trim();
            rates.put(role, value.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(atLeast(value, 1)));
        }
        return rates;
    }

    /** Expands a leading {@code ~} to the user's home, so config files can say {@code ~/.lighthouse}. */
    public static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected a path, got an empty value");
        }
        String home = System.getProperty("user.home");
        if (text.equals("~")) {
            return Path.of(home);
        }
        if (text.startsWith("~/")) {
            return Path.of(home, text.substring(2));
        }
        return Path.of(text);
    }

    /**
     * A value as shown to people ({@code config show}, error messages): an API key written into the config file is a
     * secret, so only that one is set shows, not what it is.
     */
    public static String display(String key, String text) {
        return key.equals(REVIEW_EXPERTS.name()) ? LlmExpertConfig.masked(text) : text;
    }

    static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected a value, got an empty one");
        }
        return text.trim();
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
