package dev.lighthouse.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bridge's review key ({@code review.key} in the data dir, mode 0600): signs the verdicts of LLM experts and of
 * the tokenless loopback user, so they can be checked after a restart. Generated on first use.
 */
final class ReviewKey {
    private ReviewKey() {}

    static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException e) {
                    return read(file);
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                }
                Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
                return key;
            }
            return read(file);
        } catch (IOException e) {
            throw new UserException("cannot read or create the review key %s: %s".formatted(file, e.getMessage()));
        }
    }

    private static byte[] read(Path file) throws IOException {
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
            if (key.length >= 32) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UserException(
                "%s is not a review key (base64 of at least 32 bytes); delete it to make a new one".formatted(file));
    }
}
