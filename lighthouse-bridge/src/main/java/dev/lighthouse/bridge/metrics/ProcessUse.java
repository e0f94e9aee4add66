package dev.lighthouse.bridge.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.Optional;

/**
 * What the bridge's own process uses right now, read from the JVM's management beans: the figures a load test
 * compares between runs, served as JSON in {@code GET /v1/status} so no client has to parse Prometheus text.
 *
 * @param cpuLoad recent CPU use of this process, 0 to 1 of all cores; empty when the JVM cannot tell
 * @param heapUsedBytes heap in use
 * @param memoryUsedBytes heap and non-heap in use
 * @param gcCount collections since start, all collectors
 * @param gcSeconds time spent in collections since start, all collectors
 */
public record ProcessUse(
        Optional<Double> cpuLoad, long heapUsedBytes, long memoryUsedBytes, long gcCount, double gcSeconds) {

    public static ProcessUse now() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount()); // -1: this collector does not say
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new ProcessUse(
                processCpuLoad(),
                heap.getUsed(),
                heap.getUsed() + memory.getNonHeapMemoryUsage().getUsed(),
                gcCount,
                gcMillis / 1000.0);
    }

    private static Optional<Double> processCpuLoad() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            return load < 0 ? Optional.empty() : Optional.of(load);
        }
        return Optional.empty();
    }
}
