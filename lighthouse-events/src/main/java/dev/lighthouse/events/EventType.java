package dev.lighthouse.events;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A namespaced event type such as {@code decision.made}: dot-separated lower-case words, at least two.
 *
 * <p>The constants name the types Lighthouse itself writes; other components may add their own namespaces.
 */
public record EventType(String name) implements Comparable<EventType> {
    /** The rule {@link #valid} implements. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    public static final EventType DECISION_MADE = new EventType("decision.made");
    public static final EventType REVIEW_REQUESTED = new EventType("review.requested");
    public static final EventType REVIEW_VERDICT = new EventType("review.verdict");
    /** A review settled: approved, denied or timed out, with the decisive votes. */
    public static final EventType REVIEW_RESOLVED = new EventType("review.resolved");
    /** An earlier review or a temporary approval decided a repeated call without a new review. */
    public static final EventType REVIEW_APPLIED = new EventType("review.applied");
    /**
     * What came of a call the agent's user was asked about at the terminal (Claude Code's ask): it ran, or no run
     * followed before the review's deadline (refused or abandoned).
     */
    public static final EventType REVIEW_AT_TERMINAL = new EventType("review.at_terminal");
    /** A call needed a review, but too many were open: it was denied as overloaded without one. */
    public static final EventType REVIEW_REFUSED = new EventType("review.refused");

    public static final EventType APPROVAL_GRANTED = new EventType("approval.granted");
    public static final EventType APPROVAL_REVOKED = new EventType("approval.revoked");
    public static final EventType POLICY_ACTIVATED = new EventType("policy.activated");
    public static final EventType POLICY_ROLLED_BACK = new EventType("policy.rolled_back");
    /** A policy version survived its watch window: automatic rollbacks may return to it. */
    public static final EventType POLICY_KNOWN_GOOD = new EventType("policy.known_good");

    public static final EventType AGENT_REGISTERED = new EventType("agent.registered");
    public static final EventType INTEGRITY_VIOLATION = new EventType("integrity.violation");

    public EventType {
        requireNonNull(name, "name");
        if (name.length() > 200 || !valid(name)) {
            throw new IllegalArgumentException(
                    "event type \"%s\" is not a namespaced name such as decision.made".formatted(name));
        }
    }

    /** Same as {@link #NAME}, by hand: types are checked for every event read, and this is ten times faster. */
    private static boolean valid(String name) {
        boolean wordStart = true;
        int dots = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (wordStart) {
                    return false;
                }
                dots++;
                wordStart = true;
            } else if (c >= 'a' && c <= 'z') {
                wordStart = false;
            } else if ((c >= '0' && c <= '9') || c == '_') {
                if (wordStart) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return dots > 0 && !wordStart;
    }

    public static EventType of(String name) {
        return new EventType(name);
    }

    /** The part before the first dot: {@code review} for {@code review.verdict}. */
    public String namespace() {
        return name.substring(0, name.indexOf('.'));
    }

    @Override
    public int compareTo(EventType other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
