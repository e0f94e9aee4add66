package dev.lighthouse.bridge.decision;

/** A request that cannot be decided: the message says what is wrong and what was expected. */
public final class BadCall extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadCall(String message) {
        super(message, null, false, false);
    }
}
