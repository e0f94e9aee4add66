package dev.lighthouse.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one load run measured; written as JSON ({@link #SCHEMA_VERSION}) and read back as a baseline. Latencies are
 * milliseconds, "corrected" ones measured from the moment the agent meant to send (coordinated omission), the
 * "uncorrected" ones from the moment the request really left.
 */
public record LoadResult(
        int schemaVersion,
        Plan plan,
        String startedAt,
        double elapsedSeconds,
        Totals totals,
        Latency latency,
        Latency uncorrectedLatency,
        double throughput,
        double errorRate,
        double shareUnder100ms,
        Map<String, Long> decisions,
        Map<String, Map<String, Long>> decisionsByClass,
        long escalations,
        int peakInFlight,
        Bridge bridge,
        List<Interval> intervals,
        Map<String, RegionResult> regions,
        Optional<Reviews> reviews,
        long failovers,
        List<Target> targets) {

    public static final int SCHEMA_VERSION = 1;

    public LoadResult {
        targets = targets == null ? List.of() : List.copyOf(targets); // results written before several URLs
    }

    /**
     * What one of the run's bridges ({@code --url}) answered.
     *
     * @param agents agents (closed model) or session slots (open model) that started on it
     * @param answered calls it answered with a readable decision: the acknowledged ones
     * @param errors calls sent to it without a usable answer
     * @param failoversAway times an agent left it because it failed at the connection
     * @param latency corrected latency of the calls it answered
     */
    public record Target(String url, long agents, long answered, long errors, long failoversAway, Latency latency) {}

    /** The plan as run, enough to tell whether two results are comparable; {@code url} lists every bridge. */
    public record Plan(
            String url,
            String dialect,
            String pattern,
            String model,
            double durationSeconds,
            double rampSeconds,
            int baseAgents,
            int peakAgents,
            double baseRate,
            double peakRate,
            double thinkTimeMs,
            double sessionMeanSeconds,
            double networkErrorRate,
            double retryShare,
            long seed) {
        static Plan of(LoadPlan p) {
            return new Plan(
                    String.join(",", p.urls().stream().map(URI::toString).toList()),
                    p.dialect().cliName(),
                    p.pattern().cliName(),
                    p.model().name().toLowerCase(java.util.Locale.ROOT),
                    p.duration().toMillis() / 1000.0,
                    p.ramp().toMillis() / 1000.0,
                    p.baseAgents(),
                    p.peakAgents(),
                    p.baseRate(),
                    p.peakRate(),
                    p.thinkTime().toNanos() / 1e6,
                    p.sessionMean().toMillis() / 1000.0,
                    p.networkErrorRate(),
                    p.retryShare(),
                    p.seed());
        }
    }

    /**
     * @param sent attempts that went out on the wire
     * @param answered 2xx answers with a readable decision
     * @param errors attempts without a usable answer, by {@link ErrorKind}
     * @param injected attempts the client failed on purpose (network-error injection)
     * @param retried injected failures the agent retried
     * @param lost injected failures not retried: the call never happened
     * @param firstErrors the first message seen per error kind
     */
    public record Totals(
            long sent,
            long answered,
            long errors,
            Map<String, Long> errorKinds,
            long injected,
            long retried,
            long lost,
            Map<String, String> firstErrors) {}

    public record Latency(
            long count,
            double meanMs,
            double p50Ms,
            double p90Ms,
            double p95Ms,
            double p99Ms,
            double p999Ms,
            double maxMs) {}

    /**
     * The bridge's own resource use, from the {@code process} object of its {@code GET /v1/status}; each empty
     * when the bridge does not publish it.
     */
    public record Bridge(
            int scrapes,
            OptionalDouble cpuMean,
            OptionalDouble cpuMax,
            OptionalDouble heapMaxBytes,
            OptionalDouble memoryMeanBytes,
            OptionalDouble memoryMaxBytes,
            OptionalDouble gcCount,
            OptionalDouble gcSeconds) {}

    /**
     * The calls of the agents labelled with one region.
     *
     * @param share the region's planned share of agents
     * @param agents agents (closed model) or session slots (open model) placed in the region
     * @param requests calls completed, answered or failed
     * @param errors calls without a usable answer
     * @param addedLatencyMs one-way delay added before each call ({@code --region-latency}); 0 = none, loopback as is
     * @param latency corrected latency of the answered calls
     */
    public record RegionResult(
            double share, long agents, long requests, long errors, double addedLatencyMs, Latency latency) {}

    /**
     * What the simulated reviewer pool did ({@code --simulate-reviewers}).
     *
     * @param approvalShare planned share of approvals
     * @param reviewers reviewer identities polling
     * @param seen distinct pending reviews the pool saw: the escalations that reached review
     * @param answered verdicts the bridge counted
     * @param approved counted approvals
     * @param denied counted denials
     * @param notCounted verdicts the bridge refused (not eligible, already voted, already resolved)
     * @param errors failed API calls
     * @param byRoute counted verdicts per review route
     * @param latency from the review's creation to the counted verdict
     * @param firstErrors the first message per failing call (list, verdict)
     * @param seconds review latency per second of the run, by when the verdict was counted (null in results
     *     written before it was recorded)
     */
    public record Reviews(
            double approvalShare,
            int reviewers,
            long seen,
            long answered,
            long approved,
            long denied,
            long notCounted,
            long errors,
            Map<String, Long> byRoute,
            Latency latency,
            Map<String, String> firstErrors,
            List<ReviewSecond> seconds) {}

    /** The verdicts counted in one second of the run and their latency from the review's creation. */
    public record ReviewSecond(int second, long answered, double p50Ms, double p99Ms, double maxMs) {}

    /** One second of the run, by completion time. */
    public record Interval(
            int second,
            long requests,
            long errors,
            long injected,
            double p50Ms,
            double p95Ms,
            double p99Ms,
            double maxMs,
            Map<String, Long> decisions,
            int agents,
            double targetRate,
            boolean burst) {}

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** Reads a result written by {@link #write}; the message names the file and what is wrong. */
    public static LoadResult read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("%s: cannot read: %s".formatted(file, e.getMessage()));
        }
        LoadResult r;
        try {
            r = JSON.readValue(text, LoadResult.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("%s: not a load result: %s".formatted(file, e.getOriginalMessage()));
        }
        if (r.schemaVersion() != SCHEMA_VERSION || r.latency() == null || r.plan() == null) {
            throw new IllegalArgumentException("%s: expected a load result with schema_version %d, found %d"
                    .formatted(file, SCHEMA_VERSION, r.schemaVersion()));
        }
        return r;
    }
}
