package dev.lighthouse.bridge.mcp;

import dev.lighthouse.events.DecisionMade;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventType;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What MCP clients are shown of the recent past, followed from the event store: the latest decisions (of the fleet and
 * of each agent) and each agent's sessions, hook sessions (from its decisions) beside MCP sessions (from
 * {@code mcp.session_started}), linked by the agent name the token gives both.
 *
 * <p>Bounded: {@value #DECISIONS} decisions kept overall and per agent, {@value #SESSIONS} sessions of each kind per
 * agent, {@value #AGENTS} agents (the least recently active forgotten first). Thread-safe (one lock; the store's
 * subscription writes, tool calls read).
 */
final class RecentActivity {
    static final int DECISIONS = 50;
    static final int SESSIONS = 10;
    static final int AGENTS = 10_000;

    /** A recorded decision, briefly. */
    record Decision(
            long seq,
            Instant time,
            String agent,
            String session,
            String channel,
            String tool,
            String decision,
            String answer,
            String reason,
            List<String> rules,
            String policy) {}

    /** A session of an agent: a hook session (its id as the agent CLI named it) or an MCP session. */
    record Session(String id, String via, Instant firstSeen, Instant lastSeen) {}

    /** An agent's sessions of both kinds, most recent first. */
    record Linked(String agent, List<Session> hookSessions, List<Session> mcpSessions) {}

    private static final class Agent {
        final Deque<Decision> decisions = new ArrayDeque<>();
        final Map<String, Session> hooks = new LinkedHashMap<>();
        final Map<String, Session> mcp = new LinkedHashMap<>();
    }

    private final Deque<Decision> decisions = new ArrayDeque<>();
    private final LinkedHashMap<String, Agent> agents = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Agent> eldest) {
            return size() > AGENTS;
        }
    };

    /** Takes in one stored event; events of other types are ignored. */
    synchronized void accept(Event event) {
        if (event.agent().isEmpty()) {
            return;
        }
        String name = event.agent().get();
        if (event.type().equals(EventType.DECISION_MADE)) {
            DecisionMade d = event.payloadAs(DecisionMade.class);
            if (d.bySimulatedAgent()) {
                return;
            }
            Decision brief = new Decision(
                    event.seq(),
                    event.time(),
                    name,
                    d.session(),
                    d.channel(),
                    d.tool(),
                    d.decision(),
                    d.answer(),
                    d.reason(),
                    d.rules(),
                    d.policyName() + " " + d.policy());
            Agent agent = agents.computeIfAbsent(name, n -> new Agent());
            push(decisions, brief);
            push(agent.decisions, brief);
            if (!d.session().isBlank()) {
                seen(agent.hooks, d.session(), d.channel(), event.time());
            }
        } else if (event.type().equals(McpSessionStarted.TYPE)) {
            McpSessionStarted s = event.payloadAs(McpSessionStarted.class);
            seen(agents.computeIfAbsent(name, n -> new Agent()).mcp, s.mcpSession(), s.client(), event.time());
        }
    }

    /** The latest decisions, newest first: of {@code agent} only, or of every agent. */
    synchronized List<Decision> decisions(Optional<String> agent) {
        if (agent.isEmpty()) {
            return List.copyOf(decisions.reversed());
        }
        Agent a = agents.get(agent.get());
        return a == null ? List.of() : List.copyOf(a.decisions.reversed());
    }

    /** {@code agent}'s hook and MCP sessions, most recent first. */
    synchronized Linked linked(String agent) {
        Agent a = agents.get(agent);
        if (a == null) {
            return new Linked(agent, List.of(), List.of());
        }
        Function<Map<String, Session>, List<Session>> newestFirst =
                m -> List.copyOf(m.values()).reversed();
        return new Linked(agent, newestFirst.apply(a.hooks), newestFirst.apply(a.mcp));
    }

    private static void push(Deque<Decision> ring, Decision d) {
        ring.addLast(d);
        if (ring.size() > DECISIONS) {
            ring.removeFirst();
        }
    }

    /** Marks a session seen, moving it to the end (most recent), dropping the oldest beyond {@link #SESSIONS}. */
    private static void seen(Map<String, Session> sessions, String id, String via, Instant at) {
        Session before = sessions.remove(id);
        sessions.put(id, new Session(id, via, before == null ? at : before.firstSeen(), at));
        if (sessions.size() > SESSIONS) {
            sessions.remove(sessions.keySet().iterator().next());
        }
    }
}
