package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher starts {@code lighthouse mount} from an AOT cache in the data dir (docs/fuse.md, "The first listing
 * right after mounting"): run for real, in a copy of the launcher whose jar is a {@link MountStandIn}.
 */
class LauncherAotCacheTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration CACHE_MADE_WITHIN = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private Path launcher;
    private Path jar;
    private Path data;

    private record Result(int exit, String out, String err) {}

    @BeforeEach
    void cloneWithAStandInJar() throws IOException {
        Path clone = dir.resolve("clone");
        launcher = clone.resolve("lighthouse");
        Files.createDirectories(clone.resolve(".mvn"));
        Files.copy(ROOT.resolve("lighthouse"), launcher);
        Files.copy(ROOT.resolve(".mvn/jdk.sh"), clone.resolve(".mvn/jdk.sh"));
        jar = Files.createDirectories(clone.resolve("lighthouse-cli/target")).resolve("lighthouse.jar");
        writeJar("first build");
        data = Files.createDirectories(dir.resolve("data"));
    }

    @Test
    void mount_recordsOnce_thenStartsFromTheCache_andANewJarRecordsAgain() throws Exception {
        Result failed = mount("--fail");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(aotFiles())
                .as("a mount that failed ran too little to learn from")
                .isEmpty();
        assertThat(mount("--help")).isEqualTo(new Result(0, "mounted; aot:", ""));
        assertThat(aotFiles()).as("nor does a look at the help").isEmpty();

        Result first = mount();
        assertThat(first).isEqualTo(new Result(0, "mounted; aot: -XX:AOTMode=record", ""));
        Path cache = awaitTheOnlyCache();
        assertThat(Files.getPosixFilePermissions(data.resolve("aot")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(cache)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        assertThat(mount()).isEqualTo(new Result(0, "mounted; aot: -XX:AOTCache=" + cache, ""));

        writeJar("second build, a different size");
        assertThat(mount()).isEqualTo(new Result(0, "mounted; aot: -XX:AOTMode=record", ""));
        Path second = awaitTheOnlyCache();
        assertThat(second).as("the first jar's cache is gone").isNotEqualTo(cache);

        Files.writeString(second, "not a cache");
        assertThat(mount())
                .as("a broken cache: a mount without it, silently")
                .isEqualTo(new Result(0, "mounted; aot: -XX:AOTCache=" + second, ""));
    }

    private Result mount(String... more) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(
                List.of(launcher.toString(), "mount", dir.resolve("view").toString(), "--data-dir", data.toString()));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("LIGHTHOUSE_"));
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out.strip(), err.strip());
    }

    /** The cache the launcher makes in the background once a recording mount has ended. */
    private Path awaitTheOnlyCache() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(CACHE_MADE_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            List<Path> files = aotFiles();
            if (files.size() == 1 && files.getFirst().getFileName().toString().endsWith(".aot")) {
                return files.getFirst();
            }
            Thread.sleep(200); // a JVM making the cache, in a process this test does not own
        }
        throw new AssertionError("no single cache in %s within %s: %s".formatted(data, CACHE_MADE_WITHIN, aotFiles()));
    }

    private List<Path> aotFiles() throws IOException {
        Path aot = data.resolve("aot");
        if (!Files.isDirectory(aot)) {
            return List.of();
        }
        try (var files = Files.list(aot)) {
            return files.sorted().toList();
        }
    }

    private void writeJar(String build) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, MountStandIn.class.getName());
        String entry = MountStandIn.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream standIn = MountStandIn.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            standIn.transferTo(out);
            out.putNextEntry(new JarEntry("build.txt"));
            out.write(build.getBytes(StandardCharsets.UTF_8));
        }
    }
}
