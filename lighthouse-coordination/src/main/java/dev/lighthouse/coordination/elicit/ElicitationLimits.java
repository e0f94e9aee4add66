package dev.lighthouse.coordination.elicit;

import java.time.Duration;

/**
 * How long questions wait and how often an agent may ask and answer.
 *
 * @param defaultTimeout how long a question waits when the asker gives no timeout
 * @param maxTimeout the longest an asker may let a question wait
 * @param requestsPerMinute questions one agent may ask a minute
 * @param responsesPerMinute answers and declines one agent may send a minute
 * @param burst most of either at once, before the per-minute rate applies
 * @param maxQuestionChars longest question
 */
public record ElicitationLimits(
        Duration defaultTimeout,
        Duration maxTimeout,
        int requestsPerMinute,
        int responsesPerMinute,
        int burst,
        int maxQuestionChars) {
    public ElicitationLimits {
        if (!defaultTimeout.isPositive() || defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException(
                    "default timeout %s must be positive and at most %s".formatted(defaultTimeout, maxTimeout));
        }
        if (requestsPerMinute < 1 || responsesPerMinute < 1 || burst < 1 || maxQuestionChars < 1) {
            throw new IllegalArgumentException("rates, burst and question length must be at least 1");
        }
    }

    /** 30 s by default, one hour at most; 10 questions and 20 answers a minute per agent, 3 at once. */
    public static ElicitationLimits defaults() {
        return new ElicitationLimits(Duration.ofSeconds(30), Duration.ofHours(1), 10, 20, 3, 10_000);
    }
}
