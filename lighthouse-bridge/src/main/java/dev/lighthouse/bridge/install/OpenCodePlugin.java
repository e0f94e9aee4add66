package dev.lighthouse.bridge.install;

import dev.lighthouse.bridge.install.HookInstaller.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The OpenCode plugin ({@code lighthouse-opencode.js}): OpenCode loads every {@code plugins/*.js} of its project
 * ({@code .opencode/}) and user ({@code ~/.config/opencode/}) config directories, so installing is writing one file of
 * Lighthouse's own, and uninstalling is removing it. A file of that name that Lighthouse did not write is left alone.
 */
final class OpenCodePlugin {
    static final String FILE = "lighthouse.js";
    private static final String TEMPLATE = "lighthouse-opencode.js";
    /** Every version of the plugin calls this endpoint; a file without it is someone else's. */
    private static final String MARK = "/v1/hooks/opencode";

    private OpenCodePlugin() {}

    static Result install(Path file, String bridgeUrl, Path tokenFile) {
        String text = template()
                .replace("@URL@", jsString(bridgeUrl))
                .replace("@TOKEN_FILE@", jsString(tokenFile.toString()));
        try {
            Optional<Path> backup = Optional.empty();
            if (Files.exists(file)) {
                String existing = Files.readString(file);
                if (existing.equals(text)) {
                    return new Result(file, false, Optional.empty(), Optional.empty());
                }
                requireOurs(file, existing);
                backup = Optional.of(backup(file));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".lighthouse-tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(file, true, backup, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the OpenCode plugin", e);
        }
    }

    static Result uninstall(Path file) {
        try {
            requireOurs(file, Files.readString(file));
            Files.delete(file);
            return new Result(file, true, Optional.empty(), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot remove the OpenCode plugin", e);
        }
    }

    private static void requireOurs(Path file, String text) {
        if (!text.contains(MARK)) {
            throw new IllegalArgumentException(
                    "%s exists and is not Lighthouse's OpenCode plugin (it never calls %s); move it, then try again"
                            .formatted(file, MARK));
        }
    }

    private static Path backup(Path file) throws IOException {
        Path copy = file.resolveSibling(file.getFileName() + ".lighthouse-backup");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        return copy;
    }

    /** The text between a JavaScript string's double quotes. */
    private static String jsString(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String template() {
        try (InputStream in = OpenCodePlugin.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
