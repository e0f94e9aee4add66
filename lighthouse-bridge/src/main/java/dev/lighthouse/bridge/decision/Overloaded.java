package dev.lighthouse.bridge.decision;

/** Too many calls are being decided at once; the caller should retry shortly. */
public final class Overloaded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overloaded(String message) {
        super(message, null, false, false);
    }
}
