package dev.lighthouse.bridge.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a token may do. Each role is a fixed set of {@link Permission permissions}; endpoints ask for one permission.
 *
 * <p>{@link #LOCAL} is nobody's token: it is the single user of a bridge bound to loopback without a token, who may
 * do everything.
 */
public enum Role {
    /** A coding agent: submits its tool calls and reads decisions. */
    AGENT(EnumSet.of(Permission.SUBMIT, Permission.READ)),
    /** An agent expert: like an agent (experts are agents too), and votes on reviews for its capabilities. */
    EXPERT(EnumSet.of(Permission.SUBMIT, Permission.READ, Permission.REVIEW)),
    /** A reviewer (a person): reads decisions and votes on reviews, never submits calls of its own. */
    REVIEWER(EnumSet.of(Permission.READ, Permission.REVIEW)),
    /** An operator: everything, including metrics. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /** The unauthenticated user of a loopback-only bridge. */
    LOCAL(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    /** The role's name as users type it: {@code agent}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a role a token can be issued for ({@code local} cannot). */
    public static Role issuable(String text) {
        for (Role role : values()) {
            if (role != LOCAL && role.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role `" + text + "`: expected agent, expert, reviewer or admin");
    }
}
