package dev.lighthouse.events;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@link DecisionName}s, in seq order; {@code next} is present when more names follow. The stores know
 * that by reading one name more than a page, so the last page of a listing has no cursor even when it is full (an hour
 * of exactly 10,000 decisions is one request, not two); the default of {@link EventStore#decisionNames}, which pages
 * whole events, may give a cursor to an empty page.
 */
public record DecisionNames(List<DecisionName> names, Optional<Cursor> next) {
    public DecisionNames {
        names = List.copyOf(names);
    }

    /**
     * A page of at most {@code limit} of {@code read}, which holds up to one more than {@code limit} names: when it
     * holds more, the page has a cursor to the rest.
     */
    public static DecisionNames page(List<DecisionName> read, int limit) {
        if (read.size() <= limit) {
            return new DecisionNames(read, Optional.empty());
        }
        List<DecisionName> names = read.subList(0, limit);
        return new DecisionNames(names, Optional.of(new Cursor(names.getLast().seq())));
    }
}
