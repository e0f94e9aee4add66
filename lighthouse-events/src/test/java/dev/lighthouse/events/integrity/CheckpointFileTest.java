package dev.lighthouse.events.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.events.Hash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {
    @TempDir
    Path dir;

    @Test
    void checkpoints_roundTrip_andTheirMacsVerify() {
        Signer signer = new Signer(Keyring.loadOrCreate(dir.resolve("k"), Clock.systemUTC()));
        Path path = dir.resolve("events.checkpoints");
        Checkpoint c = signer.checkpoint(42, Hash.ZERO, Instant.parse("2026-11-23T09:00:00.123456789Z"), Hash.ZERO);
        try (CheckpointFile file = CheckpointFile.open(path)) {
            file.append(c);
        }

        assertThat(CheckpointFile.read(path)).containsExactly(c);
        assertThat(signer.valid(CheckpointFile.read(path).getFirst())).isTrue();
    }

    @Test
    void aLineTornByACrash_isIgnored_andCutWhenTheFileIsReopened() throws Exception {
        Signer signer = new Signer(Keyring.loadOrCreate(dir.resolve("k"), Clock.systemUTC()));
        Path path = dir.resolve("events.checkpoints");
        Checkpoint first = signer.checkpoint(1, Hash.ZERO, Instant.now(), Hash.ZERO);
        Checkpoint second = signer.checkpoint(2, Hash.ZERO, Instant.now(), Hash.ZERO);
        try (CheckpointFile file = CheckpointFile.open(path)) {
            file.append(first);
        }
        Files.writeString(path, "{\"seq\":2,\"ha", StandardOpenOption.APPEND);

        assertThat(CheckpointFile.read(path)).containsExactly(first);
        try (CheckpointFile file = CheckpointFile.open(path)) {
            file.append(second);
        }
        assertThat(CheckpointFile.read(path)).containsExactly(first, second);
    }

    @Test
    void anEditedLine_isAnErrorNamingTheLine() throws Exception {
        Path path = dir.resolve("events.checkpoints");
        Files.writeString(path, "{\"seq\":\"x\"}\n");

        assertThatThrownBy(() -> CheckpointFile.read(path)).hasMessageContaining("events.checkpoints:1:");
    }

    @Test
    void aMissingFile_hasNoCheckpoints() {
        assertThat(CheckpointFile.read(dir.resolve("none"))).isEmpty();
    }
}
