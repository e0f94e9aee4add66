package dev.lighthouse.review.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops asking a provider that keeps failing: after {@code threshold} consecutive failed consultations the circuit
 * opens and every call is refused at once; after {@code coolDown} one trial call goes through (half-open), and its
 * outcome closes or re-opens the circuit.
 *
 * <p>Thread-safe. Written here rather than taken from a resilience library because these few lines are all an expert
 * needs, and they read the bridge's {@link Clock}, which lets tests step through open and half-open without waiting.
 */
final class CircuitBreaker {
    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int threshold;
    private final Duration coolDown;
    private final Clock clock;
    private State state = State.CLOSED;
    private int failures;
    private Instant openedAt = Instant.EPOCH;

    CircuitBreaker(int threshold, Duration coolDown, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
        }
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** Whether a call may go out now; in half-open state only the first caller gets the trial. */
    synchronized boolean tryAcquire() {
        return switch (state) {
            case CLOSED -> true;
            case HALF_OPEN -> false; // the trial is out; the others wait for its outcome
            case OPEN -> {
                if (clock.instant().isBefore(openedAt.plus(coolDown))) {
                    yield false;
                }
                state = State.HALF_OPEN;
                yield true;
            }
        };
    }

    synchronized void onSuccess() {
        state = State.CLOSED;
        failures = 0;
    }

    synchronized void onFailure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }

    synchronized State state() {
        return state;
    }

    /** When the next trial may go out (meaningful while open). */
    synchronized Instant retryAt() {
        return openedAt.plus(coolDown);
    }
}
