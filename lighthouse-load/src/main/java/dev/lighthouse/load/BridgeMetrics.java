package dev.lighthouse.load;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bridge's resource use as its {@code GET /v1/status} reports it under {@code process}: CPU load, heap and total
 * memory in use, and collections with their time since start. A bridge that does not report one (an older version,
 * or a JVM that cannot tell its CPU load) leaves that figure empty rather than zero.
 */
final class BridgeMetrics {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BridgeMetrics() {}

    /** One scrape: each value empty when the bridge did not publish it. */
    record Sample(
            OptionalDouble cpu,
            OptionalDouble heapBytes,
            OptionalDouble memoryBytes,
            OptionalDouble gcCount,
            OptionalDouble gcSeconds) {}

    /** Reads a {@code GET /v1/status} body; a body that is not JSON measures nothing. */
    static Sample parse(String statusBody) {
        JsonNode process;
        try {
            process = JSON.readTree(statusBody).path("process");
        } catch (JacksonException e) {
            process = JSON.missingNode();
        }
        return new Sample(
                number(process, "cpuLoad"),
                number(process, "heapUsedBytes"),
                number(process, "memoryUsedBytes"),
                number(process, "gcCount"),
                number(process, "gcSeconds"));
    }

    private static OptionalDouble number(JsonNode process, String field) {
        JsonNode value = process.path(field);
        return value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
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
}
