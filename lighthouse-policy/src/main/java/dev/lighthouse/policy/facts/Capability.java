package dev.lighthouse.policy.facts;

import java.util.Locale;

/**
 * What a program, one of its subcommands or one of its options can do, as the capability registry
 * ({@code programs.yaml}) records it.
 */
public enum Capability {
    /** Runs code given to it: shell escapes, pagers and editors named in options, hooks, {@code -exec}. */
    RUNS_CODE,
    /** Reads the file named by the payload. */
    READS,
    /** Writes the file named by the payload. */
    WRITES,
    /** Sends data over the network; the payload names what is sent. */
    SENDS,
    /**
     * Downloads from the network: what it prints is fetched, and the payload, when there is one, names where the
     * download lands (a file, or a directory everything under which is fetched).
     */
    FETCHES,
    /**
     * Unpacks an archive or a compressed file; the payload names where the unpacked files land. What it unpacks from
     * a download is fetched too.
     */
    UNPACKS,
    /**
     * Opens a raw connection to a host: what it is given goes there, and what the host sends back comes out (nc,
     * socat, telnet, {@code openssl s_client}); piped to or from a shell, that shell is remote-controlled.
     */
    CONNECTS,
    /** Accepts network connections. */
    LISTENS,
    /** Creates, changes or removes accounts, passwords, groups or privileges. */
    ACCOUNTS,
    /** Changes the state of the running system: mounts, clock, kernel settings, network, installed files. */
    SYSTEM,
    /** Destroys data or resources: delete, purge, prune, drop, wipe, ... */
    DESTROYS;

    /** {@code runs_code}, {@code destroys}, ... as the registry spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
