package dev.lighthouse.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

    @Override
    public ObjectNode body(Alert alert, Action action) {
        String severity = alert.severity().name().toLowerCase(Locale.ROOT);
        String tag = action == Action.TRIGGER ? "[TRIGGER " + severity + "]" : "[RESOLVED]";
        ObjectNode body = AlertSink.object();
        body.put("text", "%s %s (%s)".formatted(tag, alert.summary(), alert.source()));
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("color", action == Action.RESOLVE ? "#2eb67d" : color(alert.severity()));
        ArrayNode fields = attachment.putArray("fields");
        field(fields, "dedup key", alert.dedupKey());
        field(fields, "at", alert.at().toString());
        alert.details().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> field(fields, e.getKey(), String.valueOf(e.getValue())));
        return body;
    }

    private static void field(ArrayNode fields, String title, String value) {
        fields.addObject().put("title", title).put("value", value).put("short", value.length() <= 40);
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
