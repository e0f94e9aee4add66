package dev.lighthouse.coordination.elicit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an elicitation stands: pending, then exactly one of the four ends. */
public enum ElicitationStatus {
    PENDING,
    ACCEPTED,
    DECLINED,
    CANCELLED,
    EXPIRED;

    /** The name as the API and the MCP tools show it: {@code pending}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
