package dev.lighthouse.alert;

/**
 * Where the bridge sends alerts. Delivery is asynchronous (retries with backoff happen off the caller's thread) and
 * every delivery outcome is recorded as an event; callers never block on a receiver.
 */
public interface Alerts {
    /** Opens (or repeats) the incident {@link Alert#dedupKey()}. */
    void trigger(Alert alert);

    /** Closes the incident {@link Alert#dedupKey()}. */
    void resolve(Alert alert);

    /** No receivers configured: alerts are only logged by the caller. */
    Alerts NONE = new Alerts() {
        @Override
        public void trigger(Alert alert) {}

        @Override
        public void resolve(Alert alert) {}
    };
}
