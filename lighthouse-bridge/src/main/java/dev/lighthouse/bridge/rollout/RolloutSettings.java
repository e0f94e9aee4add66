package dev.lighthouse.bridge.rollout;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the bridge rolls a new policy version back by itself.
 *
 * @param watchWindow how long after an activation (or a canary start) the version is watched; one that survives it
 *     becomes known-good
 * @param maxShiftPoints how many percentage points the share of review+deny decisions may rise above the previous
 *     version's share before the new version is rolled back
 * @param minDecisions decisions both versions need before their shares are compared
 */
public record RolloutSettings(Duration watchWindow, double maxShiftPoints, int minDecisions) {
    public RolloutSettings {
        requireNonNull(watchWindow, "watchWindow");
        if (watchWindow.isNegative() || watchWindow.isZero()) {
            throw new IllegalArgumentException("watch window must be positive, got " + watchWindow);
        }
        if (!(maxShiftPoints > 0 && maxShiftPoints <= 100)) {
            throw new IllegalArgumentException("max shift must be 0 to 100 points, got " + maxShiftPoints);
        }
        if (minDecisions < 1) {
            throw new IllegalArgumentException("min decisions must be at least 1, got " + minDecisions);
        }
    }

    /** 10 minutes, 20 points, 50 decisions. */
    public static RolloutSettings defaults() {
        return new RolloutSettings(Duration.ofMinutes(10), 20, 50);
    }
}
