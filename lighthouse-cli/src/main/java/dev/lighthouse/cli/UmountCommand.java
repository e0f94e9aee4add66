package dev.lighthouse.cli;

import dev.lighthouse.fuse.Mount;
import dev.lighthouse.fuse.MountException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lighthouse umount DIR}: stops the view mounted there (or clears one its killed process left behind). */
@Command(
        name = "umount",
        mixinStandardHelpOptions = true,
        description = {
            "Unmount a filesystem view of the bridge (see `lighthouse mount`).",
            "",
            "Example: lighthouse umount ~/lighthouse"
        })
final class UmountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Where the view is mounted.")
    Path dir;

    @Override
    public Integer call() {
        try {
            Lighthouse.out(spec).println(Mount.unmount(dir));
        } catch (MountException e) {
            throw new UserException(e.getMessage());
        }
        return 0;
    }
}
