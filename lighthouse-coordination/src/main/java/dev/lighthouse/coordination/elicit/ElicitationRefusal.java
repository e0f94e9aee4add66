package dev.lighthouse.coordination.elicit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/** Why {@link Elicitations} did not do what was asked; nothing was recorded. Each says what to do instead. */
public sealed interface ElicitationRefusal extends Elicitations.Outcome {
    /** What is wrong, and what to do instead, in a sentence. */
    String message();

    /** One way an answer breaks the asker's schema: where (a JSON Pointer into the answer) and why. */
    record Violation(String field, String reason) {
        public Violation {
            requireNonNull(field, "field");
            requireNonNull(reason, "reason");
        }
    }

    /** An argument is missing or out of range. */
    record InvalidArgument(String field, String reason) implements ElicitationRefusal {
        @Override
        public String message() {
            return "%s: %s".formatted(field, reason);
        }
    }

    /** The agent to ask holds no active token. */
    record UnknownAgent(String agent) implements ElicitationRefusal {
        @Override
        public String message() {
            return "no active agent `%s` to ask; see `lighthouse agents list`".formatted(agent);
        }
    }

    /** No elicitation has this id (or the caller may not see it). */
    record UnknownElicitation(String id) implements ElicitationRefusal {
        @Override
        public String message() {
            return "no elicitation %s; list yours (elicitation_list, or GET /v1/elicitations)".formatted(id);
        }
    }

    /** Only the asked agent answers or declines. */
    record NotTheAskedAgent(String id, String agent, String asked) implements ElicitationRefusal {
        @Override
        public String message() {
            return "elicitation %s asks `%s`; `%s` may not answer or decline it".formatted(id, asked, agent);
        }
    }

    /** Only the asker cancels. */
    record NotTheAsker(String id, String agent, String asker) implements ElicitationRefusal {
        @Override
        public String message() {
            return "elicitation %s was asked by `%s`; only it may cancel, not `%s`".formatted(id, asker, agent);
        }
    }

    /** The elicitation was answered, declined, cancelled or has expired. */
    record NotPending(String id, ElicitationStatus status) implements ElicitationRefusal {
        @Override
        public String message() {
            return "elicitation %s is %s, no longer pending".formatted(id, status.label());
        }
    }

    /** The answer does not fit the asker's schema. */
    record SchemaViolation(String id, List<Violation> violations) implements ElicitationRefusal {
        public SchemaViolation {
            violations = List.copyOf(violations);
        }

        @Override
        public String message() {
            Violation first = violations.getFirst();
            return "the answer to %s does not fit its schema: %s: %s%s"
                    .formatted(
                            id,
                            first.field().isEmpty() ? "(the answer)" : first.field(),
                            first.reason(),
                            violations.size() > 1 ? " (and %d more)".formatted(violations.size() - 1) : "");
        }
    }

    /** The response's nonce was used before: a response is sent once. */
    record NonceReused(String nonce) implements ElicitationRefusal {
        @Override
        public String message() {
            return "nonce `%s` was used by an earlier response; each response needs a fresh one".formatted(nonce);
        }
    }

    /** The agent asks (or answers) more often than its allowance. */
    record RateLimited(String agent, Kind kind, int perMinute, int burst, Duration retryAfter)
            implements ElicitationRefusal {
        /** What the allowance is for. */
        public enum Kind {
            REQUESTS,
            RESPONSES
        }

        @Override
        public String message() {
            return "agent `%s` is over its allowance of %d elicitation %s a minute (at most %d at once); retry in %d s"
                    .formatted(
                            agent,
                            perMinute,
                            kind == Kind.REQUESTS ? "requests" : "responses",
                            burst,
                            Math.max(1, retryAfter.toSeconds()));
        }
    }

    /** The request or answer would break the event store's limits (size or nesting). */
    record TooLarge(String detail) implements ElicitationRefusal {
        @Override
        public String message() {
            return "too large to record: " + detail;
        }
    }
}
