package dev.lighthouse.bridge.cluster;

import dev.lighthouse.policy.rules.ProgramsParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** How a replica names itself among the others, and what it says of the program knowledge it judges with. */
public final class ReplicaIdentity {
    /** The built-in capability registry and interpreter lexers: what makes the same policy judge alike. */
    private static final List<String> REGISTRY = Stream.concat(
                    ProgramsParser.RESOURCES.stream(), Stream.of("/dev/lighthouse/policy/interpreters.yaml"))
            .toList();

    private static final AtomicInteger UNNAMED = new AtomicInteger();

    private ReplicaIdentity() {}

    /**
     * {@code node:port} for a bridge on a configured port (unique on a machine); with port 0 (tests, a bridge whose
     * port the system picks) {@code node:pid-n}.
     */
    public static String name(String node, int port) {
        return port != 0
                ? node + ":" + port
                : node + ":" + ProcessHandle.current().pid() + "-" + UNNAMED.incrementAndGet();
    }

    /** {@code r} and 12 hex digits of a SHA-256 over the built-in registry's files. */
    public static String registry() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String resource : REGISTRY) {
                try (InputStream in = dev.lighthouse.policy.Policies.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("the built-in registry file " + resource + " is missing");
                    }
                    sha.update(in.readAllBytes());
                }
            }
            return "r" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
