package dev.lighthouse.fuse;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A view in a process of its own, as {@code lighthouse mount} runs it: args URL DIR [TOKEN]; prints "mounted". */
final class MountMain {
    private MountMain() {}

    public static void main(String[] args) throws InterruptedException {
        Mount mount = Mount.start(new Mount.Options(
                URI.create(args[0]), args.length > 2 ? Optional.of(args[2]) : Optional.empty(), Path.of(args[1])));
        Runtime.getRuntime().addShutdownHook(new Thread(mount::close));
        System.out.println("mounted");
        System.out.flush();
        mount.awaitUnmounted();
    }
}
