package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.cli.config.Settings;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve} does to its data dir before it trusts it: private modes, a key nobody else can read. */
class DataDirTest {
    @TempDir
    Path root;

    private Settings settings(Path dataDir) {
        return Settings.load(
                new Settings.Flags(Optional.empty(), Map.of("data-dir", dataDir.toString())), Map.of(), root);
    }

    @Test
    void secure_makesTheDirPrivate_andRefusesAKeyOthersCanRead_withTheChmod() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Keyring.loadOrCreate(data.resolve("events.keys"), Clock.systemUTC());

        DataDir.secure(data, settings(data));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");

        Files.setPosixFilePermissions(data.resolve("events.keys"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> DataDir.secure(data, settings(data)))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("chmod 600 " + data.resolve("events.keys"));
    }

    @Test
    void tighten_makesTheStoreAndItsSiblings0600() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Keyring keys = Keyring.loadOrCreate(data.resolve("events.keys"), Clock.systemUTC());
        try (EventStore store = EventStores.sqlite(
                data.resolve("events.db"), StoreOptions.of(keys, data.resolve("events.checkpoints")))) {
            Files.setPosixFilePermissions(data.resolve("events.db"), PosixFilePermissions.fromString("rw-r--r--"));

            DataDir.tighten(data);

            try (var files = Files.list(data)) {
                files.filter(Files::isRegularFile).forEach(f -> {
                    try {
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                                .as(f.toString())
                                .isEqualTo("rw-------");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @Test
    void selfProtectionOff_isRecordedAsAnEvent() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Keyring keys = Keyring.loadOrCreate(data.resolve("events.keys"), Clock.systemUTC());
        Settings off = Settings.load(
                new Settings.Flags(
                        Optional.empty(), Map.of("data-dir", data.toString(), "policy.self-protection", "off")),
                Map.of(),
                root);
        try (EventStore store = EventStores.sqlite(
                data.resolve("events.db"), StoreOptions.of(keys, data.resolve("events.checkpoints")))) {
            DataDir.recordSelfProtectionOff(store, off);

            var events = store.query(EventQuery.all().type(DataDir.SELF_PROTECTION_OFF))
                    .events();
            assertThat(events).hasSize(1);
            assertThat(events.getFirst().payloadJson().path("setting").asString())
                    .isEqualTo("policy.self-protection=off");
            assertThat(events.getFirst().payloadJson().path("source").asString())
                    .isEqualTo("flag");
        }
    }
}
