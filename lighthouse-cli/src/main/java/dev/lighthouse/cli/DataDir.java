package dev.lighthouse.cli;

import dev.lighthouse.bridge.auth.SecretFiles;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data dir's protection at {@code serve}: the directory private to its owner (0700), every store, key and token
 * file in it 0600, and a key file that others could read refused before it is trusted.
 */
final class DataDir {
    private DataDir() {}

    private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);
    /** Recorded when the bridge starts with {@code policy.self-protection: off}. */
    static final EventType SELF_PROTECTION_OFF = new EventType("policy.self_protection_off");

    /** The payload of {@link #SELF_PROTECTION_OFF}: which setting did it, and from where. */
    record SelfProtectionOff(String setting, String source) implements EventPayload {
        @Override
        public EventType eventType() {
            return SELF_PROTECTION_OFF;
        }
    }

    /**
     * Makes the data dir private and refuses a signing key that others may read.
     *
     * @throws UserException naming the key file and the {@code chmod} that fixes it
     */
    static void secure(Path dataDir, Settings settings) {
        try {
            SecretFiles.makePrivateDirectory(dataDir);
        } catch (UncheckedIOException e) {
            throw new UserException(e.getMessage());
        }
        if (settings.get(ConfigKeys.STORE_KEY).startsWith("file:")) {
            Path keys = EventStoreWiring.keyFile(settings);
            if (Files.exists(keys)) {
                try {
                    SecretFiles.requirePrivate(keys);
                } catch (IllegalStateException e) {
                    throw new UserException(e.getMessage());
                }
            }
        }
    }

    /** Sets every regular file directly in the data dir (store, WAL, checkpoints, keys, tokens) to 0600. */
    static void tighten(Path dataDir) {
        try (Stream<Path> files = Files.list(dataDir)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            regular.forEach(SecretFiles::makePrivate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the data dir " + dataDir, e);
        }
    }

    /** Records, and warns, that the self-protection layer is switched off. */
    static void recordSelfProtectionOff(EventStore events, Settings settings) {
        Settings.Value value = settings.describe().get(ConfigKeys.POLICY_SELF_PROTECTION.name());
        events.append(List.of(NewEvent.of(
                "policy", new SelfProtectionOff(ConfigKeys.POLICY_SELF_PROTECTION.name() + "=off", value.source()))));
        LOG.warn(
                "policy.self-protection is off ({}): agents on this machine can read Lighthouse's data dir, approve"
                        + " their own reviews and switch their hooks off",
                value.source());
    }
}
