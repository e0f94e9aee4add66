package dev.lighthouse.coordination.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a task stands: queued (again after a lapsed claim), claimed by one agent, or completed. */
public enum TaskStatus {
    QUEUED,
    CLAIMED,
    COMPLETED;

    /** The name as the API and the MCP tools show it: {@code queued}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
