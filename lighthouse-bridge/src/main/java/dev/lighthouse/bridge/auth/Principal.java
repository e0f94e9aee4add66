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

    /** The person who runs the bridge, holding the data dir's {@code owner.token}. */
    public static final Principal OWNER = new Principal("owner", Role.OWNER);

    /** A caller on loopback without a token: it may only ask for decisions. */
    public static final Principal LOCAL = new Principal("local", Role.LOCAL);
}
