package dev.lighthouse.fuse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The agents seen in the decisions, each with counts and its most recent decisions; fed by {@link Activity}. A few
 * hundred bytes an agent plus its last {@link #RECENT} decisions. Thread-safe.
 */
final class Agents {
    /** Decisions {@code recent.jsonl} holds per agent. */
    static final int RECENT = 100;

    /** One agent as far as its decisions tell. */
    static final class Agent {
        final String name;
        Instant firstSeen;
        Instant lastSeen;
        long lastSeq;
        final Map<String, Long> answers = new TreeMap<>();
        final Map<String, Long> tools = new TreeMap<>();
        final Set<String> sessions = new HashSet<>();
        final Set<String> projects = new HashSet<>();
        final ArrayDeque<String> recent = new ArrayDeque<>();

        Agent(String name) {
            this.name = name;
        }
    }

    private final Map<String, Agent> byDirName = new TreeMap<>();

    synchronized void add(JsonNode r) {
        String name = r.path("agent").asString("");
        Agent a = byDirName.computeIfAbsent(Decisions.safe(name), n -> new Agent(name));
        Instant time = Instant.parse(r.path("time").asString());
        a.firstSeen = a.firstSeen == null || time.isBefore(a.firstSeen) ? time : a.firstSeen;
        a.lastSeen = a.lastSeen == null || time.isAfter(a.lastSeen) ? time : a.lastSeen;
        a.lastSeq = Math.max(a.lastSeq, r.path("seq").asLong());
        a.answers.merge(r.path("answer").asString("unknown"), 1L, Long::sum);
        a.tools.merge(r.path("tool").asString("unknown"), 1L, Long::sum);
        if (!r.path("session").asString("").isEmpty()) {
            a.sessions.add(r.path("session").asString());
        }
        if (!r.path("project").asString("").isEmpty()) {
            a.projects.add(r.path("project").asString());
        }
        a.recent.addLast(r.toString());
        while (a.recent.size() > RECENT) {
            a.recent.removeFirst();
        }
    }

    /** The agents' directory names (their names, made safe for a path), sorted. */
    synchronized List<String> names() {
        return List.copyOf(byDirName.keySet());
    }

    /** {@code info.json} and {@code recent.jsonl} of one agent, with the time of its last decision. */
    synchronized Optional<Snapshot> files(String dirName) {
        Agent a = byDirName.get(dirName);
        if (a == null) {
            return Optional.empty();
        }
        Info info = new Info(
                a.name,
                a.firstSeen.toString(),
                a.lastSeen.toString(),
                a.lastSeq,
                a.answers.values().stream().mapToLong(Long::longValue).sum(),
                new TreeMap<>(a.answers),
                new TreeMap<>(a.tools),
                a.sessions.size(),
                a.projects.stream().sorted().toList());
        StringBuilder recent = new StringBuilder();
        a.recent.forEach(line -> recent.append(line).append('\n'));
        return Optional.of(new Snapshot(
                ReviewsFolder.pretty(info).getBytes(StandardCharsets.UTF_8),
                recent.toString().getBytes(StandardCharsets.UTF_8),
                a.lastSeen));
    }

    /** The content of one agent's files at one moment. */
    record Snapshot(byte[] info, byte[] recent, Instant lastSeen) {}

    /** What an agent's {@code info.json} holds. */
    private record Info(
            String agent,
            String firstSeen,
            String lastSeen,
            long lastSeq,
            long decisions,
            Map<String, Long> answers,
            Map<String, Long> tools,
            int sessions,
            List<String> projects) {}
}
