package dev.lighthouse.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): {@code text} is one line a person reads in a
 * notification, e.g. {@code [TRIGGER error] p99 latency 180 ms > 100 ms (bridge-1)}; one attachment carries the
 * details as fields, coloured by severity (green when resolved).
 */
public record SlackSink(URI uri) implements AlertSink {
    public SlackSink {
        requireNonNull(uri, "uri");
    }

    @Override
    public String name() {
        return "slack";
    }

    /** The incoming webhook's message: one line, and one attachment with the details. */
    record Body(String text, List<Attachment> attachments) {}

    record Attachment(String color, List<Field> fields) {}

    /** One detail; {@code short} lets Slack set it beside the next one. */
    record Field(
            String title,
            String value,
            @JsonProperty("short") boolean brief) {
        static Field of(String title, String value) {
            return new Field(title, value, value.length() <= 40);
        }
    }

    @Override
    public Body body(Alert alert, Action action) {
        String severity = alert.severity().name().toLowerCase(Locale.ROOT);
        String tag = action == Action.TRIGGER ? "[TRIGGER " + severity + "]" : "[RESOLVED]";
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("dedup key", alert.dedupKey()));
        fields.add(Field.of("at", alert.at().toString()));
        alert.details().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> fields.add(Field.of(e.getKey(), String.valueOf(e.getValue()))));
        String color = action == Action.RESOLVE ? "#2eb67d" : color(alert.severity());
        return new Body(
                "%s %s (%s)".formatted(tag, alert.summary(), alert.source()),
                List.of(new Attachment(color, List.copyOf(fields))));
    }

    private static String color(Alert.Severity severity) {
        return switch (severity) {
            case CRITICAL -> "#e01e5a";
            case ERROR -> "#e8912d";
            case WARNING -> "#ecb22e";
            case INFO -> "#36c5f0";
        };
    }
}
