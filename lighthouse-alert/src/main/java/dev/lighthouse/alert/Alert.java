package dev.lighthouse.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * Something an operator must hear about: an SLA violation, an automatic rollback, a broken event chain.
 *
 * @param dedupKey identifies the incident across trigger and resolve (e.g. {@code sla/p99_latency}); PagerDuty's
 *     {@code dedup_key}
 * @param severity how urgent
 * @param summary one line a person reads first
 * @param source where it happened (the bridge's address or node name)
 * @param details structured facts (values, thresholds, versions, seqs); strings, numbers or booleans
 * @param at when it happened
 */
public record Alert(
        String dedupKey, Severity severity, String summary, String source, Map<String, Object> details, Instant at) {
    public Alert {
        requireNonNull(dedupKey, "dedupKey");
        requireNonNull(severity, "severity");
        requireNonNull(summary, "summary");
        requireNonNull(source, "source");
        details = Map.copyOf(details);
        requireNonNull(at, "at");
    }

    /** PagerDuty's severities, which the other sinks reuse. */
    public enum Severity {
        CRITICAL,
        ERROR,
        WARNING,
        INFO
    }
}
