package dev.lighthouse.cli;

import dev.lighthouse.policy.Policies;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * The {@code policy} subcommands that change or inspect the versions of a running bridge, through {@code /v1/policy}.
 * Each prints what the bridge now decides under; {@code --json} prints the bridge's answer as it came.
 */
final class PolicyVersionsCommand {
    private PolicyVersionsCommand() {}

    @Command(
            name = "apply",
            mixinStandardHelpOptions = true,
            description = {
                "Send policy files to the running bridge as a new version, layered on the built-in default:",
                "active for everyone, a canary for a share of agents, or a shadow judged beside the active version.",
                "The bridge validates them (problems come back as file:line:column) and records the activation.",
                "",
                "Examples:",
                "  lighthouse policy apply team.yaml --reason 'block npm publish'",
                "  lighthouse policy apply team.yaml --canary 10%% --reason 'try on a tenth of the agents'",
                "  lighthouse policy apply team.yaml --shadow      (then: lighthouse policy shadow)",
                "  lighthouse policy apply --promote               (the canary or shadow becomes active)"
            })
    static final class Apply implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Policy files, lowest layer first.")
        List<Path> files;

        @ArgGroup(exclusive = true)
        Mode mode;

        static final class Mode {
            @Option(
                    names = "--canary",
                    paramLabel = "PERCENT",
                    description = "Decide with the new version for this share of agents only (1%% to 99%%).")
            String canary;

            @Option(names = "--shadow", description = "Judge every call under the new version too, never enforce it.")
            boolean shadow;

            @Option(names = "--promote", description = "Make the current canary or shadow version active (no FILE).")
            boolean promote;
        }

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
        String reason;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            BridgeClient client = bridge.client(Lighthouse.settings(spec));
            boolean promote = mode != null && mode.promote;
            if (promote != (files == null || files.isEmpty())) {
                throw new UserException(
                        promote
                                ? "--promote takes no FILE"
                                : "name the policy files to apply, e.g. `policy apply team.yaml`");
            }
            if (promote) {
                return Versions.print(spec, json, client.post("/v1/policy/promote", reason(reason)));
            }
            List<Layer> layers = files.stream()
                    .map(file -> new Layer(file.toString(), read(file)))
                    .toList();
            boolean canary = mode != null && mode.canary != null;
            ApplyBody body = new ApplyBody(
                    Optional.ofNullable(reason),
                    layers,
                    canary ? "canary" : mode != null && mode.shadow ? "shadow" : "active",
                    canary ? Optional.of(percent(mode.canary)) : Optional.empty());
            return Versions.print(spec, json, client.post("/v1/policy", body));
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserException("cannot read policy file %s: %s".formatted(file, Policies.unreadable(file, e)));
            }
        }

        static int percent(String text) {
            String t = text.trim().endsWith("%")
                    ? text.trim().substring(0, text.trim().length() - 1)
                    : text.trim();
            try {
                int p = Integer.parseInt(t);
                if (p >= 1 && p <= 99) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UserException(
                    "--canary %s: expected a share of agents from 1%% to 99%%, e.g. 10%%".formatted(text));
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = {
                "Make an earlier version active again: VERSION (a hash or its first 12 digits, see `policy history`),",
                "or, without VERSION, the last known-good version before the active one.",
                "",
                "Example: lighthouse policy rollback --reason 'too many reviews'"
            })
    static final class Rollback implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Parameters(paramLabel = "VERSION", arity = "0..1", description = "Version hash or prefix.")
        String version;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
        String reason;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            RollbackBody body = new RollbackBody(Optional.ofNullable(reason), Optional.ofNullable(version));
            return Versions.print(
                    spec, json, bridge.client(Lighthouse.settings(spec)).post("/v1/policy/rollback", body));
        }
    }

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = {
                "Make the canary (or shadow) version active for everyone.",
                "",
                "Example: lighthouse policy promote --reason 'canary clean for an hour'"
            })
    static final class Promote implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
        String reason;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            return Versions.print(
                    spec, json, bridge.client(Lighthouse.settings(spec)).post("/v1/policy/promote", reason(reason)));
        }
    }

    @Command(
            name = "abort",
            mixinStandardHelpOptions = true,
            description = {
                "Stop the canary (its agents go back to the active version) or the shadow.",
                "",
                "Example: lighthouse policy abort --reason 'denies the deploy script'"
            })
    static final class Abort implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
        String reason;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            return Versions.print(
                    spec, json, bridge.client(Lighthouse.settings(spec)).post("/v1/policy/abort", reason(reason)));
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = {
                "The running bridge's active, canary and shadow versions, the watch on a new version,",
                "and recent activations and rollbacks with who, when and why (newest first).",
                "",
                "Example: lighthouse policy history"
            })
    static final class History implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode status = bridge.client(Lighthouse.settings(spec)).get("/v1/policy");
            if (json) {
                return Versions.print(spec, true, status);
            }
            Versions.print(spec, false, status);
            PrintWriter out = Lighthouse.out(spec);
            out.println("history (newest first):");
            for (JsonNode h : status.path("history")) {
                String version = h.has("version")
                        ? Versions.shortHash(h.path("version").asString())
                        : Versions.shortHash(h.path("from").asString()) + " -> "
                                + Versions.shortHash(h.path("to").asString());
                out.printf(
                        "  %s  %-19s %-7s %-28s by %s: %s%n",
                        h.path("at").asString(),
                        h.path("event").asString(),
                        h.path("mode").asString(h.path("event").asString().endsWith("known_good") ? "" : "active"),
                        version,
                        h.path("by").asString("lighthouse"),
                        h.path("reason").asString());
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "shadow",
            mixinStandardHelpOptions = true,
            description = {
                "What the shadow version would have decided differently: counts by verdict pair",
                "(active -> shadow) and the most recent differing calls.",
                "",
                "Example: lighthouse policy apply team.yaml --shadow && lighthouse policy shadow"
            })
    static final class ShadowReport implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode r = bridge.client(Lighthouse.settings(spec)).get("/v1/policy/shadow");
            PrintWriter out = Lighthouse.out(spec);
            if (json) {
                out.println(r.toPrettyString());
                return 0;
            }
            out.printf(
                    "shadow %s@%s beside active %s: %,d calls compared, %,d would differ, %,d skipped (queue full)%n",
                    r.path("candidateName").asString(),
                    Versions.shortHash(r.path("candidate").asString()),
                    Versions.shortHash(r.path("active").asString()),
                    r.path("compared").asLong(),
                    r.path("differing").asLong(),
                    r.path("dropped").asLong());
            r.path("pairs")
                    .properties()
                    .forEach(p ->
                            out.printf("  %-16s %,d%n", p.getKey(), p.getValue().asLong()));
            if (!r.path("recent").isEmpty()) {
                out.println("recent differences:");
            }
            for (JsonNode x : r.path("recent")) {
                out.printf(
                        "  %s -> %s  %s  %s: %s%n",
                        x.path("active").asString(),
                        x.path("candidate").asString(),
                        x.path("agent").asString(),
                        x.path("tool").asString(),
                        x.path("input").asString());
            }
            out.flush();
            return 0;
        }
    }

    /** The body of {@code POST /v1/policy/promote} and {@code /abort}: why, for the history. */
    record ReasonBody(Optional<String> reason) {}

    /** {@code POST /v1/policy}: the layers to apply and how. */
    record ApplyBody(Optional<String> reason, List<Layer> layers, String mode, Optional<Integer> canaryPercent) {}

    record Layer(String file, String text) {}

    /** {@code POST /v1/policy/rollback}: to {@code version}, or else the version before the active one. */
    record RollbackBody(Optional<String> reason, Optional<String> version) {}

    private static ReasonBody reason(String reason) {
        return new ReasonBody(Optional.ofNullable(reason));
    }

    /** Prints the bridge's {@code /v1/policy} document as a few lines. */
    static final class Versions {
        private Versions() {}

        static int print(CommandSpec spec, boolean json, JsonNode status) {
            PrintWriter out = Lighthouse.out(spec);
            if (json) {
                out.println(status.toPrettyString());
                out.flush();
                return 0;
            }
            JsonNode active = status.path("active");
            out.printf(
                    "active  %s%s, since %s by %s%n",
                    label(active),
                    active.path("knownGood").asBoolean() ? " (known-good)" : "",
                    active.path("since").asString(),
                    active.path("by").asString());
            if (status.has("canary")) {
                JsonNode c = status.path("canary");
                out.printf(
                        "canary  %s for %d%% of agents, since %s (promote: `lighthouse policy promote`, abort: `lighthouse"
                                + " policy abort`)%n",
                        label(c), c.path("percent").asInt(), c.path("since").asString());
            }
            if (status.has("shadow")) {
                JsonNode s = status.path("shadow");
                out.printf(
                        "shadow  %s, since %s (see `lighthouse policy shadow`)%n",
                        label(s), s.path("since").asString());
            }
            if (status.has("watch")) {
                JsonNode w = status.path("watch");
                out.printf(
                        "watch   %s until %s: %d decisions, %.1f%% review+deny (before: %.1f%% of %d); rolled back"
                                + " automatically if it rises too far%n",
                        shortHash(w.path("version").asString()),
                        w.path("until").asString(),
                        w.path("decisions").asLong(),
                        w.path("reviewOrDenyShare").asDouble(),
                        w.path("baselineReviewOrDenyShare").asDouble(),
                        w.path("baselineDecisions").asLong());
            }
            out.flush();
            return 0;
        }

        static String label(JsonNode version) {
            return version.path("name").asString() + "@"
                    + shortHash(version.path("version").asString());
        }

        static String shortHash(String hash) {
            return hash.length() > 12 ? hash.substring(0, 12) : hash;
        }
    }
}
