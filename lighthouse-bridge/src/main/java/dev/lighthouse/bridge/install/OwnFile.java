package dev.lighthouse.bridge.install;

import dev.lighthouse.bridge.install.HookInstaller.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A file of Lighthouse's own that an agent runs because of where it lies: OpenCode's plugin
 * ({@code .opencode/plugins/lighthouse.js}; OpenCode loads every {@code plugins/*.js} of its config directories) and
 * Cline's hook file ({@code .cline/hooks/PreToolUse}; Cline runs the file of that name in its hooks directories).
 * Installing is writing the file, and uninstalling is removing it. A file of that name that Lighthouse did not write is
 * left alone.
 *
 * @param agent the agent's name in messages, e.g. {@code OpenCode}
 * @param what what the file is to the agent, e.g. {@code plugin}
 * @param mark text every version of Lighthouse's file holds; a file without it is someone else's
 */
record OwnFile(String agent, String what, String mark) {
    static final String PLUGIN = "lighthouse.js";
    private static final String OPENCODE_TEMPLATE = "lighthouse-opencode.js";

    static final OwnFile OPENCODE = new OwnFile("OpenCode", "plugin", "/v1/hooks/opencode");
    static final OwnFile CLINE = new OwnFile("Cline", "hook file", "lighthouse-hook.sh' cline");

    /** The OpenCode plugin calling {@code bridgeUrl}, with {@code tokenFile} as its default token. */
    static String openCodePlugin(String bridgeUrl, Path tokenFile) {
        return template().replace("@URL@", jsString(bridgeUrl)).replace("@TOKEN_FILE@", jsString(tokenFile.toString()));
    }

    /** Cline's {@code PreToolUse} hook file: a shell script running the shell client {@code script}. */
    static String clineHook(String quotedScript) {
        return """
                #!/bin/sh
                # Lighthouse's hook for Cline, installed by `lighthouse hook install --agent cline`: the shell client
                # asks the Lighthouse bridge about each tool call and tells Cline to cancel the calls it may not run.
                exec sh %s cline
                """.formatted(quotedScript);
    }

    Result install(Path file, String text) {
        try {
            Optional<Path> backup = Optional.empty();
            if (Files.exists(file)) {
                String existing = Files.readString(file);
                if (existing.equals(text)) {
                    return Result.unchanged(file, Optional.empty());
                }
                requireOurs(file, existing);
                backup = Optional.of(backup(file));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".lighthouse-tmp");
            Files.writeString(tmp, text);
            if (text.startsWith("#!")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Result.changed(file, backup, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the %s %s".formatted(agent, what), e);
        }
    }

    Result uninstall(Path file) {
        try {
            requireOurs(file, Files.readString(file));
            Files.delete(file);
            return Result.changed(file, Optional.empty(), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot remove the %s %s".formatted(agent, what), e);
        }
    }

    private void requireOurs(Path file, String text) {
        if (!text.contains(mark)) {
            throw new IllegalArgumentException(
                    "%s exists and is not Lighthouse's %s %s (it has no %s); move it, then try again"
                            .formatted(file, agent, what, mark));
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
        try (InputStream in = OwnFile.class.getResourceAsStream(OPENCODE_TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(OPENCODE_TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
