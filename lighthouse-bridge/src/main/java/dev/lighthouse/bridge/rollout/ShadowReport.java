package dev.lighthouse.bridge.rollout;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.verdict.Verdict;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a shadow version saw so far ({@code GET /v1/policy/shadow}): how many calls both versions judged, how many
 * they judged differently, how many the shadow skipped because its queue was full, the verdict pairs ({@code
 * allow->review}: count, sorted) and the most recent differing calls, newest first.
 *
 * @param active the active version's hash
 * @param candidate the shadow version's hash
 */
public record ShadowReport(
        String active,
        String candidate,
        String candidateName,
        long compared,
        long differing,
        long dropped,
        Map<String, Long> pairs,
        List<Example> recent) {
    public ShadowReport {
        requireNonNull(active, "active");
        requireNonNull(candidate, "candidate");
        requireNonNull(candidateName, "candidateName");
        pairs = Collections.unmodifiableSortedMap(new TreeMap<>(pairs));
        recent = List.copyOf(recent);
    }

    /** A call the two versions judged differently: who, what (a command cut to 200 characters), the two verdicts. */
    public record Example(Instant at, String agent, String tool, String input, Verdict active, Verdict candidate) {}
}
