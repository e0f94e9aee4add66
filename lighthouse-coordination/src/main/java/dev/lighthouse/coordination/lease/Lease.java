package dev.lighthouse.coordination.lease;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A lease an agent holds on some paths of a project, until {@code expires} (exclusive: at that instant it has ended).
 *
 * @param id the lease's id, {@code lease-} and 16 hex digits
 * @param agent who holds it: the name of the token the agent's hooks use
 * @param session the agent's session id when it took the lease, or {@code ""}
 * @param project the project root the paths were resolved under (absolute)
 * @param paths absolute, normalised paths; a path covers itself and everything under it; a path may be a glob
 *     ({@code *} within a name, {@code **} across directories, {@code ?} one character)
 * @param acquired when it was taken
 * @param expires when it ends, unless renewed, released or revoked before
 */
public record Lease(
        String id,
        String agent,
        String session,
        String project,
        List<String> paths,
        LeaseMode mode,
        String reason,
        Instant acquired,
        Instant expires)
        implements LeaseOutcome {
    public Lease {
        requireNonNull(id, "id");
        requireNonNull(agent, "agent");
        requireNonNull(session, "session");
        requireNonNull(project, "project");
        paths = List.copyOf(paths);
        requireNonNull(mode, "mode");
        requireNonNull(reason, "reason");
        requireNonNull(acquired, "acquired");
        requireNonNull(expires, "expires");
        if (!expires.isAfter(acquired)) {
            throw new IllegalArgumentException(
                    "lease %s expires at %s, not after it was acquired at %s".formatted(id, expires, acquired));
        }
    }

    /** Whether the lease holds at {@code now}: it has not reached its expiry (it ends exactly at it). */
    public boolean activeAt(Instant now) {
        return now.isBefore(expires);
    }

    Lease expiringAt(Instant value) {
        return new Lease(id, agent, session, project, paths, mode, reason, acquired, value);
    }
}
