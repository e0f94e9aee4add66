package dev.lighthouse.cli;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the launcher's AOT cache test runs in place of the command line: says which AOT options its JVM was given and
 * exits as a mount does when it is unmounted (0), or as one that failed (1) when asked to.
 */
final class MountStandIn {
    private MountStandIn() {}

    public static void main(String[] args) {
        String aot = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:AOTCache=") || a.startsWith("-XX:AOTMode="))
                .collect(Collectors.joining(" "));
        System.out.println("mounted; aot: " + aot);
        if (Arrays.asList(args).contains("--fail")) {
            System.exit(1);
        }
    }
}
