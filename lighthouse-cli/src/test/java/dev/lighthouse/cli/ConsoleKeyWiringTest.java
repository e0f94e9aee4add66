package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.cli.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code console.key}: a key file of the data dir by default, or one every replica reads from its environment. */
class ConsoleKeyWiringTest {
    private static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    Settings load(String yaml, Map<String, String> env) throws IOException {
        Path file = Files.writeString(dir.resolve("lighthouse.yaml"), "data-dir: " + dir + "\n" + yaml);
        return Settings.load(new Settings.Flags(Optional.of(file), Map.of()), env, dir);
    }

    @Test
    void byDefault_theDataDirsKeyFile_madePrivateOnFirstStart_andTheSameAfter() throws IOException {
        byte[] first = ConsoleKeyWiring.key(load("", Map.of()), Map.of());
        Path file = dir.resolve("console.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(ConsoleKeyWiring.key(load("", Map.of()), Map.of()))
                .isEqualTo(first)
                .hasSize(32);
    }

    @Test
    void fromTheEnvironment_everyReplicaReadsTheSameKey() throws IOException {
        Map<String, String> env = Map.of("LIGHTHOUSE_CONSOLE_KEY", "env:CONSOLE_KEY", "CONSOLE_KEY", KEY + "\n");
        assertThat(ConsoleKeyWiring.key(load("", env), env))
                .isEqualTo(HexFormat.of().parseHex(KEY));
        assertThat(dir.resolve("console.key")).doesNotExist();
    }

    @Test
    void aSharedKeyFileElsewhere_isRead_butRefusedWhenOthersMayReadIt() throws IOException {
        Path shared = Files.createDirectories(dir.resolve("secrets")).resolve("console.key");
        Files.writeString(shared, KEY + "\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-------"));
        Settings settings = load("console:\n  key: file:" + shared + "\n", Map.of());
        assertThat(ConsoleKeyWiring.key(settings, Map.of()))
                .isEqualTo(HexFormat.of().parseHex(KEY));

        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ConsoleKeyWiring.key(settings, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("console.key=file:")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void anEnvironmentVariableMissingOrShort_stopsTheStart_sayingWhatItExpected() throws IOException {
        Settings settings = load("console:\n  key: env:CONSOLE_KEY\n", Map.of());
        assertThatThrownBy(() -> ConsoleKeyWiring.key(settings, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("console.key=env:CONSOLE_KEY")
                .hasMessageContaining("64 hex digits")
                .hasMessageContaining("found nothing");
        assertThatThrownBy(() -> ConsoleKeyWiring.key(settings, Map.of("CONSOLE_KEY", "secret")))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("6 characters");
    }
}
