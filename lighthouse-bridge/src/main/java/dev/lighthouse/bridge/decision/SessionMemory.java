package dev.lighthouse.bridge.decision;

import dev.lighthouse.events.DecisionMade;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import dev.lighthouse.policy.SessionDenials;
import dev.lighthouse.policy.facts.Redactor;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The policy's memory of each session's denials ({@link SessionDenials}), made of events: every deny in a session
 * records what the memory keeps of it ({@link DecisionMade#denied()}); at start the memory is rebuilt from the denials
 * of the last {@link SessionDenials#ttl()} ({@link #rebuild}), and while the bridge runs other replicas' denials are
 * applied as they are followed ({@link #apply}). This replica's own denials enter the memory where they are decided.
 *
 * <p>The rebuild reads only the events of the last ttl: the query names a time and no type, so it walks the store's
 * time index (SQLite's {@code by_time}, PostgreSQL's {@code events_time}) instead of every decision ever made.
 */
public final class SessionMemory {
    /** Events read per page while rebuilding. */
    private static final int PAGE = 1_000;

    private SessionMemory() {}

    /** What an event records of a denial's targets, each value redacted as the rest of the event is. */
    static DecisionMade.DeniedTargets recorded(SessionDenials.Targets t, Redactor redactor) {
        return new DecisionMade.DeniedTargets(
                t.rule(),
                redacted(t.paths(), redactor),
                redacted(t.wide(), redactor),
                redacted(t.hosts(), redactor),
                redacted(t.objects(), redactor));
    }

    private static List<String> redacted(Set<String> values, Redactor redactor) {
        return values.stream().sorted().map(redactor::redact).toList();
    }

    /**
     * Puts the denials recorded in {@code store} since {@code now} minus the memory's ttl back into {@code memory}.
     *
     * @return how many denials were remembered
     */
    public static int rebuild(EventStore store, SessionDenials memory, Instant now) {
        EventQuery query = EventQuery.all().since(now.minus(memory.ttl())).limit(PAGE);
        int remembered = 0;
        while (true) {
            Page page = store.query(query);
            for (Event e : page.events()) {
                remembered += apply(memory, e, now) ? 1 : 0;
            }
            if (page.next().isEmpty()) {
                return remembered;
            }
            query = query.after(page.next().get());
        }
    }

    /**
     * Remembers the denial {@code e} records, if it is a deny in a session that is not yet forgotten by {@code now}.
     *
     * @return whether it was one
     */
    public static boolean apply(SessionDenials memory, Event e, Instant now) {
        // Most events are not denials: the payload is parsed only when it names targets.
        if (!e.type().equals(EventType.DECISION_MADE) || !e.payload().contains("\"denied\"")) {
            return false;
        }
        DecisionMade d = e.payloadAs(DecisionMade.class);
        Optional<DecisionMade.DeniedTargets> t = d.denied();
        if (t.isEmpty() || !d.decision().equals("deny") || e.agent().isEmpty()) {
            return false;
        }
        memory.remember(e.agent().get(), d.session(), targets(t.get()), d.decidedAt(), now);
        return true;
    }

    private static SessionDenials.Targets targets(DecisionMade.DeniedTargets t) {
        return new SessionDenials.Targets(
                t.rule(),
                new LinkedHashSet<>(t.paths()),
                new LinkedHashSet<>(t.wide()),
                new LinkedHashSet<>(t.hosts()),
                new LinkedHashSet<>(t.objects()));
    }
}
