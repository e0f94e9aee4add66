package dev.lighthouse.events.projection;

import dev.lighthouse.events.Event;

/**
 * Current state as a fold over events: {@code apply} returns the state after one more event. Implementations
 * should be pure (no I/O, no clock), so replaying the same events always gives the same state.
 *
 * @param <S> the state; immutable states make snapshots safe to share
 */
public interface Projection<S> {
    /** The state before any event. */
    S initial();

    /** The state after {@code event}; events come in seq order. */
    S apply(S state, Event event);
}
