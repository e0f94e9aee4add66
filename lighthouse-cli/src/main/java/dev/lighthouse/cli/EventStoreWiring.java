package dev.lighthouse.cli;

import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Opens the configured event store: {@code store.url}, {@code store.key}, {@code store.checkpoint-file}. */
final class EventStoreWiring {
    private EventStoreWiring() {}

    static EventStore open(Settings settings) {
        return open(settings, System.getenv());
    }

    static EventStore open(Settings settings, Map<String, String> env) {
        Keyring keys = keyring(settings, env);
        Path dataDir = settings.dataDir();
        StoreOptions options = StoreOptions.of(keys, dataDir.resolve(settings.get(ConfigKeys.STORE_CHECKPOINT_FILE)));
        try {
            return EventStores.open(settings.get(ConfigKeys.STORE_URL), dataDir, options);
        } catch (EventStoreException | IllegalArgumentException e) {
            throw new UserException("store.url=%s: %s"
                    .formatted(ConfigKeys.withoutPassword(settings.get(ConfigKeys.STORE_URL)), e.getMessage()));
        }
    }

    static Keyring keyring(Settings settings, Map<String, String> env) {
        String source = settings.get(ConfigKeys.STORE_KEY);
        try {
            if (source.startsWith("env:")) {
                String variable = source.substring("env:".length());
                String secret = env.get(variable);
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("environment variable " + variable + " is not set");
                }
                return Keyring.ofSecret(secret);
            }
            return Keyring.loadOrCreate(keyFile(settings), Clock.systemUTC());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException("store.key=%s: %s".formatted(source, e.getMessage()));
        }
    }

    /** The key file {@code store.key} names; a {@link UserException} if it names an environment variable. */
    static Path keyFile(Settings settings) {
        String source = settings.get(ConfigKeys.STORE_KEY);
        if (!source.startsWith("file:")) {
            throw new UserException("store.key=%s: keys from the environment are rotated where they are set, not here"
                    .formatted(source));
        }
        return settings.dataDir().resolve(ConfigKeys.path(source.substring("file:".length())));
    }
}
