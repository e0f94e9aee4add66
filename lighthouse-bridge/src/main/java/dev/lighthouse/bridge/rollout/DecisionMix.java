package dev.lighthouse.bridge.rollout;

import dev.lighthouse.policy.verdict.Verdict;
import java.util.concurrent.atomic.LongAdder;

/** Running counts of one version's verdicts since this bridge started. Thread-safe; recording never blocks. */
final class DecisionMix {
    private final LongAdder allow = new LongAdder();
    private final LongAdder review = new LongAdder();
    private final LongAdder deny = new LongAdder();

    void record(Verdict verdict) {
        switch (verdict) {
            case ALLOW -> allow.increment();
            case REVIEW -> review.increment();
            case DENY -> deny.increment();
        }
    }

    Counts counts() {
        return new Counts(allow.sum(), review.sum(), deny.sum());
    }

    /** A snapshot of a {@link DecisionMix}, or the difference of two. */
    record Counts(long allow, long review, long deny) {
        static final Counts NONE = new Counts(0, 0, 0);

        long total() {
            return allow + review + deny;
        }

        /** Review plus deny, as percentage points of all decisions (0 when there are none). */
        double escalatedPoints() {
            return total() == 0 ? 0 : 100.0 * (review + deny) / total();
        }

        Counts minus(Counts earlier) {
            return new Counts(allow - earlier.allow, review - earlier.review, deny - earlier.deny);
        }
    }
}
