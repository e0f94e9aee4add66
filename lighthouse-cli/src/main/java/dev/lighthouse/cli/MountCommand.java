package dev.lighthouse.cli;

import dev.lighthouse.fuse.Mount;
import dev.lighthouse.fuse.MountException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lighthouse mount DIR}: the bridge as a filesystem (docs/fuse.md), in the foreground until Ctrl-C or
 * {@code lighthouse umount DIR}.
 */
@Command(
        name = "mount",
        mixinStandardHelpOptions = true,
        description = {
            "Mount a running bridge as a filesystem: decisions, reviews, live streams, policy, debug.",
            "Runs in the foreground; Ctrl-C or `lighthouse umount DIR` unmounts.",
            "",
            "Examples:",
            "  lighthouse mount ~/lighthouse",
            "  ls ~/lighthouse/decisions/$(date -u +%%F)",
            "  tail -f ~/lighthouse/streams/decisions",
            "  echo approve > ~/lighthouse/reviews/pending/rv_3f2a9c1b04d7e611/verdict",
            "",
            "The view reads as the identity of --token (or $LIGHTHOUSE_TOKEN, else the owner token in the data dir);"
                    + " a verdict written there is that identity's vote."
        })
final class MountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BridgeClient.Options bridge;

    @Parameters(paramLabel = "DIR", description = "An empty directory to mount on.")
    Path dir;

    @Override
    public Integer call() throws InterruptedException {
        var settings = Lighthouse.settings(spec);
        BridgeClient client = bridge.client(settings);
        Mount mount;
        try {
            mount = Mount.start(new Mount.Options(client.base(), client.token(), dir));
        } catch (MountException e) {
            throw new UserException(e.getMessage());
        }
        Thread unmountOnExit = new Thread(mount::close, "lighthouse-unmount");
        Runtime.getRuntime().addShutdownHook(unmountOnExit);
        Lighthouse.out(spec)
                .printf(
                        "Mounted the bridge at %s on %s. Ctrl-C or `lighthouse umount %s` unmounts.%n",
                        client.base(), mount.dir(), mount.dir());
        Lighthouse.out(spec).flush();
        mount.awaitUnmounted();
        return 0;
    }
}
