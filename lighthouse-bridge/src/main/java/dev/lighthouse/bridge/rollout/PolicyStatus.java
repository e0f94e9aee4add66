package dev.lighthouse.bridge.rollout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The policy versions of a bridge ({@code GET /v1/policy}, and the answer to every change): the active version, the
 * canary and the shadow if any, the watch if a version is watched, and recent history, newest first.
 */
public record PolicyStatus(
        Active active,
        Optional<Canary> canary,
        Optional<Shadowing> shadow,
        Optional<Watching> watch,
        List<Entry> history)
        implements Rollout.Outcome {
    public PolicyStatus {
        requireNonNull(active, "active");
        requireNonNull(canary, "canary");
        requireNonNull(shadow, "shadow");
        requireNonNull(watch, "watch");
        history = List.copyOf(history);
    }

    /** The version deciding for everyone (but a canary's agents), since when and activated by whom. */
    public record Active(String version, String name, boolean knownGood, Instant since, String by) {}

    /** The version deciding for {@code percent} % of agents. */
    public record Canary(String version, String name, boolean knownGood, int percent, Instant since) {}

    /** The version judging beside the active one, never enforced. */
    public record Shadowing(String version, String name, boolean knownGood, Instant since) {}

    /**
     * The version under watch and the one it is compared with: decisions and review+deny shares (percentage points,
     * rounded to a tenth) of each.
     */
    public record Watching(
            String version,
            Rollout.Mode mode,
            Instant until,
            long decisions,
            double reviewOrDenyShare,
            String baselineVersion,
            long baselineDecisions,
            double baselineReviewOrDenyShare) {}

    /** One event of the policy stream, its payload inline (without the policy text of an activation). */
    public record Entry(
            long seq,
            Instant at,
            String event,
            @JsonUnwrapped @JsonIgnoreProperties("layers") PolicyEvent change) {
        public Entry {
            requireNonNull(at, "at");
            requireNonNull(event, "event");
            requireNonNull(change, "change");
        }
    }

    /** {@code GET /v1/policy/active}: the active version and its full text, every layer lowest first. */
    public record Source(String version, String name, boolean knownGood, List<PolicySource.LayerText> layers) {
        public Source {
            layers = List.copyOf(layers);
        }
    }
}
