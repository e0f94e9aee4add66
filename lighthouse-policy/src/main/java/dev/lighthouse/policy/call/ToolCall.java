package dev.lighthouse.policy.call;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One tool call an agent is about to make, with the directories it is judged against.
 *
 * <p>{@code projectRoot} is the call's project setting if the agent gave one, else the git root above {@code cwd},
 * else {@code cwd}. Finding the git root reads the file system, so the caller (bridge, CLI) does it; this record and
 * the policy engine never touch the disk. All three directories must be absolute and are normalised here.
 *
 * @param agent who asks ({@code "cli"} for the command line)
 * @param session the agent's session id, or {@code ""}
 * @param input what the tool is asked to do
 * @param cwd the agent's working directory (from the hook payload, not the bridge's own)
 * @param projectRoot the project the call works in
 * @param home the home directory of the user the agent runs as
 * @param guard where Lighthouse keeps its data and listens, for the self-protection rules
 * @param leases the file leases on the paths the call touches ({@link LeaseFacts#NONE} until the bridge finds some)
 */
public record ToolCall(
        String agent,
        String session,
        ToolInput input,
        Path cwd,
        Path projectRoot,
        Path home,
        Guard guard,
        LeaseFacts leases) {

    public ToolCall {
        requireNonNull(guard, "guard");
        requireNonNull(leases, "leases");
        requireNonNull(agent, "agent");
        requireNonNull(session, "session");
        requireNonNull(input, "input");
        cwd = absolute(cwd, "cwd");
        projectRoot = absolute(projectRoot, "projectRoot");
        home = absolute(home, "home");
    }

    /** A call no lease is known to touch. */
    public ToolCall(String agent, String session, ToolInput input, Path cwd, Path projectRoot, Path home, Guard guard) {
        this(agent, session, input, cwd, projectRoot, home, guard, LeaseFacts.NONE);
    }

    /** A call guarding Lighthouse's {@linkplain Guard#standard standard} data dir and address under {@code home}. */
    public ToolCall(String agent, String session, ToolInput input, Path cwd, Path projectRoot, Path home) {
        this(agent, session, input, cwd, projectRoot, home, Guard.standard(absolute(home, "home")));
    }

    /** A call whose project root is its working directory. */
    public static ToolCall of(ToolInput input, Path cwd, Path home) {
        return new ToolCall("cli", "", input, cwd, cwd, home);
    }

    /** The same call judged in another project root (the caller found the git root above cwd). */
    public ToolCall withProjectRoot(Path root) {
        return new ToolCall(agent, session, input, cwd, root, home, guard, leases);
    }

    /** The same call guarding another data dir and listen addresses (the bridge's own). */
    public ToolCall withGuard(Guard value) {
        return new ToolCall(agent, session, input, cwd, projectRoot, home, value, leases);
    }

    /** The same call with the leases the bridge found on the paths it touches. */
    public ToolCall withLeases(LeaseFacts value) {
        return new ToolCall(agent, session, input, cwd, projectRoot, home, guard, value);
    }

    private static Path absolute(Path path, String name) {
        requireNonNull(path, name);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(name + " must be an absolute path, got " + path);
        }
        return path.normalize();
    }
}
