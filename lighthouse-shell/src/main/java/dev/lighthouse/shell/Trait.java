package dev.lighthouse.shell;

/** Facts about how an effective command runs that policy should weigh. */
public enum Trait {
    /** Runs under sudo, doas or su. */
    PRIVILEGED,
    /** Runs on another host (ssh). */
    REMOTE,
    /** Runs inside a container or pod (docker/podman exec, kubectl exec). */
    CONTAINER,
    /** Runs in the background ({@code &}, or a command of a backgrounded list). */
    BACKGROUND,
    /** The program name itself could not be resolved ({@code $CMD args}, {@code $(echo rm)} unresolvable). */
    DYNAMIC_PROGRAM,
    /** Comes from a payload the analysis decoded ({@code base64 -d}, {@code xxd -r}, {@code openssl enc -d}). */
    DECODED_PAYLOAD,
    /** Comes from a function body (run when the function is called). */
    FUNCTION_BODY,
    /** Runs inside a command or process substitution ({@code $(...)}, backquotes, {@code <(...)}). */
    SUBSTITUTION,
    /** Runs only when a condition holds or a loop iterates ({@code &&}, {@code ||}, if, while, case). */
    CONDITIONAL,
    /** Receives extra arguments at run time (xargs, parallel, find -exec {@code {}}). */
    ARGUMENTS_FROM_INPUT,
    /**
     * A shell started in privileged mode ({@code sh -p}, {@code bash -p}, among its own options, before any script
     * or {@code -c}): it keeps the effective user id it was started with, so a set-user-id program's shell keeps its
     * owner's rights (bash(1), "-p"; GTFOBins' SUID recipes).
     */
    KEEPS_PRIVILEGES,
    /**
     * Runs in the body of a loop whose condition always holds ({@code while :}, {@code while true}, {@code until
     * false}): it repeats until something in the body leaves the loop.
     */
    ENDLESS_LOOP
}
