package dev.lighthouse.bridge.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A secret key in a file of its own, private to its owner (0600): read if it exists (and is private), else made of 32
 * random bytes. There is never a built-in key. The file holds the key as 64 hex digits and a newline.
 */
public final class KeyFile {
    private static final int BYTES = 32;

    private KeyFile() {}

    /**
     * The key in {@code file}, made first if there is none.
     *
     * @throws IllegalStateException the file is readable by others, or does not hold 64 hex digits
     */
    public static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            SecretFiles.requirePrivate(file);
            String text = Files.readString(file).strip();
            if (!text.matches("[0-9a-f]{64}")) {
                throw new IllegalStateException(
                        "%s does not hold a key (64 lower-case hex digits); delete it to have a new one made"
                                .formatted(file));
            }
            return HexFormat.of().parseHex(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        try {
            if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            // another process made it first: read theirs
        }
    }
}
