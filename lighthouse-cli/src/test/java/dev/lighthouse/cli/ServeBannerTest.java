package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve}'s banner tells a user who has only the launcher in a fresh clone. */
class ServeBannerTest {
    @TempDir
    Path dir;

    @Test
    void pathHint_linksTheLauncherIntoTheUsersBinOnPath_untilItIsThere() throws IOException {
        Path launcher = Files.createDirectories(dir.resolve("clone")).resolve("lighthouse");
        Files.writeString(launcher, "#!/bin/sh\n");
        launcher.toFile().setExecutable(true);
        Path home = dir.resolve("home");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path toolBin = Files.createDirectories(home.resolve(".cargo/bin"));
        Map<String, String> env = Map.of("HOME", home.toString(), "PATH", toolBin + ":/usr/bin:" + bin + ":/bin");

        assertThat(ServeCommand.pathHint(launcher.toString(), env))
                .hasValue("ln -sf '%s' %s/lighthouse".formatted(launcher, bin));

        Files.createSymbolicLink(bin.resolve("lighthouse"), launcher);
        assertThat(ServeCommand.pathHint(launcher.toString(), env)).isEmpty();
    }

    @Test
    void pathHint_withoutAPathDirectoryUnderHome_createsLocalBin() {
        Map<String, String> env = Map.of("HOME", dir.toString(), "PATH", "/usr/bin:/bin");

        assertThat(ServeCommand.pathHint("/opt/lh/lighthouse", env))
                .hasValue("mkdir -p ~/.local/bin && ln -sf '/opt/lh/lighthouse' ~/.local/bin/lighthouse"
                        + " && export PATH=\"$HOME/.local/bin:$PATH\"");
        assertThat(ServeCommand.pathHint("lighthouse", env))
                .as("already run from PATH")
                .isEmpty();
    }
}
