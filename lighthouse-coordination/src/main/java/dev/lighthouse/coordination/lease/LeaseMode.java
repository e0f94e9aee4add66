package dev.lighthouse.coordination.lease;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a lease holds its paths. Either way, only its holder may write to them; the modes differ in who else may hold
 * a lease on the same paths at the same time.
 */
public enum LeaseMode {
    /** No other agent may hold any lease on these paths. */
    EXCLUSIVE,
    /** Other agents may hold shared leases too (each keeps everyone else from writing); no one may hold them exclusively. */
    SHARED;

    /** {@code exclusive} or {@code shared}, as events, the API and policies spell it. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LeaseMode of(String text) {
        for (LeaseMode mode : values()) {
            if (mode.label().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be exclusive or shared, got \"%s\"".formatted(text));
    }

    /** Whether a lease in this mode and one in {@code other}, held by two different agents, may overlap. */
    boolean compatibleWith(LeaseMode other) {
        return this == SHARED && other == SHARED;
    }
}
