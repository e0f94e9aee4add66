package dev.lighthouse.bridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bridge's Prometheus metrics (served at {@code /metrics}):
 *
 * <ul>
 *   <li>{@code lighthouse_decisions_total{decision,tool,rule,dialect}} — every answered call;
 *   <li>{@code lighthouse_decision_stage_seconds{stage}} — latency histograms of {@code parse} (reading the hook
 *       input into a tool call), {@code policy} (shell analysis and rules), {@code store} (durable append) and
 *       {@code total};
 *   <li>{@code lighthouse_calls_in_flight} — calls being decided now;
 *   <li>{@code lighthouse_policy_cache_total{result=hit|miss}} — the decision cache's hit ratio;
 *   <li>{@code lighthouse_rejected_total{dialect,cause}} — calls refused before the policy (auth, limits, bad input);
 *   <li>JVM memory, GC, threads, class loading, CPU and uptime.
 * </ul>
 *
 * <p>Thread-safe. Tag values come from closed sets (verdicts, dialects, stages), the policy's rule ids, the built-in
 * tool names and the configured {@code metrics.tool_labels}; every other tool is {@code other}, since agents choose
 * tool names (and may put anything in one). Under that, a meter filter caps every tag at {@link #MAX_TAG_VALUES}
 * distinct values, the rest counted as {@code other}.
 */
public final class BridgeMetrics {
    private final PrometheusMeterRegistry registry = cappedRegistry();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer parse = stage("parse");
    private final Timer policy = stage("policy");
    private final Timer store = stage("store");
    private final Timer total = stage("total");
    private final Counter cacheHit = cache("hit");
    private final Counter cacheMiss = cache("miss");
    private final Counter overBudget = Counter.builder("lighthouse.decision.over.budget")
            .description("Decisions that ran out of their time budget and went to review unjudged")
            .register(registry);
    private volatile CallObserver observer = CallObserver.NONE;
    private final Set<String> toolLabels;

    /** The tools every agent has (Claude Code's names; other dialects are mapped to them). */
    private static final Set<String> BUILT_IN_TOOLS = Set.of(
            "Bash", "Write", "Edit", "MultiEdit", "NotebookEdit", "Read", "Glob", "Grep", "WebFetch", "WebSearch");

    /** Hears every counted call: the SLA monitor's input. Called on request threads; must not block. */
    public interface CallObserver {
        /** A call of {@code session} (an agent's session key) was decided and recorded, {@code totalNanos} after it arrived. */
        void decided(String session, long totalNanos);

        /** A call was refused before or while deciding; {@code cause} as in {@code lighthouse_rejected_total}. */
        void rejected(String cause);

        CallObserver NONE = new CallObserver() {
            @Override
            public void decided(String session, long totalNanos) {}

            @Override
            public void rejected(String cause) {}
        };
    }

    /** Most distinct values one tag of one meter may take; later values are counted as {@code other}. */
    public static final int MAX_TAG_VALUES = 100;

    public BridgeMetrics() {
        this(Set.of());
    }

    /**
     * @param toolLabels tool labels counted as themselves besides the built-in tools, e.g. {@code mcp__github} for
     *     a configured MCP server (config {@code metrics.tool_labels}); every other tool is counted as {@code other}
     */
    public BridgeMetrics(Set<String> toolLabels) {
        this.toolLabels = Set.copyOf(toolLabels);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("lighthouse.calls.in.flight", inFlight, AtomicInteger::get)
                .description("Tool calls being decided now")
                .register(registry);
    }

    private static PrometheusMeterRegistry cappedRegistry() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().meterFilter(new TagValueCap(MAX_TAG_VALUES));
        return r;
    }

    private Timer stage(String name) {
        return Timer.builder("lighthouse.decision.stage")
                .description("Decision latency by stage")
                .tag("stage", name)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private Counter cache(String result) {
        return Counter.builder("lighthouse.policy.cache")
                .description("Policy decisions served from the decision cache (hit) or computed (miss)")
                .tag("result", result)
                .register(registry);
    }

    public void enter() {
        inFlight.incrementAndGet();
    }

    public void exit() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void parse(long nanos) {
        parse.record(Duration.ofNanos(nanos));
    }

    public void policy(long nanos, boolean cached) {
        policy.record(Duration.ofNanos(nanos));
        (cached ? cacheHit : cacheMiss).increment();
    }

    /** A decision ran out of its time budget ({@code Decision#overBudget}). */
    public void overBudget() {
        overBudget.increment();
    }

    public void store(long nanos) {
        store.record(Duration.ofNanos(nanos));
    }

    /** Sends every decided and rejected call to {@code value} as well (one observer). */
    public void observe(CallObserver value) {
        this.observer = value;
    }

    public void decided(String dialect, String session, String decision, String tool, String rule, long totalNanos) {
        total.record(Duration.ofNanos(totalNanos));
        observer.decided(session, totalNanos);
        Counter.builder("lighthouse.decisions")
                .description("Answered tool calls")
                .tag("dialect", dialect)
                .tag("decision", decision)
                .tag("tool", toolLabel(tool))
                .tag("rule", rule)
                .register(registry)
                .increment();
    }

    /** The tool's own name when it is built in or configured, else {@code other}: agents choose tool names. */
    private String toolLabel(String tool) {
        return BUILT_IN_TOOLS.contains(tool) || toolLabels.contains(tool) ? tool : TagValueCap.OTHER;
    }

    public void rejected(String dialect, String cause) {
        observer.rejected(cause);
        Counter.builder("lighthouse.rejected")
                .description("Calls refused before the policy: auth, rate limit, size limits, bad input")
                .tag("dialect", dialect)
                .tag("cause", cause)
                .register(registry)
                .increment();
    }

    /** The registry, for components that add meters of their own (reviews, SLA, integrity). */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
