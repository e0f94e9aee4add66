package dev.lighthouse.alert;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A receiver of alerts over HTTP: where to POST and the JSON body it understands. Pure; the
 * {@link AlertDispatcher} sends, retries and records.
 */
public sealed interface AlertSink permits WebhookSink, SlackSink, PagerDutySink {
    /** {@code trigger} opens or repeats an incident, {@code resolve} closes it. */
    enum Action {
        TRIGGER,
        RESOLVE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Names the sink in events and metrics: {@code webhook}, {@code slack}, {@code pagerduty}. */
    String name();

    URI uri();

    /** The JSON document for this receiver. */
    ObjectNode body(Alert alert, Action action);

    /** Puts the details of an alert into {@code target}, keeping numbers and booleans typed. */
    static ObjectNode details(Map<String, Object> details, ObjectNode target) {
        details.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            switch (e.getValue()) {
                case Integer i -> target.put(e.getKey(), i);
                case Long l -> target.put(e.getKey(), l);
                case Double d -> target.put(e.getKey(), d);
                case Float f -> target.put(e.getKey(), f);
                case Boolean b -> target.put(e.getKey(), b);
                default -> target.put(e.getKey(), String.valueOf(e.getValue()));
            }
        });
        return target;
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
