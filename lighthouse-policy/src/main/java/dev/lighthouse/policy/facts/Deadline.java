package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * When one decision must be done. Deciding checks it between units of work (each effective command of a line, each
 * rule) and, once it has passed, stops and answers review (the decision's budget rule): a call that takes too long
 * to judge is never allowed unjudged, and never holds a thread for long.
 *
 * <p>Time comes from the {@link Ticker} the policy engine was given, so the policy core reads no clock of its
 * own and tests drive it with a fake one. Once passed, it stays passed. Not thread-safe: one per decision.
 */
public final class Deadline {
    private final Ticker ticker;
    private final long at;
    private boolean passed;

    private Deadline(Ticker ticker, long at) {
        this.ticker = ticker;
        this.at = at;
    }

    /** No deadline: decide however long it takes (explain, replay, tests). */
    public static Deadline none() {
        return new Deadline(null, 0);
    }

    /** The deadline {@code budget} after {@code start}, both read from {@code ticker}. */
    public static Deadline after(Ticker ticker, long start, Duration budget) {
        requireNonNull(ticker, "ticker");
        return new Deadline(ticker, start + budget.toNanos());
    }

    /** True once the budget is spent. */
    public boolean passed() {
        if (!passed && ticker != null) {
            passed = ticker.read() - at >= 0;
        }
        return passed;
    }
}
