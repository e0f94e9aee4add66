package dev.lighthouse.bridge.rollout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lighthouse.alert.Alert;
import dev.lighthouse.alert.Alerts;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.bridge.sla.SlaTransition;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Page;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.PolicyVersion;
import dev.lighthouse.policy.SessionDenials;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.policy.yaml.PolicyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Policy versions as events, and the bridge's judge over them: apply, canary, shadow, promote, abort, roll back, and
 * roll back by itself when a new version misbehaves.
 *
 * <p><b>State is a projection of the {@code policy} stream.</b> {@link PolicyEvent.Activated} carries a version's full
 * {@link PolicySource}; {@link PolicyEvent.RolledBack} and {@link PolicyEvent.KnownGood} move the pointers. {@link
 * #open} replays the stream, so a restart (or another replica) decides under exactly the versions the events name; on
 * an empty store the configured policy becomes the first, known-good activation. Every change is appended first and
 * then applied through the same {@link #replay} that rebuilds at start, so live state and rebuilt state cannot
 * differ.
 *
 * <p><b>Watching.</b> For {@link RolloutSettings#watchWindow()} after an activation or a canary start the new
 * version is watched: once it and the version before it have each made {@link RolloutSettings#minDecisions()}
 * decisions, a share of review+deny more than {@link RolloutSettings#maxShiftPoints()} above the earlier version's
 * share, or a rollback-flagged SLA violation, reverts to the last known-good version (a canary is aborted), with the
 * {@link Evidence} in the {@code policy.rolled_back} event, an alert ({@code policy/rollback}) and an ERROR log line.
 * A version that survives the window becomes known-good.
 *
 * <p><b>Answers.</b> A change answers an {@link Outcome}: the new {@link PolicyStatus}, or a {@link Refusal} saying
 * why nothing changed. Neither knows HTTP; the policy endpoints map them.
 *
 * <p>Thread-safe: changes are serialised on this object; deciding never locks ({@link RolloutJudge}).
 */
public final class Rollout implements SlaTransition.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rollout.class);
    /** The stream every policy event is appended to. */
    public static final String STREAM = "policy";

    static final String AUTOMATIC = "lighthouse";
    private static final int HISTORY = 50;

    /** The record each stored type of the policy stream reads as: the one place that maps the two. */
    private static final Map<EventType, Class<? extends PolicyEvent>> RECORDS = Map.of(
            EventType.POLICY_ACTIVATED, PolicyEvent.Activated.class,
            EventType.POLICY_ROLLED_BACK, PolicyEvent.RolledBack.class,
            EventType.POLICY_KNOWN_GOOD, PolicyEvent.KnownGood.class);

    /** Who decides for whom: everyone, a share of agents, or nobody (judged beside, never enforced). */
    public enum Mode {
        ACTIVE,
        CANARY,
        SHADOW;

        /** {@code active}, {@code canary} or {@code shadow}, as events and the API spell it. */
        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Mode of(String text) {
            for (Mode mode : values()) {
                if (mode.label().equals(text)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("mode must be active, canary or shadow, got \"%s\"".formatted(text));
        }
    }

    /**
     * Where a new version goes: {@link #active()} for everyone, {@link #canary(int)} for a share of agents, {@link
     * #shadow()} beside the active version.
     *
     * @param canaryPercent the canary's share of agents (checked when applied); 0 for the other modes
     */
    public record Target(Mode mode, int canaryPercent) {
        public Target {
            requireNonNull(mode, "mode");
            if (mode != Mode.CANARY && canaryPercent != 0) {
                throw new IllegalArgumentException("only a canary has a share of agents; got %s with %d %%"
                        .formatted(mode.label(), canaryPercent));
            }
        }

        public static Target active() {
            return new Target(Mode.ACTIVE, 0);
        }

        /** A canary for {@code percent} % of agents (1 to 99, or {@link #apply} refuses it). */
        public static Target canary(int percent) {
            return new Target(Mode.CANARY, percent);
        }

        public static Target shadow() {
            return new Target(Mode.SHADOW, 0);
        }
    }

    /** What a change answers: the versions after it, or why it was not made. */
    public sealed interface Outcome permits PolicyStatus, Refusal {}

    /** Who made a change, and why. */
    record Author(String by, String reason) {
        Author {
            requireNonNull(by, "by");
            requireNonNull(reason, "reason");
        }
    }

    /**
     * Where the watch and the shadow run. In the bridge, {@link #thread()}: the check once a second and the SLA
     * monitor's hand-offs on one thread of their own (the monitor must not block), shadow comparisons on virtual
     * threads. A test runs them on its own thread, when it chooses, so that it drives time instead of waiting.
     */
    interface Watcher extends AutoCloseable {
        /** Runs {@code check} periodically until closed. */
        void start(Runnable check);

        /** Runs {@code task} on the watch. */
        void execute(Runnable task);

        /** Where a shadow version judges its queued calls, off the request threads. */
        Executor shadows();

        @Override
        void close();

        /** A daemon thread that runs the check every second. */
        static Watcher thread() {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("policy-watch").daemon().factory());
            return new Watcher() {
                @Override
                public void start(Runnable check) {
                    executor.scheduleWithFixedDelay(check, 1, 1, TimeUnit.SECONDS);
                }

                @Override
                public void execute(Runnable task) {
                    executor.execute(task);
                }

                @Override
                public Executor shadows() {
                    return task -> Thread.ofVirtual().name("policy-shadow").start(task);
                }

                @Override
                public void close() {
                    executor.shutdownNow();
                }
            };
        }
    }

    /** A version under watch, and what it is compared with. */
    private record Watch(
            Mode mode,
            String version,
            String baselineVersion,
            DecisionMix.Counts baseline,
            DecisionMix.Counts start,
            Instant since) {}

    private record Candidate(String version, int percent, Instant since) {}

    /** The event that made the active version active: an activation or a rollback. */
    private record Activation(Instant at, String by, String reason) {}

    /** One replayed event, for the history. */
    private record Recorded(long seq, Instant at, EventType type, PolicyEvent change) {}

    private final EventStore store;
    private final RolloutSettings settings;
    private final Alerts alerts;
    private final Clock clock;
    private final Watcher watcher;
    private final RolloutJudge judge;
    /** The session memory every engine of this rollout shares, whichever version decides. */
    private final SessionDenials denials;

    private final Map<String, PolicySource> sources = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, Policy> compiled = new HashMap<>();
    private final Set<String> knownGood = new HashSet<>();
    /** Versions in the order they became active, oldest first (a version may appear more than once). */
    private final List<String> activeOrder = new ArrayList<>();

    private final List<Recorded> history = new ArrayList<>();
    private String active;
    private Activation activation;
    private Optional<Candidate> canary = Optional.empty();
    private Optional<Candidate> shadow = Optional.empty();
    private Optional<Watch> watch = Optional.empty();
    private final boolean restored;
    private volatile java.util.function.BooleanSupplier leads = () -> true;
    private final Policies.SelfProtection selfProtection;

    private Rollout(
            EventStore store,
            RolloutSettings settings,
            Alerts alerts,
            Clock clock,
            PolicySource configured,
            Watcher watcher,
            SessionDenials denials) {
        this.denials = denials;
        this.selfProtection =
                configured.layers().stream().anyMatch(l -> l.file().equals(Policies.SELF_PROTECTION_NAME))
                        ? Policies.SelfProtection.ON
                        : Policies.SelfProtection.OFF;
        this.store = store;
        this.settings = settings;
        this.alerts = alerts;
        this.clock = clock;
        List<Event> stored = storedEvents(store);
        if (stored.stream().noneMatch(e -> e.type().equals(EventType.POLICY_ACTIVATED))) {
            Policy policy = configured.compile();
            stored = store.append(List.of(
                    NewEvent.of(
                            STREAM,
                            PolicyEvent.Activated.of(
                                    policy,
                                    configured,
                                    Target.active(),
                                    new Author("config", "the configured policy at first start"),
                                    Optional.empty())),
                    NewEvent.of(
                            STREAM,
                            new PolicyEvent.KnownGood(
                                    policy.version().name(),
                                    "first version of this store",
                                    policy.version().hash()))));
            compiled.put(policy.version().hash(), policy);
            this.restored = false;
        } else {
            this.restored = true;
        }
        for (Event event : stored) {
            replay(event);
        }
        this.watcher = watcher;
        this.judge = new RolloutJudge(PolicyEngine.of(policy(active), denials).warmedUp());
        watch = watch.map(this::rebuiltFromStore);
        swapEngines();
        watcher.start(this::check);
        boolean wantLayer = selfProtection == Policies.SelfProtection.ON;
        if (restored && wantLayer != Policies.selfProtected(policy(active))) {
            // A version recorded before the self-protection layer existed (or before it was switched off): the same
            // files, with the layer as configured now, recorded as a new activation.
            List<PolicySource.LayerText> files = sources.get(active).layers().stream()
                    .filter(l ->
                            !l.file().equals(Policies.DEFAULT_NAME) && !l.file().equals(Policies.SELF_PROTECTION_NAME))
                    .toList();
            Outcome upgraded = apply(
                    files,
                    Target.active(),
                    "config",
                    wantLayer ? "adds the self-protection layer" : "policy.self-protection is off");
            if (upgraded instanceof Refusal refusal) {
                throw new IllegalStateException(
                        "policy %s could not be recorded with policy.self-protection as configured: %s"
                                .formatted(version(active), refusal.message()));
            }
        }
    }

    /** Whether new versions get the self-protection layer (config {@code policy.self-protection}). */
    public Policies.SelfProtection selfProtection() {
        return selfProtection;
    }

    /**
     * Rebuilds the versions from the store's {@code policy} stream, or records {@code configured} as the first
     * activation when the store has none, and starts watching on a thread of its own.
     *
     * @throws PolicyException the configured policy is invalid (only consulted on an empty store)
     */
    public static Rollout open(
            EventStore store, PolicySource configured, RolloutSettings settings, Alerts alerts, Clock clock) {
        return open(store, configured, settings, alerts, clock, SessionDenials.defaults());
    }

    /**
     * As {@link #open(EventStore, PolicySource, RolloutSettings, Alerts, Clock)}, every version's engine remembering
     * each session's denials in {@code denials}.
     */
    public static Rollout open(
            EventStore store,
            PolicySource configured,
            RolloutSettings settings,
            Alerts alerts,
            Clock clock,
            SessionDenials denials) {
        return new Rollout(
                requireNonNull(store, "store"),
                requireNonNull(settings, "settings"),
                requireNonNull(alerts, "alerts"),
                requireNonNull(clock, "clock"),
                requireNonNull(configured, "configured"),
                Watcher.thread(),
                requireNonNull(denials, "denials"));
    }

    /** As {@link #open(EventStore, PolicySource, RolloutSettings, Alerts, Clock)}, watching on {@code watcher}. */
    static Rollout open(
            EventStore store,
            PolicySource configured,
            RolloutSettings settings,
            Alerts alerts,
            Clock clock,
            Watcher watcher) {
        return new Rollout(
                requireNonNull(store, "store"),
                requireNonNull(settings, "settings"),
                requireNonNull(alerts, "alerts"),
                requireNonNull(clock, "clock"),
                requireNonNull(configured, "configured"),
                requireNonNull(watcher, "watcher"),
                SessionDenials.defaults());
    }

    /** The judge the bridge decides through. */
    public Judge judge() {
        return judge;
    }

    /** Whether the active version came from the event store rather than from the configured files. */
    public boolean restored() {
        return restored;
    }

    /** The active version, with who activated it, when and why (for the serve banner). */
    public synchronized String describeActive() {
        return "%s (activated %s by %s: %s)"
                .formatted(version(active), activation.at(), activation.by(), activation.reason());
    }

    // ---------------------------------------------------------------- changes

    /**
     * Activates a new version for everyone, for a share of agents (canary) or beside the active one (shadow).
     *
     * @param layers the policy files, layered on the built-in default
     * @return the versions after the change; or refused: the policy is invalid (with its problems), already active,
     *     or the canary's share out of range
     */
    public synchronized Outcome apply(List<PolicySource.LayerText> layers, Target target, String by, String reason) {
        PolicySource source = PolicySource.onDefault(layers, selfProtection);
        Policy policy;
        try {
            policy = source.compile();
        } catch (PolicyException e) {
            return new Refusal.InvalidPolicy(e.problems());
        }
        String hash = policy.version().hash();
        if (target.mode() == Mode.CANARY && (target.canaryPercent() < 1 || target.canaryPercent() > 99)) {
            return new Refusal.CanaryShareOutOfRange(target.canaryPercent());
        }
        if (hash.equals(active)) {
            return new Refusal.AlreadyActive(policy.version().toString());
        }
        compiled.put(hash, policy);
        append(NewEvent.byAgent(
                STREAM,
                by,
                PolicyEvent.Activated.of(policy, source, target, new Author(by, reason), Optional.of(active))));
        return status();
    }

    /**
     * Makes the canary or shadow version the active one.
     *
     * @return the versions after the change; or refused: there is neither
     */
    public synchronized Outcome promote(String by, String reason) {
        Optional<Candidate> candidate = canary.or(() -> shadow);
        if (candidate.isEmpty()) {
            return new Refusal.NoCandidate(Refusal.NoCandidate.Action.PROMOTE);
        }
        String hash = candidate.get().version();
        append(NewEvent.byAgent(
                STREAM,
                by,
                PolicyEvent.Activated.of(
                        policy(hash),
                        sources.get(hash),
                        Target.active(),
                        new Author(by, reason),
                        Optional.of(active))));
        return status();
    }

    /**
     * Stops the canary (its agents return to the active version) or the shadow.
     *
     * @return the versions after the change; or refused: there is neither
     */
    public synchronized Outcome abort(String by, String reason) {
        if (canary.isEmpty() && shadow.isEmpty()) {
            return new Refusal.NoCandidate(Refusal.NoCandidate.Action.ABORT);
        }
        Mode mode = canary.isPresent() ? Mode.CANARY : Mode.SHADOW;
        String version = canary.or(() -> shadow).orElseThrow().version();
        append(NewEvent.byAgent(
                STREAM, by, PolicyEvent.RolledBack.byOperator(mode, version, active, new Author(by, reason))));
        return status();
    }

    /**
     * Makes an earlier version active again: {@code version} (a hash or a unique prefix of one), or the last
     * known-good version before the active one.
     *
     * @return the versions after the change; or refused: the version is unknown, ambiguous or already active, or
     *     there is no earlier known-good version
     */
    public synchronized Outcome rollback(Optional<String> version, String by, String reason) {
        String target;
        if (version.isPresent()) {
            String prefix = version.get();
            String p = prefix.trim().toLowerCase(Locale.ROOT);
            List<String> matches =
                    sources.keySet().stream().filter(h -> h.startsWith(p)).toList();
            if (p.length() < 4 || matches.size() > 1) {
                return new Refusal.AmbiguousVersion(prefix);
            }
            if (matches.isEmpty()) {
                return new Refusal.UnknownVersion(prefix);
            }
            target = matches.getFirst();
        } else {
            Optional<String> good = lastKnownGood();
            if (good.isEmpty()) {
                return new Refusal.NoKnownGood();
            }
            target = good.get();
        }
        if (target.equals(active)) {
            return new Refusal.AlreadyActive(version(target));
        }
        append(NewEvent.byAgent(
                STREAM, by, PolicyEvent.RolledBack.byOperator(Mode.ACTIVE, active, target, new Author(by, reason))));
        return status();
    }

    // ---------------------------------------------------------------- automatic rollback

    /**
     * Runs the watch (automatic rollback, known-good marks) only while {@code leads} says this replica leads: on a
     * store several replicas share, one replica judges for all, and the others apply what it records.
     */
    public void watchOnlyWhile(java.util.function.BooleanSupplier leads) {
        this.leads = requireNonNull(leads, "leads");
    }

    /** Hands rollback-flagged SLA violations to the watcher (the SLA monitor must not block). */
    @Override
    public void changed(SlaTransition t) {
        if (t.violated() && t.rollback()) {
            watcher.execute(() -> slaViolated(t));
        }
    }

    private synchronized void slaViolated(SlaTransition t) {
        if (watch.isEmpty() || !leads.getAsBoolean()) {
            return;
        }
        rollBackAutomatically(
                watch.get(),
                new Evidence.SlaBreach(t.limit(), t.severity().label(), t.id(), t.value(), t.at()),
                "SLA threshold %s violated (%s, limit %s)".formatted(t.id(), t.value(), t.limit()));
    }

    /** Runs every second on the watcher: compares the decision mix, marks survivors known-good. */
    synchronized void check() {
        try {
            if (watch.isEmpty() || !leads.getAsBoolean()) {
                return;
            }
            Watch w = watch.get();
            DecisionMix.Counts candidate = judge.counts(w.version()).minus(w.start());
            double shift = candidate.escalatedPoints() - w.baseline().escalatedPoints();
            Instant now = clock.instant();
            if (w.baseline().total() >= settings.minDecisions()
                    && candidate.total() >= settings.minDecisions()
                    && shift > settings.maxShiftPoints()) {
                rollBackAutomatically(
                        w,
                        new Evidence.MixShift(
                                Evidence.Mix.of(w.baselineVersion(), w.baseline()),
                                Evidence.Mix.of(w.version(), candidate),
                                settings.maxShiftPoints(),
                                settings.minDecisions(),
                                round(shift),
                                Duration.between(w.since(), now).toMillis() / 1000.0,
                                settings.watchWindow().toSeconds()),
                        "review+deny share rose %.1f points (%.1f %% -> %.1f %%)"
                                .formatted(shift, w.baseline().escalatedPoints(), candidate.escalatedPoints()));
            } else if (!now.isBefore(w.since().plus(settings.watchWindow()))) {
                append(NewEvent.of(
                        STREAM,
                        new PolicyEvent.KnownGood(
                                names.get(w.version()),
                                "survived the %s watch window with %d decisions"
                                        .formatted(settings.watchWindow(), candidate.total()),
                                w.version())));
            }
        } catch (RuntimeException e) {
            // The next tick tries again; a failing store must not end the watch.
            LOG.error("policy watch failed; retrying in a second", e);
        }
    }

    private void rollBackAutomatically(Watch w, Evidence evidence, String why) {
        String bad = w.version();
        Optional<String> target = w.mode() == Mode.CANARY ? Optional.of(active) : lastKnownGood();
        if (target.isEmpty()) {
            LOG.error("policy {} misbehaves ({}) but no known-good version exists to roll back to", version(bad), why);
            watch = Optional.empty();
            return;
        }
        String to = target.get();
        append(NewEvent.of(STREAM, PolicyEvent.RolledBack.automatic(w.mode(), bad, to, "automatic: " + why, evidence)));
        LOG.error("policy {} rolled back to {}: {}", version(bad), version(to), why);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", bad);
        details.put("to", to);
        details.put("mode", w.mode().label());
        details.putAll(evidence.details());
        alerts.trigger(new Alert(
                "policy/rollback",
                Alert.Severity.ERROR,
                "policy %s rolled back to %s: %s".formatted(version(bad), version(to), why),
                "lighthouse-bridge",
                details,
                clock.instant()));
    }

    // ---------------------------------------------------------------- the projection

    private void append(NewEvent event) {
        replay(store.append(event));
        swapEngines();
    }

    /**
     * Applies a policy event another replica recorded (one {@link EventStore#follow} delivers), through the same
     * {@link #replay} as start-up, and points the judge at the versions it names; other streams are ignored.
     */
    public synchronized void follow(Event e) {
        if (e.stream().equals(STREAM)) {
            replay(e);
            swapEngines();
        }
    }

    /** Applies one stored event of the policy stream to the state; start-up and live changes both come here. */
    private void replay(Event e) {
        Optional<Class<? extends PolicyEvent>> type = recordOf(e.type());
        if (type.isEmpty()) {
            LOG.warn(
                    "policy stream event seq={} has type {}, which this version does not know; skipped",
                    e.seq(),
                    e.type());
            return;
        }
        PolicyEvent change = e.payloadAs(type.get());
        switch (change) {
            case PolicyEvent.Activated a -> activated(a, e.time());
            case PolicyEvent.RolledBack r -> rolledBack(r, e.time());
            case PolicyEvent.KnownGood k -> {
                knownGood.add(k.version());
                watch = watch.filter(w -> !w.version().equals(k.version()));
            }
        }
        history.add(new Recorded(e.seq(), e.time(), e.type(), change));
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** The record a stored type of the policy stream reads as; empty for a type this version does not know. */
    static Optional<Class<? extends PolicyEvent>> recordOf(EventType type) {
        return Optional.ofNullable(RECORDS.get(type));
    }

    private void activated(PolicyEvent.Activated a, Instant at) {
        String hash = a.version();
        sources.put(hash, a.source());
        names.put(hash, a.name());
        switch (a.mode()) {
            case ACTIVE -> {
                Optional<String> previous = Optional.ofNullable(active);
                becomeActive(hash, new Activation(at, a.by(), a.reason()));
                if (shadow.filter(s -> s.version().equals(hash)).isPresent()) {
                    shadow = Optional.empty();
                }
                watch = previous.filter(prev -> !knownGood.contains(hash))
                        .map(prev -> new Watch(Mode.ACTIVE, hash, prev, counts(prev), counts(hash), at));
            }
            case CANARY -> {
                canary = Optional.of(new Candidate(hash, a.canaryPercent().orElseThrow(), at));
                watch = Optional.of(new Watch(Mode.CANARY, hash, active, counts(active), counts(hash), at));
            }
            case SHADOW -> shadow = Optional.of(new Candidate(hash, 0, at));
        }
    }

    private void rolledBack(PolicyEvent.RolledBack r, Instant at) {
        switch (r.mode()) {
            case ACTIVE -> {
                becomeActive(r.to(), new Activation(at, r.by(), r.reason()));
                watch = Optional.empty();
            }
            case CANARY -> {
                canary = Optional.empty();
                watch = Optional.empty();
            }
            case SHADOW -> shadow = Optional.empty();
        }
    }

    private void becomeActive(String hash, Activation by) {
        active = hash;
        activation = by;
        activeOrder.add(hash);
        canary = Optional.empty();
    }

    /**
     * A watch replayed at start-up has empty mixes: this bridge has judged nothing yet, and without its decisions the
     * automatic rollback would wait for {@link RolloutSettings#minDecisions()} new ones of each version. The store
     * holds them: the candidate's decisions since its activation seed the judge, and the baseline is the previous
     * version's decisions over one watch window before it (a bound on what start-up reads).
     */
    private Watch rebuiltFromStore(Watch w) {
        long[] baseline = new long[Verdict.values().length];
        EventQuery q = EventQuery.all()
                .type(EventType.DECISION_MADE)
                .since(w.since().minus(settings.watchWindow()))
                .limit(EventQuery.MAX_LIMIT);
        Optional<Cursor> next = Optional.of(q.after());
        while (next.isPresent()) {
            Page page = store.query(q.after(next.get()));
            for (Event e : page.events()) {
                JsonNode p = e.payloadJson();
                Verdict verdict;
                try {
                    verdict = Verdict.parse(p.path("decision").asString(""));
                } catch (IllegalArgumentException ex) {
                    continue; // not a decision this bridge wrote
                }
                String hash = p.path("policy").asString("");
                boolean before = e.time().isBefore(w.since());
                if (before && hash.equals(w.baselineVersion())) {
                    baseline[verdict.ordinal()]++;
                } else if (!before && hash.equals(w.version())) {
                    judge.count(hash, verdict);
                }
            }
            next = page.next();
        }
        DecisionMix.Counts base = new DecisionMix.Counts(
                baseline[Verdict.ALLOW.ordinal()],
                baseline[Verdict.REVIEW.ordinal()],
                baseline[Verdict.DENY.ordinal()]);
        return new Watch(w.mode(), w.version(), w.baselineVersion(), base, DecisionMix.Counts.NONE, w.since());
    }

    private DecisionMix.Counts counts(String hash) {
        return judge == null ? DecisionMix.Counts.NONE : judge.counts(hash);
    }

    /** Points the judge at the versions the state names, reusing engines (and their caches) that did not change. */
    private void swapEngines() {
        RolloutJudge.Engines now = judge.engines();
        PolicyEngine activeEngine = engineFor(active, Optional.of(now.active()));
        Optional<PolicyEngine> canaryEngine = canary.map(c -> engineFor(c.version(), now.canary()));
        Optional<Shadow> shadowNow = now.shadow();
        if (!shadow.map(Candidate::version)
                .equals(shadowNow.map(s -> s.version().hash()))) {
            shadowNow.ifPresent(Shadow::close);
            shadowNow = shadow.map(s -> new Shadow(PolicyEngine.of(policy(s.version())), watcher.shadows()));
        }
        judge.swap(new RolloutJudge.Engines(
                activeEngine, canaryEngine, canary.map(Candidate::percent).orElse(0), shadowNow));
        compiled.keySet().retainAll(Set.of(active));
    }

    private PolicyEngine engineFor(String hash, Optional<PolicyEngine> current) {
        return current.filter(engine -> engine.policy().version().hash().equals(hash))
                .orElseGet(() -> PolicyEngine.of(policy(hash), denials).warmedUp());
    }

    private Policy policy(String hash) {
        return compiled.computeIfAbsent(hash, h -> sources.get(h).compile());
    }

    private Optional<String> lastKnownGood() {
        for (int i = activeOrder.size() - 1; i >= 0; i--) {
            String hash = activeOrder.get(i);
            if (!hash.equals(active) && knownGood.contains(hash)) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }

    private String version(String hash) {
        return hash == null ? "(none)" : names.getOrDefault(hash, "?") + "@" + hash.substring(0, 12);
    }

    private static List<Event> storedEvents(EventStore store) {
        List<Event> events = new ArrayList<>();
        EventQuery query = EventQuery.all().stream(STREAM).limit(1000);
        Optional<Cursor> next = Optional.of(new Cursor(0));
        while (next.isPresent()) {
            Page page = store.query(query.after(next.get()));
            events.addAll(page.events());
            next = page.next();
        }
        return events;
    }

    // ---------------------------------------------------------------- views

    /** {@code GET /v1/policy}: the active, canary and shadow versions, the watch, and recent history (newest first). */
    public synchronized PolicyStatus status() {
        PolicyStatus.Active a = new PolicyStatus.Active(
                active, names.get(active), knownGood.contains(active), activation.at(), activation.by());
        Optional<PolicyStatus.Canary> c = canary.map(x -> new PolicyStatus.Canary(
                x.version(), names.get(x.version()), knownGood.contains(x.version()), x.percent(), x.since()));
        Optional<PolicyStatus.Shadowing> s = shadow.map(x -> new PolicyStatus.Shadowing(
                x.version(), names.get(x.version()), knownGood.contains(x.version()), x.since()));
        Optional<PolicyStatus.Watching> w = watch.map(x -> {
            DecisionMix.Counts counts = judge.counts(x.version()).minus(x.start());
            return new PolicyStatus.Watching(
                    x.version(),
                    x.mode(),
                    x.since().plus(settings.watchWindow()),
                    counts.total(),
                    round(counts.escalatedPoints()),
                    x.baselineVersion(),
                    x.baseline().total(),
                    round(x.baseline().escalatedPoints()));
        });
        List<PolicyStatus.Entry> recent = history.reversed().stream()
                .map(r -> new PolicyStatus.Entry(r.seq(), r.at(), r.type().name(), r.change()))
                .toList();
        return new PolicyStatus(a, c, s, w, recent);
    }

    /**
     * {@code GET /v1/policy/active}: the active version and its full text, every layer lowest first, so that a client
     * (e.g. {@code lighthouse check}) can decide exactly as the bridge does.
     */
    public synchronized PolicyStatus.Source activeSource() {
        return new PolicyStatus.Source(
                active,
                names.get(active),
                knownGood.contains(active),
                sources.get(active).layers());
    }

    /** {@code GET /v1/policy/shadow}: verdict pairs (active -> candidate) and recent differing calls; empty without a shadow. */
    public Optional<ShadowReport> shadowReport() {
        return judge.engines().shadow().map(running -> running.report(judge.version()));
    }

    /** The active version. */
    public PolicyVersion activeVersion() {
        return judge.version();
    }

    /** Percentage points rounded to a tenth, as views and evidence show them. */
    static double round(double points) {
        return Math.round(points * 10) / 10.0;
    }

    /** Stops the watch and the shadow. */
    @Override
    public void close() {
        watcher.close();
        judge.engines().shadow().ifPresent(Shadow::close);
    }
}
