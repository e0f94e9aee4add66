package dev.lighthouse.load;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** The plain-text summary printed at the end of a run, and the baseline comparison table. */
public final class Summary {
    private Summary() {}

    public static String render(LoadResult r) {
        StringBuilder b = new StringBuilder();
        LoadResult.Plan p = r.plan();
        line(b, "Lighthouse load: %s, %s model, %s dialect -> %s", p.pattern(), p.model(), p.dialect(), p.url());
        if (p.model().equals("closed")) {
            line(
                    b,
                    "  %.0f s, agents %d -> %d over %.0f s, think %s, seed %d",
                    p.durationSeconds(),
                    p.baseAgents(),
                    p.peakAgents(),
                    p.rampSeconds(),
                    think(p.thinkTimeMs()),
                    p.seed());
        } else {
            line(
                    b,
                    "  %.0f s, rate %.0f -> %.0f req/s over %.0f s, seed %d",
                    p.durationSeconds(),
                    p.baseRate(),
                    p.peakRate(),
                    p.rampSeconds(),
                    p.seed());
        }
        b.append('\n');
        LoadResult.Totals t = r.totals();
        line(
                b,
                "requests    sent %,d, answered %,d, errors %,d (%.2f %%), injected network errors %,d (retried %,d,"
                        + " lost %,d)",
                t.sent(),
                t.answered(),
                t.errors(),
                r.errorRate() * 100,
                t.injected(),
                t.retried(),
                t.lost());
        line(b, "throughput  %,.1f req/s, peak in flight %,d", r.throughput(), r.peakInFlight());
        b.append('\n');
        line(b, "latency ms     %8s %8s %8s %8s %8s %8s %8s", "mean", "p50", "p90", "p95", "p99", "p99.9", "max");
        latency(b, "corrected", r.latency());
        latency(b, "uncorrected", r.uncorrectedLatency());
        line(b, "under 100 ms   %.2f %% (corrected)", r.shareUnder100ms() * 100);
        b.append('\n');
        long answered = Math.max(1, t.answered());
        StringBuilder mix = new StringBuilder();
        for (Map.Entry<String, Long> e : r.decisions().entrySet()) {
            mix.append("%s %,d (%.1f %%)  ".formatted(e.getKey(), e.getValue(), 100.0 * e.getValue() / answered));
        }
        line(b, "decisions   %s", mix.toString().strip());
        line(b, "            (none = 2xx without a decision: the agent's own permission flow decides)");
        line(
                b,
                "escalations %,d (%.1f %% of answers ask for review)",
                r.escalations(),
                100.0 * r.escalations() / answered);
        for (Map.Entry<String, Map<String, Long>> c : r.decisionsByClass().entrySet()) {
            StringBuilder row = new StringBuilder();
            c.getValue().forEach((k, v) -> row.append("%s %,d  ".formatted(k, v)));
            line(b, "  %-9s %s", c.getKey(), row.toString().strip());
        }
        if (r.targets().size() > 1) {
            targets(b, r);
        }
        r.reviews().ifPresent(reviews -> reviews(b, reviews));
        if (r.regions() != null && !r.regions().isEmpty()) {
            regions(b, r.regions());
        }
        b.append('\n');
        line(b, "bridge      %s", bridge(r.bridge()));
        t.firstErrors().forEach((kind, msg) -> line(b, "first %s error: %s", kind, msg));
        return b.toString();
    }

    /** One line per bridge, and how often an agent moved away from one that failed it. */
    private static void targets(StringBuilder b, LoadResult r) {
        b.append('\n');
        line(
                b,
                "bridges     %,d failovers (an agent moved on when its bridge failed at the connection)",
                r.failovers());
        line(
                b,
                "  %-28s %7s %10s %8s %10s %9s %9s",
                "url",
                "agents",
                "answered",
                "errors",
                "failovers",
                "p50 ms",
                "p99 ms");
        for (LoadResult.Target t : r.targets()) {
            line(
                    b,
                    "  %-28s %,7d %,10d %,8d %,10d %9.2f %9.2f",
                    t.url(),
                    t.agents(),
                    t.answered(),
                    t.errors(),
                    t.failoversAway(),
                    t.latency().p50Ms(),
                    t.latency().p99Ms());
        }
    }

    public static String render(Comparison c, String baselineName) {
        StringBuilder b = new StringBuilder();
        line(
                b,
                "Against baseline %s (regression when worse by more than %.0f %% and the noise floor):",
                baselineName,
                c.threshold() * 100);
        c.warnings().forEach(w -> line(b, "  warning: %s", w));
        line(b, "  %-22s %12s %12s %9s", "measure", "baseline", "this run", "change");
        for (Comparison.Change ch : c.changes()) {
            String label = ch.measure().label()
                    + (ch.measure().unit().isEmpty() ? "" : " " + ch.measure().unit());
            line(
                    b,
                    "  %-22s %12s %12s %9s  %s",
                    label,
                    number(ch.baseline()),
                    number(ch.current()),
                    change(ch.baseline(), ch.current()),
                    verdict(ch));
        }
        if (c.regressed()) {
            StringBuilder names = new StringBuilder();
            c.regressions()
                    .forEach(ch -> names.append(names.isEmpty() ? "" : ", ")
                            .append(ch.measure().label()));
            line(b, "REGRESSION: %s", names);
        } else {
            line(b, "no regression");
        }
        return b.toString();
    }

    static String number(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The value's relative change, e.g. "+25 %"; "new" when the baseline was zero. */
    static String change(double baseline, double current) {
        if (baseline == current) {
            return "0 %";
        }
        if (baseline == 0) {
            return "new";
        }
        return String.format(Locale.ROOT, "%+.0f %%", (current - baseline) / Math.abs(baseline) * 100);
    }

    /** REGRESSED, worse (but within the threshold or the noise floor), better, or same. */
    static String verdict(Comparison.Change ch) {
        if (ch.regressed()) {
            return "REGRESSED";
        }
        return ch.worsening() > 0 ? "worse, within limits" : ch.worsening() < 0 ? "better" : "same";
    }

    private static void reviews(StringBuilder b, LoadResult.Reviews v) {
        line(
                b,
                "reviews     %,d seen by %d simulated reviewer(s), %,d answered (approved %,d, denied %,d; planned"
                        + " approval share %.0f %%), %,d not counted, %,d errors",
                v.seen(),
                v.reviewers(),
                v.answered(),
                v.approved(),
                v.denied(),
                v.approvalShare() * 100,
                v.notCounted(),
                v.errors());
        LoadResult.Latency l = v.latency();
        line(
                b,
                "  review latency ms (created -> verdict counted): mean %.0f, p50 %.0f, p95 %.0f, p99 %.0f, max %.0f",
                l.meanMs(),
                l.p50Ms(),
                l.p95Ms(),
                l.p99Ms(),
                l.maxMs());
        StringBuilder routes = new StringBuilder();
        v.byRoute().forEach((route, n) -> routes.append("%s %,d  ".formatted(route, n)));
        if (!routes.isEmpty()) {
            line(b, "  by route  %s", routes.toString().strip());
        }
        v.firstErrors().forEach((where, msg) -> line(b, "  first %s error: %s", where, msg));
    }

    private static void regions(StringBuilder b, Map<String, LoadResult.RegionResult> regions) {
        b.append('\n');
        line(
                b,
                "%-10s %7s %7s %10s %8s %9s %9s %9s",
                "region",
                "share",
                "agents",
                "requests",
                "errors",
                "p50 ms",
                "p99 ms",
                "added ms");
        regions.forEach((name, r) -> line(
                b,
                "%-10s %6.0f%% %7d %,10d %,8d %9.2f %9.2f %9.0f",
                name,
                r.share() * 100,
                r.agents(),
                r.requests(),
                r.errors(),
                r.latency().p50Ms(),
                r.latency().p99Ms(),
                r.addedLatencyMs()));
    }

    private static String think(double ms) {
        return ms == 0 ? "none" : ms >= 1000 ? "%.1f s ±jitter".formatted(ms / 1000) : "%.0f ms ±jitter".formatted(ms);
    }

    private static void latency(StringBuilder b, String name, LoadResult.Latency l) {
        line(
                b,
                "%-14s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f",
                name,
                l.meanMs(),
                l.p50Ms(),
                l.p90Ms(),
                l.p95Ms(),
                l.p99Ms(),
                l.p999Ms(),
                l.maxMs());
    }

    static String bridge(LoadResult.Bridge br) {
        if (br.scrapes() == 0) {
            return "no process figures in /v1/status (CPU, memory and GC not measured)";
        }
        return "CPU mean %s (max %s), memory mean %s (max %s, heap max %s), GC %s pauses, %s (%d scrapes)"
                .formatted(
                        pct(br.cpuMean()),
                        pct(br.cpuMax()),
                        mib(br.memoryMeanBytes()),
                        mib(br.memoryMaxBytes()),
                        mib(br.heapMaxBytes()),
                        opt(br.gcCount(), "%.0f"),
                        opt(scale(br.gcSeconds(), 1000), "%.0f ms"),
                        br.scrapes());
    }

    private static OptionalDouble scale(OptionalDouble v, double f) {
        return v.isPresent() ? OptionalDouble.of(v.getAsDouble() * f) : v;
    }

    private static String pct(OptionalDouble v) {
        return opt(scale(v, 100), "%.0f %%");
    }

    private static String mib(OptionalDouble v) {
        return opt(scale(v, 1.0 / (1024 * 1024)), "%.0f MiB");
    }

    private static String opt(OptionalDouble v, String format) {
        return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "n/a";
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
