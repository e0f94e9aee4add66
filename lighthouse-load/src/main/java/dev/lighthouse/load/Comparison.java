package dev.lighthouse.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A run measured against a baseline: one {@link Change} per {@link Measure} both runs have, and warnings when the
 * two runs were not planned alike (then a difference may be the plan's, not the bridge's).
 *
 * @param threshold relative worsening beyond which a measure regressed (0.10 = 10 %)
 */
public record Comparison(double threshold, List<Change> changes, List<String> warnings) {

    /** One measure in both runs. {@code worsening} is relative (0.25 = 25 % worse, negative = better). */
    public record Change(Measure measure, double baseline, double current, double worsening, boolean regressed) {}

    public Comparison {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }

    /**
     * Compares every measure present in both results. A measure regressed when it is worse by more than {@code
     * threshold} relative to the baseline <em>and</em> by more than the measure's noise floor.
     */
    public static Comparison of(LoadResult baseline, LoadResult current, double threshold) {
        if (!(threshold >= 0)) {
            throw new IllegalArgumentException("threshold=%s: expected zero or more".formatted(threshold));
        }
        List<Change> changes = new ArrayList<>();
        for (Measure m : Measure.values()) {
            OptionalDouble b = m.of(baseline);
            OptionalDouble c = m.of(current);
            if (b.isEmpty() || c.isEmpty()) {
                continue;
            }
            double bv = b.getAsDouble();
            double cv = c.getAsDouble();
            double worse = m.worsening(bv, cv);
            boolean regressed = worse > threshold && m.absoluteWorsening(bv, cv) > m.floor();
            changes.add(new Change(m, bv, cv, worse, regressed));
        }
        return new Comparison(threshold, changes, planDifferences(baseline.plan(), current.plan()));
    }

    public boolean regressed() {
        return changes.stream().anyMatch(Change::regressed);
    }

    public List<Change> regressions() {
        return changes.stream().filter(Change::regressed).toList();
    }

    private static List<String> planDifferences(LoadResult.Plan b, LoadResult.Plan c) {
        List<String> out = new ArrayList<>();
        differ(out, "dialect", b.dialect(), c.dialect());
        differ(out, "pattern", b.pattern(), c.pattern());
        differ(out, "model", b.model(), c.model());
        differ(out, "duration (s)", b.durationSeconds(), c.durationSeconds());
        differ(out, "ramp (s)", b.rampSeconds(), c.rampSeconds());
        differ(out, "peak agents", b.peakAgents(), c.peakAgents());
        differ(out, "base rate", b.baseRate(), c.baseRate());
        differ(out, "think time (ms)", b.thinkTimeMs(), c.thinkTimeMs());
        differ(out, "network error rate", b.networkErrorRate(), c.networkErrorRate());
        return out;
    }

    private static void differ(List<String> out, String what, Object baseline, Object current) {
        if (!Objects.equals(baseline, current)) {
            out.add("%s differs: baseline %s, this run %s".formatted(what, baseline, current));
        }
    }
}
