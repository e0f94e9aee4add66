package dev.lighthouse.bridge.console;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the web console reaches people away from the terminal.
 *
 * @param publicUrl the bridge's address as reviewers' browsers reach it, for links in notifications
 *     ({@code console.url}); default: the address it listens on
 * @param linkLifetime how long a signed review link stays valid ({@code console.link-ttl})
 * @param slackSigningSecret Slack's signing secret for the app whose buttons call back ({@code
 *     review.slack.signing-secret-env} names the variable holding it); without it the callback endpoint is off
 * @param slackUsers Slack user id to the agent name (a reviewer or admin token) whose vote a button press is
 *     ({@code review.slack.users})
 */
public record ConsoleSettings(
        Optional<URI> publicUrl,
        Duration linkLifetime,
        Optional<String> slackSigningSecret,
        Map<String, String> slackUsers) {
    public static final Duration DEFAULT_LINK_LIFETIME = Duration.ofHours(1);

    public ConsoleSettings {
        requireNonNull(publicUrl, "publicUrl");
        requireNonNull(slackSigningSecret, "slackSigningSecret");
        if (!linkLifetime.isPositive()) {
            throw new IllegalArgumentException("console.link-ttl must be more than 0, got " + linkLifetime);
        }
        slackUsers = Map.copyOf(slackUsers);
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(Optional.empty(), DEFAULT_LINK_LIFETIME, Optional.empty(), Map.of());
    }
}
