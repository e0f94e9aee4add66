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

    /** All keys, in the order the documentation lists them. */
    public static final List<ConfigKey<?>> ALL = List.of(DATA_DIR, LOG_FORMAT, LOG_LEVEL);

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
