package dev.lighthouse.bridge.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a token may do. Each role is a fixed set of {@link Permission permissions}; endpoints ask for one permission.
 *
 * <p>{@link #OWNER} and {@link #LOCAL} are never issued: the owner holds the credential in the data dir's
 * {@code owner.token} and may do everything; a caller on loopback without a token ({@link #LOCAL}) may only ask for
 * decisions, because an agent on the same machine is such a caller too.
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
    /** Whoever holds the data dir's {@code owner.token}: the person who runs the bridge. */
    OWNER(EnumSet.allOf(Permission.class)),
    /** A caller on loopback without a token: asks for decisions (hooks) and scrapes metrics, nothing else. */
    LOCAL(EnumSet.of(Permission.SUBMIT, Permission.SCRAPE));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    /**
     * Whether it reads every agent's decisions and events: people and operators do; agents, agent experts and
     * tokenless callers (who may be any agent) read only their own, since another agent's commands may carry its
     * secrets and its plans.
     */
    public boolean readsEveryAgent() {
        return switch (this) {
            case REVIEWER, ADMIN, OWNER -> true;
            case AGENT, EXPERT, LOCAL -> false;
        };
    }

    /** The role's name as users type it: {@code agent}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code lighthouse agents add} can issue a token for it ({@code owner} and {@code local} are not). */
    public boolean issuable() {
        return this != LOCAL && this != OWNER;
    }

    /** Parses a role a token can be issued for ({@code owner} and {@code local} cannot). */
    public static Role issuable(String text) {
        for (Role role : values()) {
            if (role.issuable() && role.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role `" + text + "`: expected agent, expert, reviewer or admin");
    }
}
