package dev.lighthouse.events;

import java.util.List;
import java.util.Optional;

/** One page of {@link DecisionName}s, in seq order; {@code next} is present when the page is full. */
public record DecisionNames(List<DecisionName> names, Optional<Cursor> next) {
    public DecisionNames {
        names = List.copyOf(names);
    }

    /** A page of {@code names} for a query of {@code limit}: a full page has a cursor to the next. */
    public static DecisionNames page(List<DecisionName> names, int limit) {
        return new DecisionNames(
                names,
                names.size() == limit ? Optional.of(new Cursor(names.getLast().seq())) : Optional.empty());
    }
}
