package dev.lighthouse.coordination;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads back the events a coordination projection is folded from, for its rebuild at start. */
public final class Replay {
    private Replay() {}

    /**
     * Every event of these types since {@code since} (all of them when empty), in seq order: the order they
     * happened in, whichever type.
     */
    public static List<Event> of(EventStore store, Set<EventType> types, Optional<Instant> since) {
        List<Event> events = new ArrayList<>();
        for (EventType type : types) {
            EventQuery query = EventQuery.all().type(type).limit(EventQuery.MAX_LIMIT);
            if (since.isPresent()) {
                query = query.since(since.get());
            }
            while (true) {
                Page page = store.query(query);
                events.addAll(page.events());
                if (page.next().isEmpty()) {
                    break;
                }
                query = query.after(page.next().get());
            }
        }
        events.sort(Comparator.comparingLong(Event::seq));
        return events;
    }
}
