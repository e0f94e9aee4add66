package dev.lighthouse.cli;

import dev.lighthouse.bridge.rollout.PolicySource;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.yaml.PolicyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * Which policy {@code check} and {@code policy show} use: the running bridge's active version when a bridge answers
 * (what agents are decided under right now), else the local files. {@code --policy FILE} and {@code --offline} ask
 * for the local files.
 */
final class PolicyChoice {
    private PolicyChoice() {}

    /** The chosen policy and a sentence saying which it is, for the person reading the answer. */
    record Chosen(Policy policy, String source) {}

    /** {@code --offline}, {@code --url} and {@code --token}, for commands that judge under a policy. */
    static final class Options {
        @Option(
                names = "--offline",
                description = "Use the local policy files (config policy.files) even when a bridge is running.")
        boolean offline;

        @Mixin
        BridgeClient.Options bridge = new BridgeClient.Options();
    }

    static Chosen choose(Settings settings, List<Path> flagged, Options options) {
        boolean explicit = flagged != null && !flagged.isEmpty();
        if (explicit || options.offline) {
            Policy local = PolicyFiles.load(flagged, settings);
            return new Chosen(local, "policy from " + files(flagged, settings));
        }
        BridgeClient client = options.bridge.client(settings);
        Optional<JsonNode> active;
        try {
            active = client.getIfRunning("/v1/policy/active");
        } catch (UserException e) {
            Policy local = PolicyFiles.load(flagged, settings);
            return new Chosen(
                    local,
                    "policy from %s; the bridge at %s did not give its own (%s)"
                            .formatted(files(flagged, settings), client.base(), firstLine(e)));
        }
        if (active.isEmpty()) {
            Policy local = PolicyFiles.load(flagged, settings);
            return new Chosen(
                    local,
                    "policy from %s; no bridge running at %s".formatted(files(flagged, settings), client.base()));
        }
        Policy running;
        try {
            running = new PolicySource(PolicySource.layersFromJson(active.get().get("layers"))).compile();
        } catch (IllegalArgumentException | PolicyException e) {
            throw new UserException("the bridge at %s sent a policy that does not load here (%s); --offline uses the"
                            .formatted(client.base(), e.getMessage())
                    + " local files");
        }
        Policy local = PolicyFiles.load(flagged, settings);
        String differs = local.version().hash().equals(running.version().hash())
                ? ""
                : "; the local files are %s (--offline to use them)".formatted(local.version());
        return new Chosen(running, "policy active on the bridge at %s%s".formatted(client.base(), differs));
    }

    private static String files(List<Path> flagged, Settings settings) {
        List<Path> files = flagged == null || flagged.isEmpty() ? settings.get(ConfigKeys.POLICY_FILES) : flagged;
        return files.isEmpty() ? "the built-in default" : "the built-in default + " + files;
    }

    private static String firstLine(UserException e) {
        return e.getMessage().lines().findFirst().orElse("");
    }
}
