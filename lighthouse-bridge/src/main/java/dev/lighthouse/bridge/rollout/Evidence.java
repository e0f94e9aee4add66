package dev.lighthouse.bridge.rollout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an automatic rollback acted on, recorded in its {@code policy.rolled_back} event: the decision mix shifted
 * ({@code "trigger": "decision_mix"}), or an SLA threshold flagged for rollback was violated ({@code "trigger":
 * "sla"}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "trigger")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Evidence.MixShift.class, name = Evidence.MixShift.TRIGGER),
    @JsonSubTypes.Type(value = Evidence.SlaBreach.class, name = Evidence.SlaBreach.TRIGGER)
})
public sealed interface Evidence {
    /** The trigger's name as recorded. */
    @JsonProperty(value = "trigger", access = JsonProperty.Access.READ_ONLY)
    String trigger();

    /** The evidence as alert details: flat, scalars only. */
    @JsonIgnore
    Map<String, Object> details();

    /**
     * The review+deny share of the new version rose more than allowed above the version before it.
     *
     * @param shiftPoints how many percentage points the share rose (rounded to a tenth)
     * @param watchedSeconds how long the version had been watched
     */
    @JsonPropertyOrder({
        "baseline",
        "candidate",
        "maxShiftPoints",
        "minDecisions",
        "shiftPoints",
        "trigger",
        "watchedSeconds",
        "windowSeconds"
    })
    record MixShift(
            Mix baseline,
            Mix candidate,
            double maxShiftPoints,
            int minDecisions,
            double shiftPoints,
            double watchedSeconds,
            long windowSeconds)
            implements Evidence {
        static final String TRIGGER = "decision_mix";

        public MixShift {
            requireNonNull(baseline, "baseline");
            requireNonNull(candidate, "candidate");
        }

        @Override
        public String trigger() {
            return TRIGGER;
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("trigger", TRIGGER);
            details.put("shiftPoints", shiftPoints);
            details.put("maxShiftPoints", maxShiftPoints);
            details.put("minDecisions", minDecisions);
            details.put("windowSeconds", windowSeconds);
            details.put("watchedSeconds", watchedSeconds);
            details.put("candidateReviewOrDenyShare", candidate.reviewOrDenyShare());
            details.put("baselineReviewOrDenyShare", baseline.reviewOrDenyShare());
            return details;
        }
    }

    /**
     * One version's decisions while it was compared.
     *
     * @param reviewOrDenyShare review plus deny, as percentage points of all decisions (rounded to a tenth)
     */
    @JsonPropertyOrder(alphabetic = true)
    record Mix(long allow, long decisions, long deny, long review, double reviewOrDenyShare, String version) {
        public Mix {
            requireNonNull(version, "version");
        }

        static Mix of(String version, DecisionMix.Counts counts) {
            return new Mix(
                    counts.allow(),
                    counts.total(),
                    counts.deny(),
                    counts.review(),
                    Rollout.round(counts.escalatedPoints()),
                    version);
        }
    }

    /** An SLA threshold flagged for rollback was violated while the version was watched. */
    @JsonPropertyOrder({"limit", "severity", "threshold", "trigger", "value", "violatedAt"})
    record SlaBreach(double limit, String severity, String threshold, double value, Instant violatedAt)
            implements Evidence {
        static final String TRIGGER = "sla";

        public SlaBreach {
            requireNonNull(severity, "severity");
            requireNonNull(threshold, "threshold");
            requireNonNull(violatedAt, "violatedAt");
        }

        @Override
        public String trigger() {
            return TRIGGER;
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("trigger", TRIGGER);
            details.put("threshold", threshold);
            details.put("severity", severity);
            details.put("value", value);
            details.put("limit", limit);
            details.put("violatedAt", violatedAt.toString());
            return details;
        }
    }
}
