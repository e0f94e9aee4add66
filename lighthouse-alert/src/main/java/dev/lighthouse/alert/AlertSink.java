package dev.lighthouse.alert;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /** The JSON document for this receiver: a record of the receiver's format, which Jackson writes. */
    Record body(Alert alert, Action action);

    /**
     * The details of an alert as a JSON object's members, sorted by name: numbers and booleans stay typed, anything
     * else is written as its text. The details are open by design (each alert source has its own facts), so they are
     * a map rather than a record.
     */
    static SortedMap<String, Object> details(Map<String, Object> details) {
        SortedMap<String, Object> typed = new TreeMap<>();
        details.forEach((name, value) -> typed.put(
                name,
                switch (value) {
                    case Integer i -> i;
                    case Long l -> l;
                    case Double d -> d;
                    case Float f -> f;
                    case Boolean b -> b;
                    default -> String.valueOf(value);
                }));
        return typed;
    }
}
