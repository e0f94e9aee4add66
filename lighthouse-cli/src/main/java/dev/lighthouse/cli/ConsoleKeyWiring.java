package dev.lighthouse.cli;

import dev.lighthouse.bridge.auth.KeyFile;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code console.key}: the key console sessions and review links are signed with, one for every replica. */
final class ConsoleKeyWiring {
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{64}");

    private ConsoleKeyWiring() {}

    /**
     * The key {@code console.key} names: a key file (made, 0600, when missing) or an environment variable.
     *
     * @throws UserException naming the setting, where it looked and what it expected
     */
    static byte[] key(Settings settings, Map<String, String> env) {
        String source = settings.get(ConfigKeys.CONSOLE_KEY);
        String where = source.substring(source.indexOf(':') + 1);
        if (source.startsWith("env:")) {
            String value = env.getOrDefault(where, "").strip();
            if (!HEX_KEY.matcher(value).matches()) {
                throw new UserException(
                        "console.key=%s: expected 64 hex digits in %s (`openssl rand -hex 32`), found %s"
                                .formatted(
                                        source,
                                        where,
                                        value.isEmpty() ? "nothing" : value.length() + " characters of another kind"));
            }
            return HexFormat.of().parseHex(value.toLowerCase(java.util.Locale.ROOT));
        }
        Path file = settings.dataDir().resolve(ConfigKeys.path(where));
        try {
            return KeyFile.loadOrCreate(file);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new UserException("console.key=%s: %s".formatted(source, e.getMessage()));
        }
    }
}
