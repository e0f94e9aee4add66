package dev.lighthouse.load;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows a run's progress on standard error: a bar redrawn in place once a second on a terminal, otherwise one line
 * every {@code every} seconds (and the last second), so logs of CI runs stay readable.
 */
public final class ProgressPrinter implements Consumer<LoadRun.Progress> {
    private static final int BAR = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final int every;

    public ProgressPrinter(PrintWriter err, boolean terminal, int every) {
        this.err = err;
        this.terminal = terminal;
        this.every = Math.max(1, every);
    }

    @Override
    public void accept(LoadRun.Progress p) {
        boolean last = p.second() >= p.totalSeconds();
        String text = String.format(
                Locale.ROOT,
                "%3d/%ds  %s %,6d req/s  p99 %7.1f ms  requests %,d  errors %,d%s",
                p.second(),
                p.totalSeconds(),
                p.targetRate() > 0 ? "rate %.0f".formatted(p.targetRate()) : "agents %,d".formatted(p.agents()),
                p.last().requests(),
                p.last().p99Ms(),
                p.requests(),
                p.errors(),
                p.last().burst() ? "  burst" : "");
        if (terminal) {
            int filled = (int) ((long) BAR * p.second() / Math.max(1, p.totalSeconds()));
            err.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + text + (last ? "\n" : ""));
            err.flush();
        } else if (last || p.second() % every == 0) {
            err.println("load: " + text);
            err.flush();
        }
    }
}
