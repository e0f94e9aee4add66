package dev.lighthouse.bridge.rollout;

import static java.util.Objects.requireNonNull;

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
import dev.lighthouse.policy.PolicyException;
import dev.lighthouse.policy.PolicyVersion;
import dev.lighthouse.policy.Verdict;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Policy versions as events, and the bridge's judge over them: apply, canary, shadow, promote, abort, roll back, and
 * roll back by itself when a new version misbehaves.
 *
 * <p><b>State is a projection of the {@code policy} stream.</b> {@code policy.activated} carries a version's full
 * {@link PolicySource}; {@code policy.rolled_back} and {@code policy.known_good} move the pointers. {@link #open}
 * replays the stream, so a restart (or another replica) decides under exactly the versions the events name; on an
 * empty store the configured policy becomes the first, known-good activation. Every change is appended first and
 * then applied through the same {@link #replay} that rebuilds at start, so live state and rebuilt state cannot
 * differ.
 *
 * <p><b>Watching.</b> For {@link RolloutSettings#watchWindow()} after an activation or a canary start the new
 * version is watched: once it and the version before it have each made {@link RolloutSettings#minDecisions()}
 * decisions, a share of review+deny more than {@link RolloutSettings#maxShiftPoints()} above the earlier version's
 * share, or a rollback-flagged SLA violation, reverts to the last known-good version (a canary is aborted), with the
 * evidence in the {@code policy.rolled_back} event, an alert ({@code policy/rollback}) and an ERROR log line. A
 * version that survives the window becomes known-good.
 *
 * <p>Thread-safe: changes are serialised on this object; deciding never locks ({@link RolloutJudge}).
 */
public final class Rollout implements SlaTransition.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rollout.class);
    /** The stream every policy event is appended to. */
    public static final String STREAM = "policy";

    static final String AUTOMATIC = "lighthouse";
    private static final int HISTORY = 50;

    /** Who decides for whom: everyone, a share of agents, or nobody (judged beside, never enforced). */
    public enum Mode {
        ACTIVE,
        CANARY,
        SHADOW;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode of(String text) {
            for (Mode mode : values()) {
                if (mode.label().equals(text)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("mode must be active, canary or shadow, got \"%s\"".formatted(text));
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

    private final EventStore store;
    private final RolloutSettings settings;
    private final Alerts alerts;
    private final Clock clock;
    private final ScheduledExecutorService watcher;
    private final RolloutJudge judge;

    private final Map<String, PolicySource> sources = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, Policy> compiled = new HashMap<>();
    private final Set<String> knownGood = new HashSet<>();
    /** Versions in the order they became active, oldest first (a version may appear more than once). */
    private final List<String> activeOrder = new ArrayList<>();

    private final List<Event> history = new ArrayList<>();
    private String active;
    private Event activation;
    private Optional<Candidate> canary = Optional.empty();
    private Optional<Candidate> shadow = Optional.empty();
    private Optional<Watch> watch = Optional.empty();
    private final boolean restored;
    private final Policies.SelfProtection selfProtection;

    private Rollout(EventStore store, RolloutSettings settings, Alerts alerts, Clock clock, PolicySource configured) {
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
                            EventType.POLICY_ACTIVATED,
                            STREAM,
                            activatedPayload(
                                    policy,
                                    configured,
                                    Mode.ACTIVE,
                                    0,
                                    "config",
                                    "the configured policy at first start",
                                    Optional.empty())),
                    NewEvent.of(
                            EventType.POLICY_KNOWN_GOOD,
                            STREAM,
                            knownGoodPayload(
                                    policy.version().hash(), policy.version().name(), "first version of this store"))));
            compiled.put(policy.version().hash(), policy);
            this.restored = false;
        } else {
            this.restored = true;
        }
        for (Event event : stored) {
            replay(event);
        }
        this.judge = new RolloutJudge(PolicyEngine.of(policy(active)));
        watch = watch.map(this::rebuiltFromStore);
        swapEngines();
        this.watcher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("policy-watch").daemon().factory());
        watcher.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
        boolean wantLayer = selfProtection == Policies.SelfProtection.ON;
        if (restored && wantLayer != Policies.selfProtected(policy(active))) {
            // A version recorded before the self-protection layer existed (or before it was switched off): the same
            // files, with the layer as configured now, recorded as a new activation.
            List<PolicySource.LayerText> files = sources.get(active).layers().stream()
                    .filter(l ->
                            !l.file().equals(Policies.DEFAULT_NAME) && !l.file().equals(Policies.SELF_PROTECTION_NAME))
                    .toList();
            apply(
                    files,
                    Mode.ACTIVE,
                    0,
                    "config",
                    wantLayer ? "adds the self-protection layer" : "policy.self-protection is off");
        }
    }

    /** Whether new versions get the self-protection layer (config {@code policy.self-protection}). */
    public Policies.SelfProtection selfProtection() {
        return selfProtection;
    }

    /**
     * Rebuilds the versions from the store's {@code policy} stream, or records {@code configured} as the first
     * activation when the store has none, and starts watching.
     *
     * @throws PolicyException the configured policy is invalid (only consulted on an empty store)
     */
    public static Rollout open(
            EventStore store, PolicySource configured, RolloutSettings settings, Alerts alerts, Clock clock) {
        return new Rollout(
                requireNonNull(store, "store"),
                requireNonNull(settings, "settings"),
                requireNonNull(alerts, "alerts"),
                requireNonNull(clock, "clock"),
                requireNonNull(configured, "configured"));
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
        JsonNode p = activation.payloadJson();
        return "%s (activated %s by %s: %s)"
                .formatted(
                        version(active),
                        activation.time(),
                        p.path("by").asString(),
                        p.path("reason").asString());
    }

    // ---------------------------------------------------------------- changes

    /**
     * Activates a new version for everyone, for a share of agents (canary) or beside the active one (shadow).
     *
     * @param layers the policy files, layered on the built-in default
     * @param percent the canary's share of agents, 1 to 99; ignored for other modes
     * @throws RolloutRefused the policy is invalid (with its problems), already active, or the share out of range
     */
    public synchronized JsonNode apply(
            List<PolicySource.LayerText> layers, Mode mode, int percent, String by, String reason) {
        PolicySource source = PolicySource.onDefault(layers, selfProtection);
        Policy policy;
        try {
            policy = source.compile();
        } catch (PolicyException e) {
            throw new RolloutRefused(
                    400,
                    "invalid_policy",
                    "the policy has %d problem%s"
                            .formatted(e.problems().size(), e.problems().size() == 1 ? "" : "s"),
                    e.problems());
        }
        String hash = policy.version().hash();
        if (mode == Mode.CANARY && (percent < 1 || percent > 99)) {
            throw new RolloutRefused(
                    400, "bad_request", "a canary needs a share of 1 to 99 %% of agents, got %d".formatted(percent));
        }
        if (hash.equals(active)) {
            throw new RolloutRefused(
                    409, "already_active", "%s is already the active version".formatted(policy.version()));
        }
        compiled.put(hash, policy);
        append(NewEvent.byAgent(
                EventType.POLICY_ACTIVATED,
                STREAM,
                by,
                activatedPayload(policy, source, mode, percent, by, reason, Optional.of(active))));
        return status();
    }

    /**
     * Makes the canary or shadow version the active one.
     *
     * @throws RolloutRefused there is neither
     */
    public synchronized JsonNode promote(String by, String reason) {
        Candidate candidate = canary.or(() -> shadow)
                .orElseThrow(() -> new RolloutRefused(
                        409, "no_candidate", "there is no canary or shadow version to promote; apply one first"));
        Policy policy = policy(candidate.version());
        append(NewEvent.byAgent(
                EventType.POLICY_ACTIVATED,
                STREAM,
                by,
                activatedPayload(
                        policy, sources.get(candidate.version()), Mode.ACTIVE, 0, by, reason, Optional.of(active))));
        return status();
    }

    /**
     * Stops the canary (its agents return to the active version) or the shadow.
     *
     * @throws RolloutRefused there is neither
     */
    public synchronized JsonNode abort(String by, String reason) {
        if (canary.isEmpty() && shadow.isEmpty()) {
            throw new RolloutRefused(409, "no_candidate", "there is no canary or shadow version to abort");
        }
        Mode mode = canary.isPresent() ? Mode.CANARY : Mode.SHADOW;
        String version = canary.or(() -> shadow).orElseThrow().version();
        append(NewEvent.byAgent(
                EventType.POLICY_ROLLED_BACK,
                STREAM,
                by,
                rolledBackPayload(mode, version, active, by, reason, Optional.empty())));
        return status();
    }

    /**
     * Makes an earlier version active again: {@code version} (a hash or a unique prefix of one), or the last
     * known-good version before the active one.
     *
     * @throws RolloutRefused the version is unknown or already active, or there is no earlier known-good version
     */
    public synchronized JsonNode rollback(Optional<String> version, String by, String reason) {
        String target = version.map(this::resolve)
                .or(this::lastKnownGood)
                .orElseThrow(() -> new RolloutRefused(
                        409,
                        "no_known_good",
                        "no earlier known-good version to roll back to; name one (see `lighthouse policy history`)"));
        if (target.equals(active)) {
            throw new RolloutRefused(
                    409, "already_active", "%s is already the active version".formatted(version(target)));
        }
        append(NewEvent.byAgent(
                EventType.POLICY_ROLLED_BACK,
                STREAM,
                by,
                rolledBackPayload(Mode.ACTIVE, active, target, by, reason, Optional.empty())));
        return status();
    }

    // ---------------------------------------------------------------- automatic rollback

    /** Hands rollback-flagged SLA violations to the watcher thread (the SLA monitor must not block). */
    @Override
    public void changed(SlaTransition t) {
        if (t.violated() && t.rollback()) {
            watcher.execute(() -> slaViolated(t));
        }
    }

    private synchronized void slaViolated(SlaTransition t) {
        if (watch.isEmpty()) {
            return;
        }
        ObjectNode evidence = JsonNodeFactory.instance.objectNode();
        evidence.put("trigger", "sla");
        evidence.put("threshold", t.threshold());
        evidence.put("severity", t.severity());
        evidence.put("value", t.value());
        evidence.put("limit", t.limit());
        evidence.put("violatedAt", t.at().toString());
        rollBackAutomatically(
                watch.get(),
                evidence,
                "SLA threshold %s violated (%s, limit %s)".formatted(t.threshold(), t.value(), t.limit()));
    }

    /** Runs every second on the watcher thread: compares the decision mix, marks survivors known-good. */
    synchronized void check() {
        try {
            if (watch.isEmpty()) {
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
                        mixEvidence(w, candidate, shift, now),
                        "review+deny share rose %.1f points (%.1f %% -> %.1f %%)"
                                .formatted(shift, w.baseline().escalatedPoints(), candidate.escalatedPoints()));
            } else if (!now.isBefore(w.since().plus(settings.watchWindow()))) {
                append(NewEvent.of(
                        EventType.POLICY_KNOWN_GOOD,
                        STREAM,
                        knownGoodPayload(
                                w.version(),
                                names.get(w.version()),
                                "survived the %s watch window with %d decisions"
                                        .formatted(settings.watchWindow(), candidate.total()))));
            }
        } catch (RuntimeException e) {
            // The next tick tries again; a failing store must not end the watch.
            LOG.error("policy watch failed; retrying in a second", e);
        }
    }

    private ObjectNode mixEvidence(Watch w, DecisionMix.Counts candidate, double shift, Instant now) {
        ObjectNode evidence = JsonNodeFactory.instance.objectNode();
        evidence.put("trigger", "decision_mix");
        evidence.put("shiftPoints", round(shift));
        evidence.put("maxShiftPoints", settings.maxShiftPoints());
        evidence.put("minDecisions", settings.minDecisions());
        evidence.put("windowSeconds", settings.watchWindow().toSeconds());
        evidence.put("watchedSeconds", Duration.between(w.since(), now).toMillis() / 1000.0);
        counts(evidence.putObject("candidate"), w.version(), candidate);
        counts(evidence.putObject("baseline"), w.baselineVersion(), w.baseline());
        return evidence;
    }

    private static void counts(ObjectNode node, String version, DecisionMix.Counts c) {
        node.put("version", version);
        node.put("decisions", c.total());
        node.put("allow", c.allow());
        node.put("review", c.review());
        node.put("deny", c.deny());
        node.put("reviewOrDenyShare", round(c.escalatedPoints()));
    }

    private void rollBackAutomatically(Watch w, ObjectNode evidence, String why) {
        String bad = w.version();
        String target = w.mode() == Mode.CANARY ? active : lastKnownGood().orElse(null);
        if (target == null) {
            LOG.error("policy {} misbehaves ({}) but no known-good version exists to roll back to", version(bad), why);
            watch = Optional.empty();
            return;
        }
        String reason = "automatic: " + why;
        append(NewEvent.of(
                EventType.POLICY_ROLLED_BACK,
                STREAM,
                rolledBackPayload(w.mode(), bad, target, AUTOMATIC, reason, Optional.of(evidence))));
        LOG.error("policy {} rolled back to {}: {}", version(bad), version(target), why);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", bad);
        details.put("to", target);
        details.put("mode", w.mode().label());
        evidence.properties().forEach(e -> {
            if (e.getValue().isValueNode()) {
                details.put(
                        e.getKey(),
                        e.getValue().isNumber()
                                ? e.getValue().numberValue()
                                : e.getValue().asString());
            } else if (e.getValue().isObject()) {
                details.put(
                        e.getKey() + "ReviewOrDenyShare",
                        e.getValue().path("reviewOrDenyShare").asDouble());
            }
        });
        alerts.trigger(new Alert(
                "policy/rollback",
                Alert.Severity.ERROR,
                "policy %s rolled back to %s: %s".formatted(version(bad), version(target), why),
                "lighthouse-bridge",
                details,
                clock.instant()));
    }

    // ---------------------------------------------------------------- the projection

    private void append(NewEvent event) {
        replay(store.append(event));
        swapEngines();
    }

    /** Applies one stored event of the policy stream to the state; start-up and live changes both come here. */
    private void replay(Event e) {
        JsonNode p = e.payloadJson();
        String type = e.type().name();
        if (type.equals(EventType.POLICY_ACTIVATED.name())) {
            String hash = p.path("version").asString();
            sources.put(hash, new PolicySource(PolicySource.layersFromJson(p.get("layers"))));
            names.put(hash, p.path("name").asString());
            Mode mode = Mode.of(p.path("mode").asString());
            switch (mode) {
                case ACTIVE -> {
                    Optional<String> previous = Optional.ofNullable(active);
                    becomeActive(hash, e);
                    if (shadow.filter(s -> s.version().equals(hash)).isPresent()) {
                        shadow = Optional.empty();
                    }
                    watch = previous.filter(prev -> !knownGood.contains(hash))
                            .map(prev -> new Watch(Mode.ACTIVE, hash, prev, counts(prev), counts(hash), e.time()));
                }
                case CANARY -> {
                    canary = Optional.of(
                            new Candidate(hash, p.path("canaryPercent").asInt(), e.time()));
                    watch = Optional.of(new Watch(Mode.CANARY, hash, active, counts(active), counts(hash), e.time()));
                }
                case SHADOW -> shadow = Optional.of(new Candidate(hash, 0, e.time()));
            }
        } else if (type.equals(EventType.POLICY_ROLLED_BACK.name())) {
            switch (Mode.of(p.path("mode").asString())) {
                case ACTIVE -> {
                    becomeActive(p.path("to").asString(), e);
                    watch = Optional.empty();
                }
                case CANARY -> {
                    canary = Optional.empty();
                    watch = Optional.empty();
                }
                case SHADOW -> shadow = Optional.empty();
            }
        } else if (type.equals(EventType.POLICY_KNOWN_GOOD.name())) {
            String hash = p.path("version").asString();
            knownGood.add(hash);
            watch = watch.filter(w -> !w.version().equals(hash));
        }
        history.add(e);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    private void becomeActive(String hash, Event e) {
        active = hash;
        activation = e;
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
            shadowNow = shadow.map(s -> new Shadow(PolicyEngine.of(policy(s.version()))));
        }
        judge.swap(new RolloutJudge.Engines(
                activeEngine, canaryEngine, canary.map(Candidate::percent).orElse(0), shadowNow));
        compiled.keySet().retainAll(Set.of(active));
    }

    private PolicyEngine engineFor(String hash, Optional<PolicyEngine> current) {
        return current.filter(engine -> engine.policy().version().hash().equals(hash))
                .orElseGet(() -> PolicyEngine.of(policy(hash)));
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

    private String resolve(String prefix) {
        String p = prefix.trim().toLowerCase(Locale.ROOT);
        List<String> matches =
                sources.keySet().stream().filter(h -> h.startsWith(p)).toList();
        if (p.length() < 4 || matches.size() > 1) {
            throw new RolloutRefused(
                    400,
                    "ambiguous_version",
                    "version `%s` is too short to name one version; give at least 12 hex digits".formatted(prefix));
        }
        if (matches.isEmpty()) {
            throw new RolloutRefused(
                    404,
                    "unknown_version",
                    "no policy version `%s` was ever activated on this store; see `lighthouse policy history`"
                            .formatted(prefix));
        }
        return matches.getFirst();
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

    // ---------------------------------------------------------------- payloads and views

    private static ObjectNode activatedPayload(
            Policy policy,
            PolicySource source,
            Mode mode,
            int percent,
            String by,
            String reason,
            Optional<String> previous) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("version", policy.version().hash());
        p.put("name", policy.version().name());
        p.put("mode", mode.label());
        if (mode == Mode.CANARY) {
            p.put("canaryPercent", percent);
        }
        p.put("by", by);
        p.put("reason", reason);
        previous.ifPresent(prev -> p.put("previous", prev));
        p.set("layers", source.toJson());
        return p;
    }

    private static ObjectNode rolledBackPayload(
            Mode mode, String from, String to, String by, String reason, Optional<ObjectNode> evidence) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("mode", mode.label());
        p.put("from", from);
        p.put("to", to);
        p.put("by", by);
        p.put("reason", reason);
        p.put("automatic", evidence.isPresent());
        evidence.ifPresent(ev -> p.set("evidence", ev));
        return p;
    }

    private static ObjectNode knownGoodPayload(String hash, String name, String reason) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("version", hash);
        p.put("name", name);
        p.put("reason", reason);
        return p;
    }

    /** {@code GET /v1/policy}: the active, canary and shadow versions, the watch, and recent history (newest first). */
    public synchronized ObjectNode status() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode a = versionNode(body.putObject("active"), active);
        a.put("since", activation.time().toString());
        a.put("by", activation.payloadJson().path("by").asString());
        canary.ifPresent(c -> versionNode(body.putObject("canary"), c.version())
                .put("percent", c.percent())
                .put("since", c.since().toString()));
        shadow.ifPresent(s -> versionNode(body.putObject("shadow"), s.version())
                .put("since", s.since().toString()));
        watch.ifPresent(w -> {
            ObjectNode n = body.putObject("watch");
            n.put("version", w.version());
            n.put("mode", w.mode().label());
            n.put("until", w.since().plus(settings.watchWindow()).toString());
            DecisionMix.Counts c = judge.counts(w.version()).minus(w.start());
            n.put("decisions", c.total());
            n.put("reviewOrDenyShare", round(c.escalatedPoints()));
            n.put("baselineVersion", w.baselineVersion());
            n.put("baselineDecisions", w.baseline().total());
            n.put("baselineReviewOrDenyShare", round(w.baseline().escalatedPoints()));
        });
        var list = body.putArray("history");
        for (Event e : history.reversed()) {
            ObjectNode n = list.addObject();
            n.put("seq", e.seq());
            n.put("at", e.time().toString());
            n.put("event", e.type().name());
            JsonNode p = e.payloadJson();
            p.properties().forEach(f -> {
                if (!f.getKey().equals("layers")) {
                    n.set(f.getKey(), f.getValue());
                }
            });
        }
        return body;
    }

    /**
     * {@code GET /v1/policy/active}: the active version and its full text, every layer lowest first, so that a client
     * (e.g. {@code lighthouse check}) can decide exactly as the bridge does.
     */
    public synchronized ObjectNode activeSource() {
        ObjectNode body = versionNode(JsonNodeFactory.instance.objectNode(), active);
        body.set("layers", sources.get(active).toJson());
        return body;
    }

    private ObjectNode versionNode(ObjectNode node, String hash) {
        node.put("version", hash);
        node.put("name", names.get(hash));
        node.put("knownGood", knownGood.contains(hash));
        return node;
    }

    /**
     * {@code GET /v1/policy/shadow}: verdict pairs (active -> candidate) and recent differing calls.
     *
     * @throws RolloutRefused no shadow version is running
     */
    public ObjectNode shadowReport() {
        Shadow running = judge.engines()
                .shadow()
                .orElseThrow(() -> new RolloutRefused(
                        404,
                        "no_shadow",
                        "no shadow version is running; start one with `lighthouse policy apply FILE --shadow`"));
        Shadow.Report r = running.report();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("active", judge.version().hash());
        body.put("candidate", r.candidate().hash());
        body.put("candidateName", r.candidate().name());
        body.put("compared", r.compared());
        body.put("differing", r.differing());
        body.put("dropped", r.dropped());
        ObjectNode pairs = body.putObject("pairs");
        r.pairs().forEach(pairs::put);
        var recent = body.putArray("recent");
        for (Shadow.Example x : r.recent()) {
            recent.addObject()
                    .put("at", x.at().toString())
                    .put("agent", x.agent())
                    .put("tool", x.tool())
                    .put("input", x.input())
                    .put("active", x.active().label())
                    .put("candidate", x.candidate().label());
        }
        return body;
    }

    /** The active version. */
    public PolicyVersion activeVersion() {
        return judge.version();
    }

    private static double round(double points) {
        return Math.round(points * 10) / 10.0;
    }

    /** Stops the watch and the shadow. */
    @Override
    public void close() {
        watcher.shutdownNow();
        judge.engines().shadow().ifPresent(Shadow::close);
    }
}
