package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mounting and unmounting as processes do it: a view whose process was killed (SIGKILL) leaves a dead mount that the
 * next mount detects and clears; {@link Mount#unmount} stops a view's process, which unmounts cleanly; a bridge that
 * goes away turns reads into EIO and the view recovers when it returns.
 */
class MountLifecycleTest {
    @TempDir
    Path tmp;

    LiveBridge bridge;
    Path dir;
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        FuseAvailable.required();
        bridge = new LiveBridge(Files.createDirectories(tmp.resolve("data")));
        dir = Files.createDirectories(tmp.resolve("view"));
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (dir != null && Mount.isMounted(dir)) {
            Mount.unmount(dir);
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void aMountLeftByAKilledProcess_isDetectedAndClearedByTheNextMount() throws Exception {
        Process view = mountInProcess();
        view.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(Mount.isMounted(dir)).isTrue();
        assertThatThrownBy(() -> Files.readAttributes(dir, "basic:isDirectory"))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("not connected");

        try (Mount again = Mount.start(new Mount.Options(bridge.url(), Optional.of(bridge.admin), dir))) {
            assertThat(Shell.sh(dir, "ls").out().lines()).contains("decisions");
        }
        assertThat(Mount.isMounted(dir)).isFalse();
    }

    @Test
    void unmount_stopsTheViewsProcess_whichUnmountsCleanly() throws Exception {
        Process view = mountInProcess();

        String done = Mount.unmount(dir);

        assertThat(done).contains("stopped the view's process " + view.pid());
        assertThat(view.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Mount.isMounted(dir)).isFalse();
        assertThatThrownBy(() -> Mount.unmount(dir)).hasMessageContaining("nothing is mounted");
    }

    @Test
    void mountingOverALiveView_isRefused() throws Exception {
        mountInProcess();
        assertThatThrownBy(() -> Mount.start(new Mount.Options(bridge.url(), Optional.empty(), dir)))
                .isInstanceOf(MountException.class)
                .hasMessageContaining("lighthouse umount");
    }

    @Test
    void aBridgeThatGoesAway_turnsReadsIntoEIO_andTheViewRecoversWhenItReturns() {
        try (Mount mount = Mount.start(new Mount.Options(bridge.url(), Optional.of(bridge.admin), dir))) {
            assertThat(Shell.sh(dir, "cat debug/health.json").exit()).isZero();

            bridge.stop();
            Shell.Run away = Shell.sh(dir, "cat debug/sla.json");
            assertThat(away.exit()).isNotZero();
            assertThat(away.err()).contains("Input/output error");

            bridge.restart();
            Shell.Run back = Shell.sh(dir, "cat debug/sla.json");
            assertThat(back.exit()).as(back.err()).isZero();
            assertThat(back.out()).contains("thresholds");
        }
    }

    private Process mountInProcess() throws IOException {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MountMain.class.getName(),
                        bridge.url().toString(),
                        dir.toString(),
                        bridge.admin)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("mounted");
        return p;
    }
}
