package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

/**
 * One expert's answer to a {@link ReviewCase}, validated before it counts.
 *
 * @param approve whether the expert approves the call
 * @param reason why, in one or two sentences
 * @param confidence 0 to 1 as the expert stated it
 * @param usage what asking cost
 */
public record ExpertVerdict(boolean approve, String reason, double confidence, Usage usage) {
    public ExpertVerdict {
        requireNonNull(reason, "reason");
        requireNonNull(usage, "usage");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be within 0 and 1, got " + confidence);
        }
    }

    /**
     * Tokens and cost of one expert consultation (all attempts included).
     *
     * @param inputTokens prompt tokens the provider reported
     * @param outputTokens completion tokens the provider reported
     * @param costUsd estimated cost from the configured per-token prices (0 when none are configured)
     * @param attempts HTTP attempts made, retries included
     * @param millis wall time from first attempt to validated verdict
     */
    public record Usage(long inputTokens, long outputTokens, double costUsd, int attempts, long millis) {
        public static final Usage NONE = new Usage(0, 0, 0, 0, 0);
    }
}
