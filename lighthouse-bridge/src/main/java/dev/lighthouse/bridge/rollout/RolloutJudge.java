package dev.lighthouse.bridge.rollout;

import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.PolicyVersion;
import dev.lighthouse.policy.SessionDenials;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.verdict.Verdict;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The judge whose policy versions can change while the bridge runs: the active engine, optionally a canary engine
 * deciding for a stable share of agents, and optionally a {@link Shadow} judging beside the active one.
 *
 * <p>The engines are one immutable {@link Engines} value behind a volatile reference, swapped whole by {@link
 * Rollout}: a decision reads it once and never locks, and a decision already made keeps the version it names (each
 * {@code decision.made} event records it). Every verdict is counted per version for the decision-mix check.
 */
final class RolloutJudge implements Judge {
    /** The versions deciding now. {@code canaryPercent} is 1 to 99 when a canary is present. */
    record Engines(PolicyEngine active, Optional<PolicyEngine> canary, int canaryPercent, Optional<Shadow> shadow) {}

    private final Map<String, DecisionMix> mixes = new ConcurrentHashMap<>();
    private volatile Engines engines;

    RolloutJudge(PolicyEngine active) {
        this.engines = new Engines(active, Optional.empty(), 0, Optional.empty());
    }

    @Override
    public Decision decide(ToolCall call, Instant now) {
        return decide(call, now, d -> Optional.empty());
    }

    @Override
    public Decision decide(ToolCall call, Instant now, Function<Decision, Optional<ToolCall>> again) {
        Engines e = engines;
        PolicyEngine chosen = e.canary().isPresent() && inCanary(call.agent(), e.canaryPercent())
                ? e.canary().get()
                : e.active();
        Decision decision = chosen.decide(call, now);
        Optional<ToolCall> instead = again.apply(decision);
        ToolCall judged = instead.orElse(call);
        if (instead.isPresent()) {
            decision = chosen.decide(judged, now);
        }
        mix(decision.policy().hash()).record(decision.verdict());
        if (e.shadow().isPresent()) {
            e.shadow().get().offer(judged, now, decision);
        }
        return decision;
    }

    /** Every engine of a rollout shares the rollout's memory. */
    @Override
    public Optional<SessionDenials> sessionDenials() {
        return Optional.of(engines.active().sessionDenials());
    }

    /** The same engine decides, but the decision mix and the shadow do not hear of it: nothing ran. */
    @Override
    public Decision preview(ToolCall call, Instant now) {
        Engines e = engines;
        PolicyEngine chosen = e.canary().isPresent() && inCanary(call.agent(), e.canaryPercent())
                ? e.canary().get()
                : e.active();
        return chosen.decide(call, now);
    }

    @Override
    public PolicyVersion version() {
        return engines.active().policy().version();
    }

    Engines engines() {
        return engines;
    }

    void swap(Engines value) {
        engines = value;
    }

    /** Counts a decision made before this bridge started (read back from the store). */
    void count(String hash, Verdict verdict) {
        mix(hash).record(verdict);
    }

    DecisionMix.Counts counts(String hash) {
        DecisionMix mix = mixes.get(hash);
        return mix == null ? DecisionMix.Counts.NONE : mix.counts();
    }

    private DecisionMix mix(String hash) {
        DecisionMix mix = mixes.get(hash);
        return mix != null ? mix : mixes.computeIfAbsent(hash, h -> new DecisionMix());
    }

    /**
     * Whether {@code agent} is among the canary's {@code percent} of agents. Stable: an agent stays on the same side
     * for the canary's whole life and on every replica (String.hashCode is specified), so its session does not flip
     * between versions.
     */
    static boolean inCanary(String agent, int percent) {
        int h = agent.hashCode() * 0x9E3779B9; // spread similar names over the buckets
        h ^= h >>> 16;
        return Math.floorMod(h, 100) < percent;
    }
}
