package dev.lighthouse.review;

/**
 * A reviewer the bridge asks by itself (an LLM expert), as opposed to humans and agent experts who come to the
 * bridge with their verdicts. The review board calls {@link #review} on a virtual thread of its own per review and
 * signs the verdict with the expert's identity before it counts.
 *
 * <p>Implementations are thread-safe and bound every call in time (timeouts, retries and circuit breaker included),
 * so a review never waits on an expert longer than its route allows.
 */
public interface Expert {
    /** The expert's reviewer name, e.g. {@code llm:claude}; unique among the configured reviewers. */
    String name();

    /**
     * Asks the expert about one call.
     *
     * @throws ExpertUnavailable the expert gave no valid verdict (timeout, errors after retries, malformed answers,
     *     open circuit); the review board records it as a missed vote
     */
    ExpertVerdict review(ReviewCase call) throws ExpertUnavailable;

    /** Why an expert gave no verdict; the message is recorded and shown to operators. */
    final class ExpertUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public ExpertUnavailable(String message, Throwable cause) {
            super(message, cause);
        }

        public ExpertUnavailable(String message) {
            super(message);
        }
    }
}
