package dev.lighthouse.cli.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** All keys, in the order the documentation lists them. */
    public static final List<ConfigKey<?>> ALL =
            List.of(DATA_DIR, LOG_FORMAT, LOG_LEVEL, STORE_URL, STORE_KEY, STORE_CHECKPOINT_FILE);

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
