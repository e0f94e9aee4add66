package dev.lighthouse.shell;

/** What a heuristic scan of interpreter code found. */
public enum FindingKind {
    DELETES_FILES,
    WRITES_FILES,
    SPAWNS_PROCESS,
    NETWORK,
    /** A network connection wired to a shell or process (socket plus dup2/pty/exec of a shell). */
    REVERSE_SHELL,
    /** Evaluates code built at run time ({@code eval}, {@code exec} of a string, {@code Function(...)}). */
    DYNAMIC_CODE,
    /** The code itself is not visible to the analysis (it comes from a pipe, file or unresolved word). */
    UNKNOWN_CODE
}
