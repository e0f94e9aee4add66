package dev.lighthouse.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Writes {@code result.json} and a self-contained {@code report.html} (inline SVG charts and CSS, no scripts, nothing
 * fetched) into a directory.
 */
public final class HtmlReport {
    public static final String JSON_FILE = "result.json";
    public static final String HTML_FILE = "report.html";

    private static final Map<String, String> VERDICT_COLORS = new LinkedHashMap<>();

    static {
        VERDICT_COLORS.put("allow", "#16a34a");
        VERDICT_COLORS.put("ask", "#f59e0b");
        VERDICT_COLORS.put("deny", "#dc2626");
        VERDICT_COLORS.put("defer", "#6366f1");
        VERDICT_COLORS.put("none", "#9ca3af");
    }

    private HtmlReport() {}

    /** Writes both files into {@code dir} (created if needed) and returns the HTML file. */
    public static Path write(Path dir, LoadResult result, Optional<Comparison> comparison) {
        try {
            Files.createDirectories(dir);
            result.write(dir.resolve(JSON_FILE));
            Path html = dir.resolve(HTML_FILE);
            Files.writeString(html, render(result, comparison));
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report into " + dir, e);
        }
    }

    static String render(LoadResult r, Optional<Comparison> comparison) {
        // The last interval collects answers that arrived after the planned end; charts show the planned seconds.
        List<LoadResult.Interval> iv = r.intervals().size() > 1
                ? r.intervals().subList(0, r.intervals().size() - 1)
                : r.intervals();
        boolean[] bursts = new boolean[iv.size()];
        for (int i = 0; i < iv.size(); i++) {
            bursts[i] = iv.get(i).burst();
        }
        StringBuilder b = new StringBuilder();
        LoadResult.Plan p = r.plan();
        b.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>")
                .append("<title>Lighthouse load report: ")
                .append(SvgChart.esc(p.pattern()))
                .append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#111827;max-width:820px}")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{padding:3px 10px;text-align:right;")
                .append("border-bottom:1px solid #e5e7eb}th:first-child,td:first-child{text-align:left}")
                .append(".title{font-size:13px;font-weight:600}.label{font-size:11px;fill:#374151}")
                .append(".bar{font-size:11px;fill:white}.bad{color:#b91c1c;font-weight:600}.ok{color:#15803d}")
                .append("pre{background:#f3f4f6;padding:8px;font-size:12px;white-space:pre-wrap}")
                .append("</style></head><body>");
        b.append("<h1>Lighthouse load report</h1><p>")
                .append(SvgChart.esc("%s pattern, %s model, %s dialect against %s; started %s, seed %d."
                        .formatted(p.pattern(), p.model(), p.dialect(), p.url(), r.startedAt(), p.seed())))
                .append("</p>");
        comparison.ifPresent(c -> comparisonTable(b, c));
        b.append("<h2>Summary</h2><pre>")
                .append(SvgChart.esc(Summary.render(r)))
                .append("</pre>");
        b.append("<h2>Latency over time</h2>")
                .append(SvgChart.lines(
                        "Corrected latency per second (ms); shaded seconds are bursts",
                        "ms",
                        List.of(
                                series("p50", "#2563eb", iv, LoadResult.Interval::p50Ms),
                                series("p95", "#f59e0b", iv, LoadResult.Interval::p95Ms),
                                series("p99", "#dc2626", iv, LoadResult.Interval::p99Ms)),
                        bursts));
        b.append("<h2>Throughput</h2>")
                .append(SvgChart.lines(
                        "Completed requests per second, and agents (closed) or target rate (open)",
                        "per second",
                        List.of(
                                series("requests/s", "#2563eb", iv, i -> i.requests()),
                                series(
                                        p.model().equals("closed") ? "agents" : "target rate",
                                        "#9ca3af",
                                        iv,
                                        i -> p.model().equals("closed") ? i.agents() : i.targetRate())),
                        bursts));
        b.append("<h2>Decisions</h2>");
        List<Map.Entry<String, Map<String, Long>>> rows = new ArrayList<>();
        rows.add(Map.entry("all", r.decisions()));
        r.decisionsByClass().forEach((k, v) -> rows.add(Map.entry(k, v)));
        b.append(SvgChart.stackedBars("Decision mix, overall and by command class", rows, VERDICT_COLORS));
        b.append(SvgChart.lines(
                "Decisions per second; escalations are ask answers",
                "per second",
                List.of(
                        series("allow", "#16a34a", iv, i -> i.decisions().getOrDefault("allow", 0L)),
                        series(
                                "ask (escalations)",
                                "#f59e0b",
                                iv,
                                i -> i.decisions().getOrDefault("ask", 0L)),
                        series("deny", "#dc2626", iv, i -> i.decisions().getOrDefault("deny", 0L)),
                        series(
                                "none (no decision)",
                                "#9ca3af",
                                iv,
                                i -> i.decisions().getOrDefault("none", 0L))),
                bursts));
        r.reviews().ifPresent(v -> reviewCharts(b, v, iv.size(), bursts));
        if (r.regions() != null && !r.regions().isEmpty()) {
            regionChart(b, r.regions());
        }
        b.append("<h2>Errors</h2>")
                .append(SvgChart.lines(
                        "Errors and injected network errors per second",
                        "per second",
                        List.of(
                                series("errors", "#dc2626", iv, i -> i.errors()),
                                series("injected", "#9ca3af", iv, i -> i.injected())),
                        bursts));
        b.append("<p>Raw data: <code>").append(JSON_FILE).append("</code> beside this file.</p></body></html>\n");
        return b.toString();
    }

    /** Review latency per second of the run (the verdicts counted in that second), beside the calls' own latency. */
    private static void reviewCharts(StringBuilder b, LoadResult.Reviews v, int seconds, boolean[] bursts) {
        b.append("<h2>Reviews</h2>");
        if (v.seconds() == null || v.seconds().isEmpty()) {
            b.append("<p>No review was answered during the run.</p>");
            return;
        }
        double[] p50 = new double[seconds];
        double[] p99 = new double[seconds];
        double[] answered = new double[seconds];
        for (LoadResult.ReviewSecond s : v.seconds()) {
            if (s.second() >= 0 && s.second() < seconds) {
                p50[s.second()] = s.p50Ms();
                p99[s.second()] = s.p99Ms();
                answered[s.second()] = s.answered();
            }
        }
        b.append(SvgChart.lines(
                "Review latency (ms, review created -> verdict counted) by the second the verdict was counted",
                "ms",
                List.of(new SvgChart.Series("p50", "#2563eb", p50), new SvgChart.Series("p99", "#dc2626", p99)),
                bursts));
        b.append(SvgChart.lines(
                "Verdicts counted per second",
                "per second",
                List.of(new SvgChart.Series("verdicts", "#16a34a", answered)),
                bursts));
    }

    /** Each region's p50 and p99, side by side, so a slow region stands out at a glance. */
    private static void regionChart(StringBuilder b, Map<String, LoadResult.RegionResult> regions) {
        b.append("<h2>Regions</h2>");
        List<Map.Entry<String, double[]>> bars = new ArrayList<>();
        regions.forEach((name, region) -> bars.add(Map.entry(
                name, new double[] {region.latency().p50Ms(), region.latency().p99Ms()})));
        b.append(SvgChart.groupedBars(
                "Corrected latency per region (ms)",
                "ms",
                List.of(Map.entry("p50", "#2563eb"), Map.entry("p99", "#dc2626")),
                bars));
    }

    private static void comparisonTable(StringBuilder b, Comparison c) {
        b.append("<h2>Against the baseline</h2><p class='")
                .append(c.regressed() ? "bad'>Regressed" : "ok'>No regression")
                .append(SvgChart.esc(" (threshold %.0f %%).".formatted(c.threshold() * 100)))
                .append("</p>");
        for (String w : c.warnings()) {
            b.append("<p>Warning: ").append(SvgChart.esc(w)).append("</p>");
        }
        b.append("<table><tr><th>measure</th><th>baseline</th><th>this run</th><th>change</th><th></th></tr>");
        for (Comparison.Change ch : c.changes()) {
            b.append("<tr><td>")
                    .append(SvgChart.esc(
                            ch.measure().label() + " " + ch.measure().unit()))
                    .append("</td><td>")
                    .append(Summary.number(ch.baseline()))
                    .append("</td><td>")
                    .append(Summary.number(ch.current()))
                    .append("</td><td>")
                    .append(SvgChart.esc(Summary.change(ch.baseline(), ch.current())))
                    .append("</td><td class='")
                    .append(ch.regressed() ? "bad'>" : "ok'>")
                    .append(SvgChart.esc(Summary.verdict(ch)))
                    .append("</td></tr>");
        }
        b.append("</table>");
    }

    private static SvgChart.Series series(
            String name, String color, List<LoadResult.Interval> iv, ToDoubleFunction<LoadResult.Interval> f) {
        return new SvgChart.Series(name, color, iv.stream().mapToDouble(f).toArray());
    }
}
