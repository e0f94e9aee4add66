package dev.lighthouse.cli;

import dev.lighthouse.alert.AlertSink;
import dev.lighthouse.alert.PagerDutySink;
import dev.lighthouse.alert.SlackSink;
import dev.lighthouse.alert.WebhookSink;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The alert receivers {@code alerts.*} configures: webhook, Slack-compatible webhook, PagerDuty. */
final class AlertsWiring {
    private AlertsWiring() {}

    static List<AlertSink> sinks(Settings settings, Map<String, String> env) {
        List<AlertSink> sinks = new ArrayList<>();
        settings.get(ConfigKeys.ALERTS_WEBHOOK_URL).map(WebhookSink::new).ifPresent(sinks::add);
        settings.get(ConfigKeys.ALERTS_SLACK_URL).map(SlackSink::new).ifPresent(sinks::add);
        String keySource = settings.get(ConfigKeys.ALERTS_PAGERDUTY_ROUTING_KEY);
        if (!keySource.isEmpty()) {
            sinks.add(new PagerDutySink(
                    settings.get(ConfigKeys.ALERTS_PAGERDUTY_URL), routingKey(keySource, settings.dataDir(), env)));
        }
        return sinks;
    }

    /** Reads the secret {@code env:VARIABLE} or {@code file:PATH} names; the message never shows the secret. */
    static String routingKey(String source, Path dataDir, Map<String, String> env) {
        return secret("alerts.pagerduty.routing-key", source, dataDir, env);
    }

    /** The secret key {@code name}'s source ({@code env:VARIABLE} or {@code file:PATH}) holds; never shown. */
    static String secret(String name, String source, Path dataDir, Map<String, String> env) {
        String where = source.substring(source.indexOf(':') + 1);
        String key;
        if (source.startsWith("env:")) {
            key = env.getOrDefault(where, "");
        } else {
            Path file = dataDir.resolve(ConfigKeys.path(where));
            try {
                key = Files.readString(file);
            } catch (IOException e) {
                throw new UserException("%s=%s: cannot read %s: %s".formatted(name, source, file, e.getMessage()));
            }
        }
        if (key.isBlank()) {
            throw new UserException("%s=%s: no key there (empty or not set)".formatted(name, source));
        }
        return key.trim();
    }
}
