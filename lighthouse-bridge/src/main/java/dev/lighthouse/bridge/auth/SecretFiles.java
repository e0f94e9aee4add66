package dev.lighthouse.bridge.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Checks that the files holding Lighthouse's secrets (tokens, keys, the event store) are private to their owner,
 * before they are trusted. On a file system without POSIX permissions nothing is checked.
 */
public final class SecretFiles {
    private SecretFiles() {}

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    /**
     * Refuses a file that its group or other users may read or write.
     *
     * @throws IllegalStateException naming the file, its mode and the {@code chmod} that fixes it
     */
    public static void requirePrivate(Path file) {
        Set<PosixFilePermission> mode = mode(file);
        if (mode.stream().anyMatch(OTHERS::contains)) {
            throw new IllegalStateException(
                    "%s is readable or writable by other users (mode %s); it holds a secret. Run `chmod 600 %s`"
                            .formatted(file, java.nio.file.attribute.PosixFilePermissions.toString(mode), file));
        }
    }

    /** Makes a directory private to its owner (0700): the data dir holds the store, keys and tokens. */
    public static void makePrivateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(
                        dir,
                        EnumSet.of(
                                PosixFilePermission.OWNER_READ,
                                PosixFilePermission.OWNER_WRITE,
                                PosixFilePermission.OWNER_EXECUTE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data dir " + dir + " private (mode 0700)", e);
        }
    }

    /** Makes an existing file private to its owner (0600). */
    public static void makePrivate(Path file) {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(
                        file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " private (mode 0600)", e);
        }
    }

    private static Set<PosixFilePermission> mode(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + file, e);
        }
    }
}
