package dev.lighthouse.cli;

import dev.lighthouse.fuse.Mount;
import dev.lighthouse.fuse.MountException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
            "  ls ~/lighthouse/decisions/$(date -u +%F)",
            "  tail -f ~/lighthouse/streams/decisions",
            "  echo approve > ~/lighthouse/reviews/pending/rv_3f2a9c1b04d7e611/verdict",
            "",
            "The view reads as the identity of --token (or $LIGHTHOUSE_TOKEN, else the owner token in the data dir,"
                    + " else the tokenless loopback user); a verdict written there is that identity's vote."
        })
final class MountCommand implements Callable<Integer> {
    /** Where the bridge keeps the owner's credential, in the data dir (see docs/bridge.md). */
    static final String OWNER_TOKEN_FILE = "owner.token";

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
        Optional<String> token =
                Optional.ofNullable(bridge.token).filter(t -> !t.isBlank()).or(() -> ownerToken(settings.dataDir()));
        Mount mount;
        try {
            mount = Mount.start(new Mount.Options(client.base(), token, dir));
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

    private static Optional<String> ownerToken(Path dataDir) {
        Path file = dataDir.resolve(OWNER_TOKEN_FILE);
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    .filter(t -> !t.isEmpty());
        } catch (IOException e) {
            throw new UserException("cannot read %s: %s".formatted(file, e.getMessage()));
        }
    }
}
