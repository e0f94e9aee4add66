package dev.lighthouse.coordination.task;

import java.time.Instant;
import java.util.Set;

/** Why {@link Tasks} did not do what was asked; nothing was recorded. Each says what to do instead. */
public sealed interface TaskRefusal extends Tasks.Outcome {
    /** What is wrong, and what to do instead, in a sentence. */
    String message();

    /** An argument is missing or out of range. */
    record InvalidArgument(String field, String reason) implements TaskRefusal {
        @Override
        public String message() {
            return "%s: %s".formatted(field, reason);
        }
    }

    /** No task has this id. */
    record UnknownTask(String id) implements TaskRefusal {
        @Override
        public String message() {
            return "no task %s; list them (task_list, or GET /v1/tasks)".formatted(id);
        }
    }

    /** The agent has not registered the task's capability. */
    record NotCapable(String agent, String capability) implements TaskRefusal {
        @Override
        public String message() {
            return ("agent `%s` has no capability `%s`; register it first (expert_register, or POST /v1/experts"
                            + " {\"capabilities\":[\"%s\"]})")
                    .formatted(agent, capability, capability);
        }
    }

    /** Another agent holds the task. */
    record AlreadyClaimed(String id, String by, Instant until) implements TaskRefusal {
        @Override
        public String message() {
            return "task %s is claimed by `%s` until %s; it returns to the queue then unless completed"
                    .formatted(id, by, until);
        }
    }

    /** The task is done. */
    record AlreadyCompleted(String id, String by) implements TaskRefusal {
        @Override
        public String message() {
            return "task %s was completed by `%s`".formatted(id, by);
        }
    }

    /** Only the agent holding the claim completes the task. */
    record NotTheClaimer(String id, String agent) implements TaskRefusal {
        @Override
        public String message() {
            return "task %s is not claimed by `%s` (its claim may have lapsed); claim it first".formatted(id, agent);
        }
    }

    /** Nothing queued for the capabilities asked. */
    record NothingQueued(Set<String> capabilities) implements TaskRefusal {
        @Override
        public String message() {
            return capabilities.isEmpty()
                    ? "no capabilities to claim for; register some first (expert_register, or POST /v1/experts)"
                    : "no task is queued for %s".formatted(String.join(", ", new java.util.TreeSet<>(capabilities)));
        }
    }

    /** The dispatcher has too many tasks waiting. */
    record QueueFull(String agent, int max) implements TaskRefusal {
        @Override
        public String message() {
            return "agent `%s` has %,d tasks queued or claimed, the most one agent may have".formatted(agent, max);
        }
    }

    /** The task or its result would break the event store's limits. */
    record TooLarge(String detail) implements TaskRefusal {
        @Override
        public String message() {
            return "too large to record: " + detail;
        }
    }
}
