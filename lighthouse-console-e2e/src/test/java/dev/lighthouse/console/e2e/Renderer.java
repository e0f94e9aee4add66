package dev.lighthouse.console.e2e;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * The page's renderer as Chromium counts it (the DevTools protocol's {@code Performance.getMetrics}, through
 * chromedriver's CDP pass-through, so no protocol bindings tied to one Chromium version): time spent in tasks, script,
 * style recalculation and layout, and how many of each. Totals since the page opened; a measurement takes two readings
 * and prints the difference. {@code ProcessTime} and {@code ThreadTime} are CPU time (the renderer process, its main
 * thread), which a loaded machine does not stretch; the {@code *Duration} figures are wall time on the main thread.
 */
final class Renderer {
    private static final List<String> SHOWN = List.of(
            "ProcessTime",
            "ThreadTime",
            "TaskDuration",
            "ScriptDuration",
            "RecalcStyleDuration",
            "LayoutDuration",
            "TaskOtherDuration",
            "RecalcStyleCount",
            "LayoutCount",
            "Nodes",
            "JSHeapUsedSize");

    private Renderer() {}

    /** Starts counting (once per page). */
    static void enable(WebDriver browser) {
        ((ChromiumDriver) browser).executeCdpCommand("Performance.enable", Map.of());
    }

    /** The current totals, by metric name (durations in seconds). */
    static Map<String, Double> metrics(WebDriver browser) {
        ChromiumDriver chrome = (ChromiumDriver) browser;
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>)
                chrome.executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
        Map<String, Double> out = new TreeMap<>();
        for (Map<String, Object> m : list) {
            out.put((String) m.get("name"), ((Number) m.get("value")).doubleValue());
        }
        return out;
    }

    /** What the renderer's main thread did between two readings, in total and per decision. */
    static void print(Map<String, Double> from, Map<String, Double> to, int decisions) {
        System.out.printf("  renderer main thread (DevTools Performance.getMetrics):%n");
        for (String name : SHOWN) {
            double a = from.getOrDefault(name, Double.NaN);
            double b = to.getOrDefault(name, Double.NaN);
            if (name.endsWith("Duration") || name.endsWith("Time")) {
                System.out.printf(
                        "    %-20s %8.0f ms, %.3f ms per decision%n", name, (b - a) * 1000, (b - a) * 1000 / decisions);
            } else if (name.endsWith("Count")) {
                System.out.printf("    %-20s %8.0f (%.2f per decision)%n", name, b - a, (b - a) / decisions);
            } else {
                System.out.printf("    %-20s %8.0f at the end%n", name, b);
            }
        }
    }
}
