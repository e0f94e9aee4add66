package dev.lighthouse.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What names a decision ({@code decision.made}) without its payload, as {@link EventStore#decisionNames} reads it.
 *
 * @param time when the store accepted it
 * @param agent the agent that made the call, if any
 * @param answer what the agent heard ({@link DecisionMade#answerOf})
 */
public record DecisionName(long seq, Instant time, Optional<String> agent, String answer) {
    public DecisionName {
        requireNonNull(time, "time");
        requireNonNull(agent, "agent");
        requireNonNull(answer, "answer");
    }
}
