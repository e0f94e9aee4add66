package dev.lighthouse.shell;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Where a command line would run, as reported by the caller (the agent's hook payload, not this process).
 *
 * @param cwd absolute POSIX path of the working directory; relative paths resolve against it
 * @param home absolute POSIX path of the caller's home; {@code ~} and {@code $HOME} resolve to it
 * @param env variables known to be set in the caller's shell (e.g. {@code USER}); {@code HOME} and {@code PWD} come
 *     from {@code home} and {@code cwd} unless given here
 * @param limits work bounds
 */
public record ShellContext(String cwd, String home, Map<String, String> env, Limits limits) {
    public ShellContext {
        requireNonNull(cwd, "cwd");
        requireNonNull(home, "home");
        requireNonNull(limits, "limits");
        if (!cwd.startsWith("/") || !home.startsWith("/")) {
            throw new IllegalArgumentException(
                    "context cwd=%s home=%s: both must be absolute POSIX paths".formatted(cwd, home));
        }
        env = Map.copyOf(env);
    }

    /** A context with no extra variables and default limits. */
    public static ShellContext of(String cwd, String home) {
        return new ShellContext(cwd, home, Map.of(), Limits.defaults());
    }

    public ShellContext withLimits(Limits newLimits) {
        return new ShellContext(cwd, home, env, newLimits);
    }
}
