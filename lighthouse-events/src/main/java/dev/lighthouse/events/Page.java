package dev.lighthouse.events;

import java.util.List;
import java.util.Optional;

/**
 * One page of a query, in seq order; {@code next} is present when the page is full and more events may match.
 */
public record Page(List<Event> events, Optional<Cursor> next) {
    public Page {
        events = List.copyOf(events);
    }
}
