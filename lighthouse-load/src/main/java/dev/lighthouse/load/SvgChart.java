package dev.lighthouse.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small inline SVG charts for the HTML report: no scripts, no network, readable in any browser. */
final class SvgChart {
    private static final int W = 760;
    private static final int H = 240;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 36;

    private SvgChart() {}

    record Series(String name, String color, double[] values) {}

    /** Lines over the run's seconds; seconds flagged in {@code shaded} (bursts) get a pale band. */
    static String lines(String title, String yUnit, List<Series> series, boolean[] shaded) {
        int n = series.isEmpty() ? 0 : series.getFirst().values().length;
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                max = Math.max(max, v);
            }
        }
        double top = niceCeiling(max);
        StringBuilder b = open(title);
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        double step = n <= 1 ? plotW : plotW / (n - 1);
        for (int i = 0; i < n && i < shaded.length; i++) {
            if (shaded[i]) {
                b.append(fmt(
                        "<rect x='%.1f' y='%d' width='%.1f' height='%.1f' fill='#fde68a' opacity='0.5'/>",
                        LEFT + i * step - step / 2, TOP, Math.max(step, 2), plotH));
            }
        }
        axes(b, top, yUnit, n);
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double x = LEFT + i * step;
                double y = TOP + plotH - (top == 0 ? 0 : s.values()[i] / top * plotH);
                pts.append(fmt("%.1f,%.1f ", x, y));
            }
            b.append(fmt(
                    "<polyline fill='none' stroke='%s' stroke-width='1.8' points='%s'><title>%s</title></polyline>",
                    s.color(), pts.toString().strip(), esc(s.name())));
        }
        legend(b, series.stream().map(s -> Map.entry(s.name(), s.color())).toList());
        return b.append("</svg>").toString();
    }

    /** One horizontal bar per row, split by key in the order of {@code colors}; labels show counts and shares. */
    static String stackedBars(
            String title, List<Map.Entry<String, Map<String, Long>>> rows, Map<String, String> colors) {
        int rowH = 30;
        int height = TOP + rows.size() * rowH + BOTTOM;
        StringBuilder b = new StringBuilder(fmt(
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' role='img'>"
                        + "<text x='%d' y='18' class='title'>%s</text>",
                W, height, W, height, LEFT, esc(title)));
        double plotW = W - LEFT - RIGHT - 40;
        for (int r = 0; r < rows.size(); r++) {
            Map<String, Long> counts = rows.get(r).getValue();
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            double y = TOP + r * rowH;
            b.append(fmt(
                    "<text x='%d' y='%.1f' text-anchor='end' class='label'>%s</text>",
                    LEFT + 34, y + 19, esc(rows.get(r).getKey())));
            double x = LEFT + 40;
            for (Map.Entry<String, String> c : colors.entrySet()) {
                long v = counts.getOrDefault(c.getKey(), 0L);
                if (v == 0 || total == 0) {
                    continue;
                }
                double w = plotW * v / total;
                b.append(fmt(
                        "<rect x='%.1f' y='%.1f' width='%.1f' height='22' fill='%s'><title>%s: %d (%.1f %%)</title>"
                                + "</rect>",
                        x, y + 4, w, c.getValue(), esc(c.getKey()), v, 100.0 * v / total));
                if (w > 60) {
                    b.append(fmt(
                            "<text x='%.1f' y='%.1f' class='bar'>%s %.0f%%</text>",
                            x + 4, y + 19, esc(c.getKey()), 100.0 * v / total));
                }
                x += w;
            }
            if (total == 0) {
                b.append(fmt("<text x='%d' y='%.1f' class='label'>no answers</text>", LEFT + 44, y + 19));
            }
        }
        legend(b, colors.entrySet().stream().toList(), height - 12);
        return b.append("</svg>").toString();
    }

    /**
     * Vertical bars, one group per row and one bar per measure in the order of {@code measures} (name, colour); each
     * bar is labelled with its value.
     */
    static String groupedBars(
            String title,
            String yUnit,
            List<Map.Entry<String, String>> measures,
            List<Map.Entry<String, double[]>> rows) {
        double max = 0;
        for (Map.Entry<String, double[]> row : rows) {
            for (double v : row.getValue()) {
                max = Math.max(max, v);
            }
        }
        double top = niceCeiling(max);
        StringBuilder b = open(title);
        axes(b, top, yUnit, 0);
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        double group = plotW / Math.max(1, rows.size());
        double bar = Math.min(48, (group - 16) / Math.max(1, measures.size()));
        for (int r = 0; r < rows.size(); r++) {
            double x0 = LEFT + r * group + (group - bar * measures.size()) / 2;
            double[] values = rows.get(r).getValue();
            for (int m = 0; m < measures.size() && m < values.length; m++) {
                double h = top == 0 ? 0 : values[m] / top * plotH;
                double x = x0 + m * bar;
                b.append(fmt(
                        "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s %s: %s %s</title>"
                                + "</rect>",
                        x,
                        TOP + plotH - h,
                        bar - 2,
                        h,
                        measures.get(m).getValue(),
                        esc(rows.get(r).getKey()),
                        esc(measures.get(m).getKey()),
                        esc(Summary.number(values[m])),
                        esc(yUnit)));
                b.append(fmt(
                        "<text x='%.1f' y='%.1f' text-anchor='middle' class='label'>%s</text>",
                        x + bar / 2 - 1, TOP + plotH - h - 3, esc(Summary.number(values[m]))));
            }
            b.append(fmt(
                    "<text x='%.1f' y='%d' text-anchor='middle' class='label'>%s</text>",
                    LEFT + r * group + group / 2,
                    H - BOTTOM + 16,
                    esc(rows.get(r).getKey())));
        }
        legend(b, measures);
        return b.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        return new StringBuilder(fmt(
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' role='img'>"
                        + "<text x='%d' y='18' class='title'>%s</text>",
                W, H, W, H, LEFT, esc(title)));
    }

    private static void axes(StringBuilder b, double top, String unit, int n) {
        double plotH = H - TOP - BOTTOM;
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH - plotH * i / 4;
            b.append(fmt("<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#e5e7eb'/>", LEFT, W - RIGHT, y, y));
            b.append(fmt(
                    "<text x='%d' y='%.1f' text-anchor='end' class='label'>%s</text>",
                    LEFT - 6, y + 4, esc(Summary.number(top * i / 4))));
        }
        b.append(fmt(
                "<text x='12' y='%d' class='label' transform='rotate(-90 12 %d)'>%s</text>",
                TOP + (int) plotH / 2, TOP + (int) plotH / 2, esc(unit)));
        int ticks = Math.min(10, Math.max(1, n - 1));
        double plotW = W - LEFT - RIGHT;
        for (int i = 0; i <= ticks && n > 1; i++) {
            int second = Math.round((float) i * (n - 1) / ticks);
            double x = LEFT + plotW * second / (n - 1);
            b.append(fmt(
                    "<text x='%.1f' y='%d' text-anchor='middle' class='label'>%ds</text>",
                    x, H - BOTTOM + 16, second + 1));
        }
    }

    private static void legend(StringBuilder b, List<Map.Entry<String, String>> entries) {
        legend(b, entries, H - 6);
    }

    private static void legend(StringBuilder b, List<Map.Entry<String, String>> entries, int y) {
        int x = LEFT;
        for (Map.Entry<String, String> e : entries) {
            b.append(fmt("<rect x='%d' y='%d' width='10' height='10' fill='%s'/>", x, y - 9, e.getValue()));
            b.append(fmt("<text x='%d' y='%d' class='label'>%s</text>", x + 14, y, esc(e.getKey())));
            x += 24 + 7 * e.getKey().length();
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}; 1 when {@code v} is zero. */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("'", "&#39;")
                .replace("\"", "&quot;");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
