package dev.lighthouse.bridge.console;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.integrity.IntegrityWatch;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import dev.lighthouse.shell.Analysis;
import dev.lighthouse.shell.Command;
import dev.lighthouse.shell.ShellAnalyser;
import dev.lighthouse.shell.ShellContext;
import dev.lighthouse.shell.Word;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What the console shows that the API has no endpoint for: a recorded decision's analysis tree, decision latency per
 * minute over the last hour, integrity at a glance, and the agents with their tokens. Each answer is a record; the
 * caller's permission is checked by {@link Console} before any of these runs. Thread-safe.
 */
final class ConsoleData {
    /** At most this many decisions make up the latency chart (the newest hour, a busy one cut short). */
    static final int LATENCY_DECISIONS = 200_000;

    private final EventStore store;
    private final AgentTokens tokens;
    private final Clock clock;
    private final Path agentHome;

    ConsoleData(EventStore store, AgentTokens tokens, Clock clock, Path agentHome) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
        this.agentHome = agentHome;
    }

    /** One node of an analysis tree: a route ({@code via sudo}) or an effective command, with what it reaches. */
    record Node(String text, List<Node> children) {}

    record AnalysisView(long seq, boolean incomplete, List<Node> analysis, List<String> problems) {}

    /**
     * What {@code lighthouse analyse} shows for the decision at {@code seq}: its effective commands grouped by the
     * wrappers they run through. Empty when there is no such decision or {@code who} may not read it.
     */
    Optional<AnalysisView> analysis(Principal who, long seq) {
        List<Event> events = store.read(seq, 1);
        if (events.isEmpty()
                || events.getFirst().seq() != seq
                || !events.getFirst().type().equals(EventType.DECISION_MADE)) {
            return Optional.empty();
        }
        Event e = events.getFirst();
        if (!who.role().readsEveryAgent() && !e.agent().orElse("").equals(who.name())) {
            return Optional.empty();
        }
        JsonNode p = e.payloadJson();
        JsonNode command = p.path("input").path("command");
        if (!command.isString()) {
            return Optional.of(new AnalysisView(
                    seq,
                    false,
                    List.of(new Node(p.path("tool").asString() + " (not a shell command)", List.of())),
                    List.of()));
        }
        String cwd = p.path("cwd").asString("/");
        Analysis a = ShellAnalyser.analyse(
                command.asString(), ShellContext.of(cwd.startsWith("/") ? cwd : "/", agentHome.toString()));
        Map<String, Object> root = new LinkedHashMap<>();
        for (Command c : a.commands()) {
            Map<String, Object> at = root;
            for (String via : c.via()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>)
                        at.computeIfAbsent("via " + via, k -> new LinkedHashMap<String, Object>());
                at = next;
            }
            at.put(describe(c) + "\u0000" + at.size(), Collections.emptyMap());
        }
        return Optional.of(new AnalysisView(
                seq,
                a.incomplete(),
                nodes(root),
                a.problems().stream()
                        .map(x -> "offset " + x.span().start() + ": " + x.message())
                        .toList()));
    }

    @SuppressWarnings("unchecked")
    private static List<Node> nodes(Map<String, Object> level) {
        List<Node> out = new ArrayList<>();
        level.forEach((label, children) -> {
            int cut = label.indexOf('\u0000');
            out.add(new Node(cut < 0 ? label : label.substring(0, cut), nodes((Map<String, Object>) children)));
        });
        return out;
    }

    private static String describe(Command c) {
        StringBuilder sb = new StringBuilder(c.program());
        for (Word w : c.args()) {
            sb.append(' ').append(w.value());
        }
        if (!c.traits().isEmpty()) {
            sb.append("   ")
                    .append(c.traits().stream()
                            .map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
                            .sorted()
                            .toList());
        }
        return sb.toString();
    }

    /** Decision time (policy stage, microseconds) per minute of the last hour; {@code minute} 0 is the oldest. */
    record Latency(Instant from, List<Minute> minutes, long decisions) {
        record Minute(int minute, long count, long p50Micros, long p99Micros) {}
    }

    Latency latency(Principal who) {
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofHours(1));
        List<List<Long>> perMinute = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            perMinute.add(new ArrayList<>());
        }
        EventQuery query =
                EventQuery.all().type(EventType.DECISION_MADE).since(from).limit(1000);
        if (!who.role().readsEveryAgent()) {
            query = query.agent(who.name());
        }
        long seen = 0;
        for (Optional<Cursor> next = Optional.of(new Cursor(0)); next.isPresent() && seen < LATENCY_DECISIONS; ) {
            Page page = store.query(query.after(next.get()));
            for (Event e : page.events()) {
                int minute = (int) Duration.between(from, e.time()).toMinutes();
                if (minute >= 0 && minute < 60) {
                    perMinute
                            .get(minute)
                            .add(e.payloadJson().path("policyMicros").asLong());
                    seen++;
                }
            }
            next = page.next();
        }
        List<Latency.Minute> minutes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            List<Long> values = perMinute.get(i);
            Collections.sort(values);
            minutes.add(new Latency.Minute(i, values.size(), percentile(values, 0.50), percentile(values, 0.99)));
        }
        return new Latency(from, minutes, seen);
    }

    private static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    /** Integrity at a glance: violations the store records, the head of the chain, the last full sweep. */
    record Integrity(
            String status,
            long violations,
            Optional<String> latest,
            long headSeq,
            Optional<IntegrityWatch.Sweep> lastSweep) {}

    Integrity integrity(Optional<IntegrityWatch.Sweep> lastSweep) {
        EventQuery query = EventQuery.all().type(EventType.INTEGRITY_VIOLATION).limit(1000);
        long count = 0;
        Optional<String> latest = Optional.empty();
        for (Optional<Cursor> next = Optional.of(new Cursor(0)); next.isPresent(); ) {
            Page page = store.query(query.after(next.get()));
            for (Event e : page.events()) {
                count++;
                JsonNode p = e.payloadJson();
                latest = Optional.of("%s at seq %d, found by %s at %s"
                        .formatted(
                                p.path("kind").asString(),
                                p.path("seq").asLong(),
                                p.path("foundBy").asString(),
                                e.time()));
            }
            next = page.next();
        }
        return new Integrity(
                count == 0 ? "intact" : "violated", count, latest, store.head().seq(), lastSweep);
    }

    /** An agent and its token's state, never the token. */
    record AgentView(String name, String role, Instant issued, boolean active, Optional<Instant> revoked) {}

    record Agents(List<AgentView> agents) {}

    /**
     * Every agent token this replica knows of: those of its own {@code agents.json} and those the event chain says
     * were issued on any replica of the store, each marked revoked when either revoked it.
     */
    Agents agents() {
        return new Agents(tokens.known().stream()
                .map(a -> new AgentView(a.name(), a.role().label(), a.created(), a.active(), a.revoked()))
                .toList());
    }

    record Issued(String name, String role, String token) {}

    /** Issues a token, as {@code lighthouse agents add} does. @throws IllegalArgumentException bad name or role */
    Issued issue(String name, String role) {
        AgentTokens.Issued issued = tokens.add(name, Role.issuable(role), clock.instant());
        return new Issued(issued.agent().name(), issued.agent().role().label(), issued.token());
    }

    /** Revokes a token, as {@code lighthouse agents revoke} does; false when there is no active one by that name. */
    boolean revoke(String name) {
        return tokens.revoke(name, clock.instant());
    }

    static boolean mayOperate(Principal who) {
        return who.role().may(Permission.OPERATE);
    }
}
