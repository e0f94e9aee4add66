package dev.lighthouse.events.projection;

/**
 * A projection's state as of an event.
 *
 * @param seq the last event folded in (0 if none)
 */
public record Snapshot<S>(S state, long seq) {}
