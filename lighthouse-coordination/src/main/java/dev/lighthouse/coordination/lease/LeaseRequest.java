package dev.lighthouse.coordination.lease;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What an agent asks for when it takes a lease; {@link Leases#acquire} checks it.
 *
 * @param agent who asks: the name of the token its hooks use
 * @param session its session id, or {@code ""}
 * @param project the project root the paths are relative to (absolute)
 * @param paths files, directories or globs, relative to {@code project} or absolute under it
 * @param ttl how long the lease holds unless renewed, released or revoked
 * @param reason why, in words the other agents are shown when the lease blocks them
 */
public record LeaseRequest(
        String agent, String session, String project, List<String> paths, LeaseMode mode, Duration ttl, String reason) {
    public LeaseRequest {
        requireNonNull(agent, "agent");
        requireNonNull(session, "session");
        requireNonNull(project, "project");
        paths = List.copyOf(paths);
        requireNonNull(mode, "mode");
        requireNonNull(ttl, "ttl");
        requireNonNull(reason, "reason");
    }
}
