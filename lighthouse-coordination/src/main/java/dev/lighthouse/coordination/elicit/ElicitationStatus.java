package dev.lighthouse.coordination.elicit;

import java.util.Locale;

/** Where an elicitation stands: pending, then exactly one of the four ends. */
public enum ElicitationStatus {
    PENDING,
    ACCEPTED,
    DECLINED,
    CANCELLED,
    EXPIRED;

    /** The name as the API shows it: {@code pending}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
