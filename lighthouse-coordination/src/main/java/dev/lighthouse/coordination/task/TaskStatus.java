package dev.lighthouse.coordination.task;

import java.util.Locale;

/** Where a task stands: queued (again after a lapsed claim), claimed by one agent, or completed. */
public enum TaskStatus {
    QUEUED,
    CLAIMED,
    COMPLETED;

    /** The name as the API shows it: {@code queued}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
