package dev.lighthouse.policy.verdict;

import java.util.Locale;

/** How much harm a call could do, from none to critical; a rule sets it, or its verdict implies it. */
public enum Risk {
    NONE,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Risk max(Risk other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The risk a rule of this verdict has when it does not say: allow none, review medium, deny high. */
    public static Risk impliedBy(Verdict verdict) {
        return switch (verdict) {
            case ALLOW -> NONE;
            case REVIEW -> MEDIUM;
            case DENY -> HIGH;
        };
    }

    public static Risk parse(String text) {
        for (Risk r : values()) {
            if (r.label().equalsIgnoreCase(text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("expected none, low, medium, high or critical, got \"" + text + "\"");
    }
}
