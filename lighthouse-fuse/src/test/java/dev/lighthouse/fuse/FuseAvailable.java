package dev.lighthouse.fuse;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** Whether these tests can mount: skip with one line where FUSE is missing, fail under CI (env CI set). */
final class FuseAvailable {
    private FuseAvailable() {}

    static void required() {
        Mount.unavailable().ifPresent(why -> {
            if (System.getenv("CI") != null) {
                fail("CI is set and FUSE is missing: " + why);
            }
            System.err.println("lighthouse-fuse: skipping mount tests: " + why);
            Assumptions.abort(why);
        });
    }
}
