package dev.lighthouse.events;

/** An event or batch breaks a limit or is malformed; nothing of it was stored. The message says which and why. */
public final class EventRejectedException extends IllegalArgumentException {
    public EventRejectedException(String message) {
        super(message);
    }
}
