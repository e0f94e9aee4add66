package dev.lighthouse.fuse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command as a person would in a shell (bash: dash says "I/O error" for every failed write), in a directory. */
final class Shell {
    /** A finished command. */
    record Run(int exit, String out, String err) {}

    private Shell() {}

    static Run sh(Path cwd, String script) {
        return run(cwd, List.of("bash", "-c", script));
    }

    static Run run(Path cwd, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(cwd.toFile()).start();
            p.getOutputStream().close();
            byte[][] errBytes = new byte[1][];
            Thread err = Thread.ofVirtual().start(() -> {
                try {
                    errBytes[0] = p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    errBytes[0] = e.toString().getBytes(StandardCharsets.UTF_8);
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            err.join();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 60 s");
            }
            return new Run(
                    p.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    new String(errBytes[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
