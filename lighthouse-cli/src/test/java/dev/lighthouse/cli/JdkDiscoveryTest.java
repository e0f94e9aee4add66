package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .mvn/jdk.sh is what lets ./mvnw and ./lighthouse run where the default java is older: run it for real. */
class JdkDiscoveryTest {
    private static final Path SCRIPT =
            Path.of("..", ".mvn", "jdk.sh").toAbsolutePath().normalize();

    @TempDir
    Path home;

    private record Result(int exit, String out, String err) {}

    private Result sh(String script) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", ". \"" + SCRIPT + "\"; " + script);
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("SDKMAN_DIR");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out.strip(), err.strip());
    }

    @Test
    void findsAJdkByItsReleaseFile_evenWhenJavaHomeIsOlder() throws Exception {
        Path fake = Files.createDirectories(home.resolve(".jdks/fake-jdk-31/bin"));
        Files.writeString(fake.getParent().resolve("release"), "JAVA_VERSION=\"31.0.1\"\n");
        Path java = Files.writeString(fake.resolve("java"), "#!/bin/sh\n");
        java.toFile().setExecutable(true);

        Result found = sh("JAVA_HOME=/nonexistent lighthouse_find_jdk 31");

        assertThat(found.exit()).isZero();
        assertThat(found.out()).isEqualTo(fake.getParent().toString());
    }

    @Test
    void noSuitableJdk_failsWithOneSentenceSayingWhatToInstall() throws Exception {
        Result missing = sh("lighthouse_find_jdk() { return 1; }; lighthouse_use_jdk25");

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().lines()).hasSize(1);
        assertThat(missing.err()).startsWith("Lighthouse needs a JDK 25 and found none: install one");
    }
}
