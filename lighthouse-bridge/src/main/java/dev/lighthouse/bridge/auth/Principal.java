package dev.lighthouse.bridge.auth;

import static java.util.Objects.requireNonNull;

/**
 * Who is calling: the agent name a token was issued to, and its role.
 *
 * @param name the agent's name ({@code local} for the unauthenticated loopback user)
 * @param role what it may do
 */
public record Principal(String name, Role role) {
    public Principal {
        requireNonNull(name, "name");
        requireNonNull(role, "role");
    }

    /** The single user of a loopback bridge that runs without tokens. */
    public static final Principal LOCAL = new Principal("local", Role.LOCAL);
}
