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
 * A plugin of Lighthouse's own for an agent that loads every {@code plugins/*.js} of its config directories: OpenCode
 * ({@code .opencode/}, {@code ~/.config/opencode/}) and Cline ({@code .cline/}, {@code ~/.cline/}). Installing is
 * writing one file, and uninstalling is removing it. A file of that name that Lighthouse did not write is left alone.
 *
 * @param agent the agent's name in messages, e.g. {@code OpenCode}
 * @param template the plugin's resource next to this class
 * @param mark the endpoint every version of the plugin calls; a file without it is someone else's
 */
record PluginFile(String agent, String template, String mark) {
    static final String FILE = "lighthouse.js";

    static final PluginFile OPENCODE = new PluginFile("OpenCode", "lighthouse-opencode.js", "/v1/hooks/opencode");
    static final PluginFile CLINE = new PluginFile("Cline", "lighthouse-cline.js", "/v1/hooks/cline");

    Result install(Path file, String bridgeUrl, Path tokenFile) {
        String text =
                text().replace("@URL@", jsString(bridgeUrl)).replace("@TOKEN_FILE@", jsString(tokenFile.toString()));
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
            throw new UncheckedIOException(file + ": cannot write the %s plugin".formatted(agent), e);
        }
    }

    Result uninstall(Path file) {
        try {
            requireOurs(file, Files.readString(file));
            Files.delete(file);
            return new Result(file, true, Optional.empty(), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot remove the %s plugin".formatted(agent), e);
        }
    }

    private void requireOurs(Path file, String text) {
        if (!text.contains(mark)) {
            throw new IllegalArgumentException(
                    "%s exists and is not Lighthouse's %s plugin (it never calls %s); move it, then try again"
                            .formatted(file, agent, mark));
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

    private String text() {
        try (InputStream in = PluginFile.class.getResourceAsStream(template)) {
            if (in == null) {
                throw new IllegalStateException(template + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
