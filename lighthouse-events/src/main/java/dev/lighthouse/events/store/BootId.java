package dev.lighthouse.events.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Names the machine's current boot, so that a file written without syncs can tell whether the machine has restarted
 * since: a process that dies leaves every write it made with the operating system, which still writes it to disk; a
 * machine that stops may lose any of them. Linux says so in {@code /proc/sys/kernel/random/boot_id} (the host's,
 * also inside a container); elsewhere the start of process 1 stands for it.
 */
final class BootId {
    private static final Path LINUX = Path.of("/proc/sys/kernel/random/boot_id");

    private BootId() {}

    /** This boot's id, or empty if the system does not tell. */
    static Optional<String> current() {
        try {
            String id = Files.readString(LINUX).strip();
            if (!id.isEmpty()) {
                return Optional.of(id);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux: ask for process 1 below
        }
        return ProcessHandle.of(1)
                .flatMap(init -> init.info().startInstant())
                .map(Instant::toString)
                .map(start -> "init-started-" + start);
    }
}
