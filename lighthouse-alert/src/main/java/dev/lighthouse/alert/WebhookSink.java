package dev.lighthouse.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

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

    @Override
    public ObjectNode body(Alert alert, Action action) {
        ObjectNode body = AlertSink.object();
        body.put("action", action.label());
        body.put("dedupKey", alert.dedupKey());
        body.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        body.put("summary", alert.summary());
        body.put("source", alert.source());
        body.put("at", alert.at().toString());
        AlertSink.details(alert.details(), body.putObject("details"));
        return body;
    }
}
