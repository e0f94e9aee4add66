package dev.lighthouse.coordination.task;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The events of tasks, one record per type, all in the stream {@code task/<id>}. */
public sealed interface TaskEvent extends EventPayload {
    EventType DISPATCHED = EventType.of("task.dispatched");
    EventType CLAIMED = EventType.of("task.claimed");
    EventType RETURNED = EventType.of("task.returned");
    EventType COMPLETED = EventType.of("task.completed");

    /** The types, and the record each is read as. */
    Map<EventType, Class<? extends TaskEvent>> TYPES = Map.of(
            DISPATCHED, Dispatched.class,
            CLAIMED, Claimed.class,
            RETURNED, Returned.class,
            COMPLETED, Completed.class);

    /** The task the event belongs to. */
    String task();

    /** The record of a task event; an {@link IllegalArgumentException} for any other type. */
    static TaskEvent read(Event e) {
        Class<? extends TaskEvent> type = TYPES.get(e.type());
        if (type == null) {
            throw new IllegalArgumentException("%s is not a task event".formatted(e.type()));
        }
        return e.payloadAs(type);
    }

    /** {@code by} queued work for whoever has {@code capability}. */
    record Dispatched(String task, String by, String capability, String title, JsonNode payload, Instant at)
            implements TaskEvent {
        @Override
        public EventType eventType() {
            return DISPATCHED;
        }
    }

    /** {@code by} took the task, until {@code until} unless it completes it first. */
    record Claimed(String task, String by, Instant at, Instant until) implements TaskEvent {
        @Override
        public EventType eventType() {
            return CLAIMED;
        }
    }

    /** {@code by}'s claim ran out before it completed the task: the task is queued again. */
    record Returned(String task, String by, Instant at) implements TaskEvent {
        @Override
        public EventType eventType() {
            return RETURNED;
        }
    }

    /** The claimer finished the task with {@code result}. */
    record Completed(String task, String by, JsonNode result, Instant at) implements TaskEvent {
        @Override
        public EventType eventType() {
            return COMPLETED;
        }
    }
}
