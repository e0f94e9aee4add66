package dev.lighthouse.policy;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lighthouse.policy.call.Evidence;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Op;
import dev.lighthouse.policy.facts.PathClass;
import dev.lighthouse.policy.facts.Target;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Risk;
import dev.lighthouse.policy.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Denials remembered per agent session: after a deny, a later call of the same session that reaches the same target by
 * another route ({@code rm -rf ~} denied, then {@code find ~ -delete}; a secret sent to a host denied, then another
 * call to that host) is at least reviewed, and its reason names the earlier denial.
 *
 * <p>A denial's targets are the places its acts reach: paths (other than the project's own files, scratch space and
 * build outputs), hosts, and for acts that raised a signal without a path or host, the program and its subcommand. A
 * later call reaches a path target when one of its paths is the same, contains it (a whole tree over the denied file),
 * or lies inside it (unless the denied target was all of {@code /} or home, which everything lies inside).
 *
 * <p>Bounded: at most {@code sessions} sessions (least recently used evicted), {@link #PER_SESSION} denials per
 * session (oldest dropped), and a denial is forgotten after {@code ttl}. Calls without a session are neither
 * remembered nor checked. Pure but for its memory: the caller passes {@code now}. Thread-safe; checking a call costs
 * one map lookup when its session denied nothing.
 *
 * <p>The memory is made of records: {@link #targets} says what a deny decision leaves behind, and {@link #remember}
 * puts such a record back, so whoever records decisions (the bridge, in its events) can rebuild the memory after a
 * restart and share it between replicas.
 */
public final class SessionDenials {
    /** How long a denial is remembered unless configured otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** How many sessions are remembered unless configured otherwise. */
    public static final int DEFAULT_SESSIONS = 10_000;
    /** Denials kept per session: the most recent ones. */
    static final int PER_SESSION = 16;
    /** The rule id of a review that a remembered denial caused. */
    public static final String RULE = "session-denial";

    private final Duration ttl;
    private final Cache<String, Deque<Denied>> sessions;

    /**
     * What a denial reached, as the memory keeps it.
     *
     * @param rule the rule that denied
     * @param paths resolved paths (other than the project's own files, scratch space and build outputs)
     * @param wide those of the paths that are all of {@code /} or home, which everything lies inside
     * @param hosts hosts reached
     * @param objects a program and its subcommand, for acts that raised a signal without a path or host
     */
    public record Targets(String rule, Set<String> paths, Set<String> wide, Set<String> hosts, Set<String> objects) {
        public Targets {
            requireNonNull(rule, "rule");
            paths = Set.copyOf(paths);
            wide = Set.copyOf(wide);
            hosts = Set.copyOf(hosts);
            objects = Set.copyOf(objects);
        }
    }

    /** One remembered denial: when, and what it reached. */
    private record Denied(Instant at, Targets targets) {
        String rule() {
            return targets.rule();
        }

        Set<String> paths() {
            return targets.paths();
        }

        Set<String> wide() {
            return targets.wide();
        }

        Set<String> hosts() {
            return targets.hosts();
        }

        Set<String> objects() {
            return targets.objects();
        }
    }

    public SessionDenials(Duration ttl, int sessions) {
        this.ttl = requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("session denial ttl must be positive, was " + ttl);
        }
        if (sessions < 1) {
            throw new IllegalArgumentException("remembered sessions must be >= 1, was " + sessions);
        }
        this.sessions = Caffeine.newBuilder()
                .maximumSize(sessions)
                .executor(Runnable::run)
                .build();
    }

    /** Remembers denials for an hour, in up to {@value #DEFAULT_SESSIONS} sessions. */
    public static SessionDenials defaults() {
        return new SessionDenials(DEFAULT_TTL, DEFAULT_SESSIONS);
    }

    /** How long a denial is remembered. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Remembers {@code decision} if it denies, or, if it is weaker than review and reaches what this session had
     * denied before, returns it raised to review with a reason naming the earlier denial. Otherwise returns it as it is.
     *
     * @param route the route the raised review goes to
     */
    public Decision apply(ToolCall call, Decision decision, Instant now, ReviewRoute route) {
        if (call.session().isEmpty()) {
            return decision;
        }
        String key = key(call.agent(), call.session());
        if (decision.verdict() == Verdict.DENY) {
            targets(decision).ifPresent(t -> remember(key, t, now));
            return decision;
        }
        if (decision.verdict() == Verdict.REVIEW) {
            return decision;
        }
        Deque<Denied> denied = sessions.getIfPresent(key);
        if (denied == null) {
            return decision;
        }
        Optional<String> reached;
        synchronized (denied) {
            denied.removeIf(d -> !d.at().plus(ttl).isAfter(now));
            reached = reached(denied, decision.facts().acts());
        }
        return reached.map(why -> raised(decision, why, route)).orElse(decision);
    }

    private static String key(String agent, String session) {
        return agent + "\u0000" + session;
    }

    /**
     * What the memory keeps of {@code decision}: empty unless it denies and reaches something a later call could reach
     * again.
     */
    public static Optional<Targets> targets(Decision decision) {
        if (decision.verdict() != Verdict.DENY) {
            return Optional.empty();
        }
        Set<String> paths = new LinkedHashSet<>();
        Set<String> wide = new LinkedHashSet<>();
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> objects = new LinkedHashSet<>();
        for (Act a : decision.facts().acts()) {
            boolean located = false;
            for (Op op : a.ops()) {
                if (remembered(op.target())) {
                    paths.add(op.target().resolved());
                    if (op.target().is(PathClass.ROOT) || op.target().is(PathClass.HOME)) {
                        wide.add(op.target().resolved());
                    }
                    located = true;
                }
            }
            hosts.addAll(a.hosts());
            if (!located
                    && a.hosts().isEmpty()
                    && !a.signals().isEmpty()
                    && !a.program().isEmpty()) {
                objects.add(object(a));
            }
        }
        if (paths.isEmpty() && hosts.isEmpty() && objects.isEmpty()) {
            return Optional.empty();
        }
        String rule = decision.reasons().isEmpty()
                ? "default"
                : decision.reasons().getFirst().ruleId();
        return Optional.of(new Targets(rule, paths, wide, hosts, objects));
    }

    /**
     * Remembers a denial made {@code at} in a session (one recorded earlier, or by another replica); one already
     * forgotten by {@code now} is not remembered. Calls without a session have none.
     */
    public void remember(String agent, String session, Targets targets, Instant at, Instant now) {
        if (session.isEmpty() || !at.plus(ttl).isAfter(now)) {
            return;
        }
        remember(key(agent, session), targets, at);
    }

    private void remember(String key, Targets targets, Instant at) {
        Denied d = new Denied(at, targets);
        Deque<Denied> denied = sessions.get(key, k -> new ArrayDeque<>());
        synchronized (denied) {
            if (denied.contains(d)) {
                return; // the same record twice: a rebuild and the follower both saw it
            }
            denied.addLast(d);
            while (denied.size() > PER_SESSION) {
                denied.removeFirst();
            }
        }
    }

    /** The project's own files, scratch space and build outputs are where ordinary work goes on after any denial. */
    private static boolean remembered(Target t) {
        if (t.is(PathClass.DYNAMIC)) {
            return false;
        }
        for (PathClass c : t.classes()) {
            if (c != PathClass.PROJECT && c != PathClass.TEMP && c != PathClass.BUILD_OUTPUT) {
                return true;
            }
        }
        return false;
    }

    private static String object(Act a) {
        return a.subcommand().isEmpty() ? a.program() : a.program() + " " + a.subcommand();
    }

    /** Why the acts reach one of the denials, most recent first; empty when they reach none. */
    private static Optional<String> reached(Deque<Denied> denied, List<Act> acts) {
        List<Denied> recentFirst = new ArrayList<>(denied);
        java.util.Collections.reverse(recentFirst);
        for (Denied d : recentFirst) {
            for (Act a : acts) {
                for (Op op : a.ops()) {
                    String path = op.target().resolved();
                    if (op.target().is(PathClass.DYNAMIC)) {
                        continue;
                    }
                    for (String p : d.paths()) {
                        if (reaches(path, op.recursive(), p, d.wide().contains(p))) {
                            return Optional.of(because(d, p));
                        }
                    }
                }
                for (String h : a.hosts()) {
                    if (d.hosts().contains(h)) {
                        return Optional.of(because(d, h));
                    }
                }
                if (!a.program().isEmpty() && d.objects().contains(object(a))) {
                    return Optional.of(because(d, object(a)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The same path, a whole tree over it ({@code recursive}), or a path inside it (not inside a wide target: all of
     * {@code /} or home).
     */
    static boolean reaches(String path, boolean recursive, String denied, boolean wide) {
        if (path.equals(denied) || recursive && under(denied, path)) {
            return true;
        }
        return !wide && under(path, denied);
    }

    private static boolean under(String path, String dir) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        return path.startsWith(prefix);
    }

    private static String because(Denied d, String target) {
        return "Earlier in this session a call reaching " + target + " was denied (rule " + d.rule() + ", at " + d.at()
                + "); this call reaches it again by another route.";
    }

    private static Decision raised(Decision d, String why, ReviewRoute route) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(new Reason(RULE, Verdict.REVIEW, why, new Evidence("session", 0, 0, "")));
        reasons.addAll(d.reasons());
        return Decision.of(Verdict.REVIEW, d.policy())
                .risk(d.risk().compareTo(Risk.HIGH) < 0 ? Risk.HIGH : d.risk())
                .reasons(reasons)
                .suggestion(d.suggestion())
                .took(d.elapsed(), d.cached())
                .route(Optional.of(route))
                .facts(d.facts())
                .build();
    }
}
