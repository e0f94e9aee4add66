package dev.lighthouse.events;

/**
 * The store could not do what was asked (database unreachable, disk full, store closed). For an append it means
 * the events were not acknowledged; they may or may not have become durable.
 */
public final class EventStoreException extends RuntimeException {
    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventStoreException(String message) {
        super(message);
    }
}
