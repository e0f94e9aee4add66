package dev.lighthouse.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * PagerDuty Events API v2: {@code POST <base>/v2/enqueue} with the integration's routing key. A trigger carries the
 * payload ({@code summary}, {@code source}, {@code severity}, {@code timestamp}, {@code custom_details}); a resolve
 * carries only the dedup key, which closes the incident the trigger opened.
 *
 * @param base e.g. {@code https://events.pagerduty.com}; configurable so a proxy or a test server can stand in
 * @param routingKey the integration key of the PagerDuty service; a secret
 */
public record PagerDutySink(URI base, String routingKey) implements AlertSink {
    /** PagerDuty refuses summaries longer than this. */
    static final int MAX_SUMMARY = 1024;

    public PagerDutySink {
        requireNonNull(base, "base");
        requireNonNull(routingKey, "routingKey");
        if (routingKey.isBlank()) {
            throw new IllegalArgumentException("the PagerDuty routing key is empty");
        }
    }

    @Override
    public String name() {
        return "pagerduty";
    }

    @Override
    public URI uri() {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + "/v2/enqueue");
    }

    @Override
    public ObjectNode body(Alert alert, Action action) {
        ObjectNode body = AlertSink.object();
        body.put("routing_key", routingKey);
        body.put("event_action", action.label());
        body.put("dedup_key", alert.dedupKey());
        if (action == Action.TRIGGER) {
            ObjectNode payload = body.putObject("payload");
            String summary = alert.summary();
            payload.put("summary", summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary);
            payload.put("source", alert.source());
            payload.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
            payload.put("timestamp", alert.at().toString());
            AlertSink.details(alert.details(), payload.putObject("custom_details"));
        }
        return body;
    }

    /** Never prints the routing key. */
    @Override
    public String toString() {
        return "PagerDutySink[" + uri() + "]";
    }
}
