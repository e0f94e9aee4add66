package dev.lighthouse.events;

/** A replica that may not join the others on a shared store: another key, another registry. */
public final class ReplicaRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplicaRefusedException(String message) {
        super(message, null, false, false);
    }
}
