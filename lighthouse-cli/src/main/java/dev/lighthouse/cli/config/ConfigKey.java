package dev.lighthouse.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.function.Function;

/**
 * One setting of {@code lighthouse.yaml}: its dotted name, what it means, its default and how a text value becomes a
 * typed one.
 *
 * <p>Every key can also be given as an environment variable ({@link #envVar()}) and on the command line with
 * {@code --set name=value}. The parser throws {@link IllegalArgumentException} whose message says what was expected;
 * {@link Settings} turns it into an error naming the key and where the bad value came from.
 */
public record ConfigKey<T>(String name, String description, String defaultValue, Function<String, T> parser) {

    public ConfigKey {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(defaultValue, "defaultValue");
        requireNonNull(parser, "parser");
        if (!name.matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*")) {
            throw new IllegalArgumentException("config key names are dotted lower-case words, not " + name);
        }
    }

    /** {@code log.format} is {@code LIGHTHOUSE_LOG_FORMAT}; {@code data-dir} is {@code LIGHTHOUSE_DATA_DIR}. */
    public String envVar() {
        return "LIGHTHOUSE_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
