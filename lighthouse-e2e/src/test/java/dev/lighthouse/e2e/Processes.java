package dev.lighthouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as a real process with a bounded time, its output captured in files. */
final class Processes {
    private Processes() {}

    /**
     * What a finished (or killed) process left.
     *
     * @param exit the exit code, or -1 if it was killed at the time limit
     */
    record Outcome(List<String> command, int exit, String stdout, String stderr, boolean timedOut) {
        String describe() {
            return "%s%n exit %d%s%n--- stdout%n%s%n--- stderr%n%s"
                    .formatted(
                            command, exit, timedOut ? " (killed at the time limit)" : "", tail(stdout), tail(stderr));
        }

        private static String tail(String text) {
            return text.length() <= 6000 ? text : "…" + text.substring(text.length() - 6000);
        }
    }

    /** Runs {@code command} in {@code dir} with exactly {@code env} (nothing inherited) and stdin closed. */
    static Outcome run(List<String> command, Path dir, Map<String, String> env, Duration limit) {
        try {
            Path out = Files.createTempFile(dir.getParent(), "out-", ".txt");
            Path err = Files.createTempFile(dir.getParent(), "err-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                kill(p);
            }
            return new Outcome(command, done ? p.exitValue() : -1, Files.readString(out), Files.readString(err), !done);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Kills a process and everything it started, and waits for it. */
    static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
