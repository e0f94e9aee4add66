package dev.lighthouse.events;

import java.util.List;
import java.util.Optional;

/**
 * What a verification found.
 *
 * @param fromSeq first seq checked
 * @param toSeq last seq checked (the head when the caller asked for everything)
 * @param eventsChecked how many events were read and checked
 * @param checkpointsChecked how many signed checkpoints were compared with the store
 * @param violations every violation found, in seq order, at most {@link #MAX_VIOLATIONS}
 */
public record VerifyReport(
        long fromSeq, long toSeq, long eventsChecked, int checkpointsChecked, List<Violation> violations) {
    public static final int MAX_VIOLATIONS = 1_000;

    public VerifyReport {
        violations = List.copyOf(violations);
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    public Optional<Violation> firstViolation() {
        return violations.stream().findFirst();
    }

    /** The last seq up to which the chain is intact, {@code fromSeq - 1} if even the first event is not. */
    public long intactUpTo() {
        return firstViolation().map(v -> v.seq() - 1).orElse(toSeq);
    }
}
