package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code lighthouse} command as users run it: the fat jar, on the JDK running the tests. */
final class LighthouseCli {
    private LighthouseCli() {}

    static Path jar() {
        Path jar = Path.of(System.getProperty("lighthouse.e2e.jar", "../lighthouse-cli/target/lighthouse.jar"))
                .toAbsolutePath()
                .normalize();
        assertThat(jar)
                .as("the lighthouse fat jar (built by lighthouse-cli's package phase)")
                .isRegularFile();
        return jar;
    }

    /**
     * {@code java … -jar lighthouse.jar args}. {@code user.home} is set to {@code home} because Java reads it from
     * the password database, not from {@code $HOME}.
     */
    static List<String> command(Path home, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Duser.home=" + home,
                "-jar",
                jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code lighthouse hook install --agent AGENT --scope SCOPE --url URL [more]} run in the project, as a user would. */
    static Processes.Outcome installHook(
            Workspace ws, String agent, String scope, String bridgeUrl, List<String> more) {
        List<String> args =
                new ArrayList<>(List.of("hook", "install", "--agent", agent, "--scope", scope, "--url", bridgeUrl));
        args.addAll(more);
        Processes.Outcome out = Processes.run(
                command(ws.home(), args.toArray(String[]::new)), ws.project(), ws.baseEnv(), Duration.ofSeconds(60));
        assertThat(out.exit()).as(out.describe()).isZero();
        return out;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> env(Workspace ws) {
        return ws.baseEnv();
    }
}
