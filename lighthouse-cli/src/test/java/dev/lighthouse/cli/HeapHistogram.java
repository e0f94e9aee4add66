package dev.lighthouse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's live heap by class, as {@code jcmd PID GC.class_histogram} prints it after the full collection it
 * forces: what is still reachable, where the heap after a young collection also counts old garbage no concurrent
 * cycle has marked yet. Two of the same process, taken some time apart, say what grew ({@link #growth}).
 *
 * @param bytes live bytes by class name
 * @param instances live instances by class name
 */
record HeapHistogram(Map<String, Long> bytes, Map<String, Long> instances) {
    /** {@code   num:   #instances   #bytes  class name (module)} */
    private static final Pattern ROW = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");

    /** Takes the histogram of {@code pid} (a full collection in that process) and keeps jcmd's text at {@code keep}. */
    static HeapHistogram take(long pid, Path keep) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String text = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        Files.writeString(keep, text);
        return parse(text);
    }

    static HeapHistogram parse(String text) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        Map<String, Long> instances = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                bytes.merge(m.group(3), Long.parseLong(m.group(2)), Long::sum);
                instances.merge(m.group(3), Long.parseLong(m.group(1)), Long::sum);
            }
        }
        return new HeapHistogram(bytes, instances);
    }

    long totalBytes() {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The {@code top} classes whose live bytes grew most since {@code earlier}, one a line, with the totals first. */
    String growth(HeapHistogram earlier, int top) {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "live heap %.1f MB -> %.1f MB; grew most:%n",
                earlier.totalBytes() / 1e6,
                totalBytes() / 1e6));
        bytes.entrySet().stream()
                .sorted(Comparator.comparingLong(
                        (Map.Entry<String, Long> e) -> earlier.bytes.getOrDefault(e.getKey(), 0L) - e.getValue()))
                .limit(top)
                .forEach(e -> out.append(String.format(
                        Locale.ROOT,
                        "  %+10.1f kB %+9d instances  %s%n",
                        (e.getValue() - earlier.bytes.getOrDefault(e.getKey(), 0L)) / 1e3,
                        instances.get(e.getKey()) - earlier.instances.getOrDefault(e.getKey(), 0L),
                        e.getKey())));
        return out.toString();
    }
}
