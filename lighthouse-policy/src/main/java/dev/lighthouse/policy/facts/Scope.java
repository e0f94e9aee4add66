package dev.lighthouse.policy.facts;

import java.util.Locale;

/**
 * The most a command can do, as the capability registry ({@code programs.yaml}, {@code read_only:} and
 * {@code local:}) knows it for the program, its subcommand and its options. An act has a scope only when the registry
 * says so and no fact of the program (running code, writing, sending, destroying, ...) holds for the invocation;
 * unknown programs have none. The default policy recognises a call as safe only from acts with a scope.
 */
public enum Scope {
    /** Only reads files and prints information: {@code ls}, {@code git log}, {@code kubectl get}. */
    READ_ONLY,
    /**
     * Changes only the files it names and the project's own repository and build outputs, or runs the project's own
     * build and tests: {@code mkdir}, {@code git commit}, {@code cargo test}.
     */
    LOCAL;

    /** {@code read_only} or {@code local}, as the registry and policies spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
