package dev.lighthouse.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * A generic JSON webhook: every field of the {@link Alert} plus the action, e.g.
 * {@code {"action":"trigger","dedupKey":"sla/p99_latency","severity":"error","summary":…,"source":…,"at":…,
 * "details":{…}}}.
 */
public record WebhookSink(URI uri) implements AlertSink {
    public WebhookSink {
        requireNonNull(uri, "uri");
    }

    @Override
    public String name() {
        return "webhook";
    }

    /** The webhook's body, in this order. */
    record Body(
            String action,
            String dedupKey,
            String severity,
            String summary,
            String source,
            String at,
            Map<String, Object> details) {}

    @Override
    public Body body(Alert alert, Action action) {
        return new Body(
                action.label(),
                alert.dedupKey(),
                alert.severity().name().toLowerCase(Locale.ROOT),
                alert.summary(),
                alert.source(),
                alert.at().toString(),
                AlertSink.details(alert.details()));
    }
}
