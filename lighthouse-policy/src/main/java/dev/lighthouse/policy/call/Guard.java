package dev.lighthouse.policy.call;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * What Lighthouse knows about itself when it judges a call: where it keeps its data (store, keys, tokens) and where
 * the bridge listens. The default policy's self-protection rules keep agents away from both; the facts name them as
 * the path class {@code lighthouse_data} and the signal {@code bridge_request}.
 *
 * <p>The bridge fills this from its own configuration; the CLI's offline commands ({@code analyse}, {@code check},
 * {@code policy test}) use {@link #standard(Path)}, the embedded defaults.
 *
 * @param dataDirs absolute data directories (the bridge's own, and the default one under home)
 * @param listen the bridge's listen addresses
 */
public record Guard(List<Path> dataDirs, List<Address> listen) {
    /** The default port of {@code lighthouse serve}. */
    public static final int DEFAULT_PORT = 8765;

    public Guard {
        dataDirs = dataDirs.stream()
                .map(d -> {
                    if (!d.isAbsolute()) {
                        throw new IllegalArgumentException("data dir must be an absolute path, got " + d);
                    }
                    return d.normalize();
                })
                .distinct()
                .toList();
        listen = List.copyOf(listen);
    }

    /**
     * A listen address.
     *
     * @param host as configured ({@code 127.0.0.1}, {@code 0.0.0.0}, {@code ::1}, a name)
     * @param port the TCP port
     */
    public record Address(String host, int port) {
        public Address {
            requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
            }
        }
    }

    /** The embedded defaults for a user whose home is {@code home}: {@code ~/.lighthouse} and 127.0.0.1:8765. */
    public static Guard standard(Path home) {
        return new Guard(List.of(home.resolve(".lighthouse")), List.of(new Address("127.0.0.1", DEFAULT_PORT)));
    }

    /** This guard plus the defaults for {@code home}, so a second bridge with defaults stays protected too. */
    public Guard withStandard(Path home) {
        Guard standard = standard(home);
        List<Path> dirs = new java.util.ArrayList<>(dataDirs);
        dirs.addAll(standard.dataDirs());
        List<Address> addresses = new java.util.ArrayList<>(listen);
        standard.listen().stream().filter(a -> !addresses.contains(a)).forEach(addresses::add);
        return new Guard(dirs, addresses);
    }
}
