package dev.lighthouse.policy.verdict;

import java.util.Locale;

/**
 * What happens to a tool call. Declared from weakest to strongest: across the effective commands of one call the
 * strongest wins (deny &gt; review &gt; allow).
 */
public enum Verdict {
    /** The call runs without asking anyone. */
    ALLOW,
    /** Someone (a person or an expert) must approve the call first. */
    REVIEW,
    /** The call is refused; the reason goes back to the agent. */
    DENY;

    /** {@code allow}, {@code review} or {@code deny}, as files and JSON spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stronger of the two. */
    public Verdict max(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** Reads {@code allow}, {@code review} or {@code deny} in any case. */
    public static Verdict parse(String text) {
        for (Verdict v : values()) {
            if (v.label().equalsIgnoreCase(text.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("expected allow, review or deny, got \"" + text + "\"");
    }
}
