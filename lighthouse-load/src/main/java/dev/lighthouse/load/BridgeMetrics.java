package dev.lighthouse.load;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The bridge's resource use read from its Prometheus text exposition: standard Micrometer JVM and process names
 * ({@code process_cpu_usage}, {@code jvm_memory_used_bytes}, {@code jvm_gc_pause_seconds_count} and {@code _sum}).
 * Any of them may be missing; a missing one stays empty rather than zero.
 */
final class BridgeMetrics {
    private BridgeMetrics() {}

    /** One scrape: each value empty when the bridge did not publish it. */
    record Sample(
            OptionalDouble cpu,
            OptionalDouble heapBytes,
            OptionalDouble memoryBytes,
            OptionalDouble gcCount,
            OptionalDouble gcSeconds) {}

    static Sample parse(String text) {
        Sums cpu = new Sums();
        Sums heap = new Sums();
        Sums memory = new Sums();
        Sums gcCount = new Sums();
        Sums gcSeconds = new Sums();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = indexOfAny(line, '{', ' ');
            if (nameEnd < 0) {
                continue;
            }
            String name = line.substring(0, nameEnd);
            String labels = line.charAt(nameEnd) == '{' ? line.substring(nameEnd, line.indexOf('}', nameEnd) + 1) : "";
            String rest = line.substring(nameEnd + labels.length()).trim();
            int space = rest.indexOf(' ');
            double value;
            try {
                value = Double.parseDouble(space < 0 ? rest : rest.substring(0, space));
            } catch (NumberFormatException e) {
                continue;
            }
            switch (name) {
                case "process_cpu_usage" -> cpu.add(value);
                case "jvm_memory_used_bytes" -> {
                    memory.add(value);
                    if (labels.contains("area=\"heap\"")) {
                        heap.add(value);
                    }
                }
                case "jvm_gc_pause_seconds_count" -> gcCount.add(value);
                case "jvm_gc_pause_seconds_sum" -> gcSeconds.add(value);
                default -> {}
            }
        }
        return new Sample(cpu.value(), heap.value(), memory.value(), gcCount.value(), gcSeconds.value());
    }

    /** Mean and peak CPU, peak heap, mean and peak memory, and GC done between the first and the last scrape. */
    static LoadResult.Bridge summarise(List<Sample> samples) {
        if (samples.isEmpty()) {
            OptionalDouble none = OptionalDouble.empty();
            return new LoadResult.Bridge(0, none, none, none, none, none, none, none);
        }
        return new LoadResult.Bridge(
                samples.size(),
                stat(samples, Sample::cpu, true),
                stat(samples, Sample::cpu, false),
                stat(samples, Sample::heapBytes, false),
                stat(samples, Sample::memoryBytes, true),
                stat(samples, Sample::memoryBytes, false),
                growth(samples, Sample::gcCount),
                growth(samples, Sample::gcSeconds));
    }

    private static OptionalDouble stat(List<Sample> samples, Function<Sample, OptionalDouble> f, boolean mean) {
        var values = samples.stream().map(f).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble);
        return mean ? values.average() : values.max();
    }

    private static OptionalDouble growth(List<Sample> samples, Function<Sample, OptionalDouble> f) {
        List<Double> present = samples.stream()
                .map(f)
                .filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble)
                .toList();
        if (present.size() < 2) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(present.getLast() - present.getFirst());
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static final class Sums {
        private double sum;
        private boolean seen;

        void add(double v) {
            if (!Double.isNaN(v)) {
                sum += v;
                seen = true;
            }
        }

        OptionalDouble value() {
            return seen ? OptionalDouble.of(sum) : OptionalDouble.empty();
        }
    }
}
