package dev.lighthouse.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code lighthouse review}: list, read and decide the reviews of a running bridge over {@code /v1/reviews}, and
 * manage temporary approvals. Every subcommand takes {@code --url}, {@code --token} and {@code --json}.
 */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = {
            "Decide calls the policy sent to review, on a running bridge.",
            "",
            "Examples:",
            "  lighthouse review list",
            "  lighthouse review show rv_3f2a9c1b04d7e611",
            "  lighthouse review approve rv_3f2a9c1b04d7e611 --reason 'plan checked, staging only'",
            "  lighthouse review approve rv_3f2a9c1b04d7e611 --reason 'sprint work' --for 1h",
            "  lighthouse review deny rv_3f2a9c1b04d7e611 --reason 'not during the freeze'",
            "  lighthouse review approvals        lighthouse review revoke ap_0c5e…",
            "",
            "With tokens required, pass a reviewer token: --token or LIGHTHOUSE_TOKEN",
            "(issue one with `lighthouse agents add alice --role reviewer`)."
        },
        subcommands = {
            ReviewCommand.ListReviews.class,
            ReviewCommand.Show.class,
            ReviewCommand.Approve.class,
            ReviewCommand.Deny.class,
            ReviewCommand.Approvals.class,
            ReviewCommand.Revoke.class
        })
final class ReviewCommand {
    private ReviewCommand() {}

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "List pending reviews (or resolved ones), oldest first.",
                "",
                "Example: lighthouse review list --resolved"
            })
    static final class ListReviews implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Option(names = "--resolved", description = "Resolved reviews instead of pending ones.")
        boolean resolved;

        @Option(names = "--mine", description = "Only reviews for your capabilities (agent experts).")
        boolean mine;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            String path = "/v1/reviews?status=" + (resolved ? "resolved" : "pending") + (mine ? "&for=me" : "");
            JsonNode body = bridge.client(Lighthouse.settings(spec)).get(path);
            PrintWriter out = Lighthouse.out(spec);
            if (json) {
                out.println(body);
                return 0;
            }
            JsonNode reviews = body.path("reviews");
            if (reviews.isEmpty()) {
                out.println(resolved ? "no resolved reviews" : "no pending reviews");
                return 0;
            }
            out.printf("%-19s  %-9s  %-22s  %-12s  %-6s  %s%n", "ID", "STATUS", "ROUTE", "AGENT", "VOTES", "CALL");
            for (JsonNode r : reviews) {
                out.printf(
                        "%-19s  %-9s  %-22s  %-12s  %-6s  %s%n",
                        r.path("id").asString(),
                        r.path("status").asString(),
                        r.at("/route/name").asString(),
                        r.at("/case/agent").asString(),
                        counted(r) + "/" + r.at("/route/quorum").asInt(),
                        callText(r, 60));
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {"Everything a reviewer needs about one review.", "", "Example: lighthouse review show ID"})
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Parameters(paramLabel = "ID", description = "The review's id (from `lighthouse review list`).")
        String id;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode r = bridge.client(Lighthouse.settings(spec)).get("/v1/reviews/" + id);
            PrintWriter out = Lighthouse.out(spec);
            if (json) {
                out.println(r);
                return 0;
            }
            print(out, r);
            return 0;
        }
    }

    /** {@code approve} and {@code deny}: one verdict. */
    abstract static class Verdict implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Parameters(paramLabel = "ID", description = "The review's id (from `lighthouse review list`).")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; shown to the agent.")
        String reason;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        abstract String verdict();

        /** How long the agent may run calls like this one without review, for an approval that grants it. */
        Optional<String> grantFor() {
            return Optional.empty();
        }

        /** {@code POST /v1/reviews/{id}/verdict}. */
        record VerdictBody(
                String verdict,
                String reason,
                @JsonProperty("for") Optional<String> grantFor) {}

        @Override
        public Integer call() {
            VerdictBody body = new VerdictBody(verdict(), reason, grantFor());
            JsonNode answer = bridge.client(Lighthouse.settings(spec)).post("/v1/reviews/" + id + "/verdict", body);
            PrintWriter out = Lighthouse.out(spec);
            if (json) {
                out.println(answer);
                return 0;
            }
            JsonNode r = answer.path("review");
            out.printf(
                    "%s: your %s counted; review %s, %d of %d vote(s) needed%n",
                    r.path("id").asString(),
                    verdict(),
                    r.path("status").asString(),
                    counted(r),
                    r.at("/route/quorum").asInt());
            return 0;
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = {
                "Approve a review. With --for, the agent may also run calls like this one (same tool, same programs",
                "and subcommands) without review for that long.",
                "",
                "Example: lighthouse review approve ID --reason 'plan checked' --for 1h"
            })
    static final class Approve extends Verdict {
        @Option(
                names = "--for",
                paramLabel = "DURATION",
                description = "Also grant a temporary approval, e.g. 30m, 1h, 2d (at most 7d).")
        String forDuration;

        @Override
        String verdict() {
            return "approve";
        }

        @Override
        Optional<String> grantFor() {
            return Optional.ofNullable(forDuration);
        }
    }

    @Command(
            name = "deny",
            mixinStandardHelpOptions = true,
            description = {"Deny a review.", "", "Example: lighthouse review deny ID --reason 'not during the freeze'"})
    static final class Deny extends Verdict {
        @Override
        String verdict() {
            return "deny";
        }
    }

    @Command(
            name = "approvals",
            mixinStandardHelpOptions = true,
            description = {"List live temporary approvals.", "", "Example: lighthouse review approvals"})
    static final class Approvals implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Option(names = "--json", description = "Print the bridge's JSON answer.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode body = bridge.client(Lighthouse.settings(spec)).get("/v1/approvals");
            PrintWriter out = Lighthouse.out(spec);
            if (json) {
                out.println(body);
                return 0;
            }
            if (body.path("approvals").isEmpty()) {
                out.println("no live temporary approvals");
                return 0;
            }
            out.printf("%-19s  %-12s  %-24s  %-12s  %s%n", "ID", "AGENT", "UNTIL", "BY", "COVERS");
            for (JsonNode a : body.path("approvals")) {
                out.printf(
                        "%-19s  %-12s  %-24s  %-12s  %s%n",
                        a.path("id").asString(),
                        a.path("agent").asString(),
                        a.path("expires").asString(),
                        a.path("grantedBy").asString(),
                        a.path("pattern").asString());
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {"End a temporary approval now.", "", "Example: lighthouse review revoke ap_0c5e…"})
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BridgeClient.Options bridge;

        @Parameters(paramLabel = "ID", description = "The approval's id (from `lighthouse review approvals`).")
        String id;

        @Override
        public Integer call() {
            bridge.client(Lighthouse.settings(spec)).delete("/v1/approvals/" + id);
            Lighthouse.out(spec).println("revoked " + id);
            return 0;
        }
    }

    private static int counted(JsonNode review) {
        int n = 0;
        for (JsonNode v : review.path("votes")) {
            n += v.path("counted").asBoolean() ? 1 : 0;
        }
        return n;
    }

    private static String callText(JsonNode review, int width) {
        JsonNode input = review.at("/case/input");
        String text = input.has("command")
                ? input.path("command").asString()
                : review.at("/case/tool").asString() + " " + input;
        text = text.replaceAll("\\s+", " ");
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    private static void print(PrintWriter out, JsonNode r) {
        out.printf(
                "review   %s (%s)%n", r.path("id").asString(), r.path("status").asString());
        out.printf(
                "agent    %s in %s%n",
                r.at("/case/agent").asString(), r.at("/case/cwd").asString());
        out.printf("call     %s: %s%n", r.at("/case/tool").asString(), callText(r, 400));
        out.printf(
                "policy   %s (risk %s; rules %s)%n",
                r.at("/case/reason").asString(),
                r.at("/case/risk").asString(),
                String.join(
                        ", ",
                        r.at("/case/rules")
                                .valueStream()
                                .map(JsonNode::asString)
                                .toList()));
        for (JsonNode line : r.at("/case/analysis")) {
            out.printf("does     %s%n", line.asString());
        }
        JsonNode route = r.path("route");
        out.printf(
                "route    %s: %d %s vote(s) of %s, deadline %s (then %s)%n",
                route.path("name").asString(),
                route.path("quorum").asInt(),
                route.path("mode").asString(),
                String.join(
                        ", ",
                        route.path("reviewers")
                                .valueStream()
                                .map(JsonNode::asString)
                                .toList()),
                r.path("deadline").asString(),
                route.path("onTimeout").asString());
        if (!route.path("guidance").asString().isEmpty()) {
            out.printf("guide    %s%n", route.path("guidance").asString());
        }
        for (JsonNode h : r.at("/case/recentHistory")) {
            out.printf("before   %s%n", h.asString());
        }
        for (JsonNode v : r.path("votes")) {
            out.printf(
                    "vote     %s %s: %s%s%n",
                    v.path("reviewer").asString(),
                    v.path("verdict").asString(),
                    v.path("reason").asString(),
                    v.path("counted").asBoolean()
                            ? ""
                            : " (not counted: " + v.path("ignored").asString() + ")");
        }
        if (r.has("terminal")) {
            out.printf(
                    "terminal %s at %s (the agent's user was asked at the terminal)%n",
                    r.at("/terminal/outcome").asString().replace('_', ' '),
                    r.at("/terminal/at").asString());
        }
        if (r.has("resolution")) {
            out.printf(
                    "result   %s -> %s at %s%n",
                    r.at("/resolution/outcome").asString(),
                    r.at("/resolution/decision").asString(),
                    r.at("/resolution/at").asString());
        }
    }
}
