package dev.lighthouse.events.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
    @TempDir
    Path dir;

    @Test
    void loadOrCreate_firstStart_writesAKeyFileOnlyTheOwnerCanRead() throws Exception {
        Path file = dir.resolve("keys/events.keys");
        Keyring created = Keyring.loadOrCreate(file, Clock.systemUTC());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(created.active().id()).matches("k[0-9a-f]{12}");
        assertThat(Files.readString(file)).contains(created.active().id());
    }

    @Test
    void loadOrCreate_laterStarts_readTheSameKey_neverAFreshOne() {
        Path file = dir.resolve("events.keys");
        Keyring first = Keyring.loadOrCreate(file, Clock.systemUTC());
        Keyring second = Keyring.loadOrCreate(file, Clock.systemUTC());

        assertThat(second.active().id()).isEqualTo(first.active().id());
    }

    @Test
    void rotate_addsAnActiveKey_andKeepsTheOldOnesForVerifying() {
        Path file = dir.resolve("events.keys");
        Keyring before = Keyring.loadOrCreate(file, Clock.systemUTC());
        Keyring after = Keyring.rotate(file, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)));

        assertThat(after.active().id()).isNotEqualTo(before.active().id());
        assertThat(after.key(before.active().id())).isPresent();
        assertThat(Keyring.load(file).active().id()).isEqualTo(after.active().id());
        assertThat(Keyring.load(file).ids()).hasSize(2);
    }

    @Test
    void load_aKeyFileOthersCanRead_isRefusedWithTheFix() throws Exception {
        Path file = dir.resolve("events.keys");
        Keyring.loadOrCreate(file, Clock.systemUTC());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> Keyring.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readable by others")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void ofSecret_sameSecret_sameKeyId_onEveryNode() {
        String secret = Base64.getEncoder().encodeToString(new byte[32]);

        assertThat(Keyring.ofSecret(secret).active().id())
                .isEqualTo(Keyring.ofSecret(secret).active().id());
        assertThatThrownBy(() -> Keyring.ofSecret(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> Keyring.ofSecret("not base64!")).hasMessageContaining("base64");
    }
}
