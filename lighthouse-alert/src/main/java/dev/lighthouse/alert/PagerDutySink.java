package dev.lighthouse.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    /** An Events API v2 event: a trigger carries its payload, a resolve only the keys. */
    record Event(
            @JsonProperty("routing_key") String routingKey,
            @JsonProperty("event_action") String eventAction,
            @JsonProperty("dedup_key") String dedupKey,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Payload> payload) {
        /** Never prints the routing key. */
        @Override
        public String toString() {
            return "PagerDutySink.Event[" + eventAction + " " + dedupKey + "]";
        }
    }

    record Payload(
            String summary,
            String source,
            String severity,
            String timestamp,
            @JsonProperty("custom_details") Map<String, Object> customDetails) {}

    @Override
    public Event body(Alert alert, Action action) {
        Optional<Payload> payload = Optional.empty();
        if (action == Action.TRIGGER) {
            String summary = alert.summary();
            payload = Optional.of(new Payload(
                    summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary,
                    alert.source(),
                    alert.severity().name().toLowerCase(Locale.ROOT),
                    alert.at().toString(),
                    AlertSink.details(alert.details())));
        }
        return new Event(routingKey, action.label(), alert.dedupKey(), payload);
    }

    /** Never prints the routing key. */
    @Override
    public String toString() {
        return "PagerDutySink[" + uri() + "]";
    }
}
