package dev.lighthouse.bridge.auth;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The owner's credential: a token in the data dir's {@code owner.token} (mode 0600), made by the first {@code serve}.
 *
 * <p>An agent runs as the same user on the same machine as the bridge, so "calls from loopback" cannot tell the person
 * from the agent; holding this file's content can, because the default policy never lets an agent read it. The CLI
 * reads it from the data dir, so a person at the machine never types it.
 *
 * <p>Thread-safe; the token is read once, when the bridge starts.
 */
public final class OwnerToken {
    /** The file name in the data dir. */
    public static final String FILE_NAME = "owner.token";

    private static final String PREFIX = "lh_owner_";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final byte[] token;

    private OwnerToken(Path file, String token) {
        this.file = file;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The owner token of {@code dataDir}, made (0600) when there is none yet.
     *
     * @throws IllegalStateException the file is empty, or others may read or write it (says the {@code chmod} to run)
     */
    public static OwnerToken ensure(Path dataDir) {
        Path file = requireNonNull(dataDir, "dataDir").resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    Files.writeString(file, token + "\n");
                    return new OwnerToken(file, token);
                } catch (FileAlreadyExistsException e) {
                    // another process made it first: read theirs below
                }
            }
            return read(file)
                    .orElseThrow(() -> new IllegalStateException(
                            "%s is empty; delete it and start the bridge again to make a new owner token"
                                    .formatted(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the owner token " + file, e);
        }
    }

    /**
     * The owner token of {@code dataDir}, if the file exists (for the CLI).
     *
     * @throws IllegalStateException as {@link #ensure}
     */
    public static Optional<OwnerToken> find(Path dataDir) {
        try {
            return read(dataDir.resolve(FILE_NAME));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<OwnerToken> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        SecretFiles.requirePrivate(file);
        String text = Files.readString(file).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(new OwnerToken(file, text));
    }

    /** Whether {@code presented} is this token (compared in constant time). */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The token, for the CLI's {@code Authorization} header. */
    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    public Path file() {
        return file;
    }
}
