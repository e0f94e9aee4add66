package dev.lighthouse.coordination.task;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One piece of work, as it stands, and as {@code /v1/tasks} and the MCP tools show it (the bridge writes empty
 * optionals out).
 *
 * @param dispatchedBy who queued it
 * @param claimedBy who holds it now (claimed) or finished it (completed)
 * @param claimedUntil when the current claim lapses and the task returns to the queue
 * @param claims how many times it was claimed
 */
public record Task(
        String id,
        String capability,
        String title,
        JsonNode payload,
        @JsonProperty("dispatched_by") String dispatchedBy,
        TaskStatus status,
        Instant created,
        @JsonProperty("claimed_by") Optional<String> claimedBy,
        @JsonProperty("claimed_until") Optional<Instant> claimedUntil,
        Optional<JsonNode> result,
        Optional<Instant> completed,
        int claims)
        implements Tasks.Outcome {
    public Task {
        requireNonNull(id, "id");
        requireNonNull(status, "status");
        requireNonNull(claimedBy, "claimedBy");
        requireNonNull(claimedUntil, "claimedUntil");
        requireNonNull(result, "result");
        requireNonNull(completed, "completed");
    }

    Task claimed(String by, Instant until) {
        return new Task(
                id,
                capability,
                title,
                payload,
                dispatchedBy,
                TaskStatus.CLAIMED,
                created,
                Optional.of(by),
                Optional.of(until),
                result,
                completed,
                claims + 1);
    }

    Task returned() {
        return new Task(
                id,
                capability,
                title,
                payload,
                dispatchedBy,
                TaskStatus.QUEUED,
                created,
                Optional.empty(),
                Optional.empty(),
                result,
                completed,
                claims);
    }

    Task completed(String by, JsonNode with, Instant at) {
        return new Task(
                id,
                capability,
                title,
                payload,
                dispatchedBy,
                TaskStatus.COMPLETED,
                created,
                Optional.of(by),
                Optional.empty(),
                Optional.of(with),
                Optional.of(at),
                claims);
    }
}
