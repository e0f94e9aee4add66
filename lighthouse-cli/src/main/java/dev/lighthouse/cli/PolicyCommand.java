package dev.lighthouse.cli;

import dev.lighthouse.policy.Corpus;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.call.CallLine;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.rules.Fixture;
import dev.lighthouse.policy.rules.LayerParser;
import dev.lighthouse.policy.rules.Rule;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.policy.yaml.PolicyException;
import dev.lighthouse.policy.yaml.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lighthouse policy show|validate|test|diff}: read, check and compare policies; {@code apply|rollback|promote|
 * abort|history|shadow}: change and inspect the versions a running bridge decides under (over its HTTP API).
 */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = {
            "Show, validate, test and compare policies (YAML layered on the built-in default);",
            "apply, roll back, canary and shadow policy versions on a running bridge (docs/rollout.md)."
        },
        subcommands = {
            PolicyCommand.Show.class,
            PolicyCommand.Validate.class,
            PolicyCommand.Test.class,
            PolicyCommand.Diff.class,
            PolicyVersionsCommand.Apply.class,
            PolicyVersionsCommand.Rollback.class,
            PolicyVersionsCommand.Promote.class,
            PolicyVersionsCommand.Abort.class,
            PolicyVersionsCommand.History.class,
            PolicyVersionsCommand.ShadowReport.class
        })
final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(Lighthouse.out(spec));
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Print the effective policy: its version and rules. `policy show default` prints the built-in policy's YAML."
            })
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--policy",
                paramLabel = "FILE",
                description = "Policy file layered on the default (default: the running bridge's active version,"
                        + " else config policy.files).")
        List<Path> policies;

        @picocli.CommandLine.Mixin
        PolicyChoice.Options choice = new PolicyChoice.Options();

        @Parameters(paramLabel = "default", arity = "0..1", description = "`default` for the built-in policy text.")
        String which;

        @Override
        public Integer call() {
            PrintWriter out = Lighthouse.out(spec);
            if ("default".equals(which)) {
                out.print(Policies.defaultPolicyText());
                return 0;
            }
            if (which != null) {
                throw new UserException(
                        "policy show takes `default` or nothing, not " + which + " (use --policy FILE)");
            }
            PolicyChoice.Chosen chosen = PolicyChoice.choose(Lighthouse.settings(spec), policies, choice);
            Policy policy = chosen.policy();
            out.printf(
                    "policy %s (sha256 %s)%n",
                    policy.version(), policy.version().hash());
            out.println("source: " + chosen.source());
            out.println("layers: "
                    + String.join(
                            " < ", policy.layers().stream().map(l -> l.file()).toList()));
            out.println("default decision: " + policy.defaultVerdict().label());
            for (Rule rule : policy.rules()) {
                out.printf(
                        "  %-7s %-9s %-26s %s%n",
                        rule.verdict().label(), rule.risk().label(), rule.id(), rule.reason());
            }
            return 0;
        }
    }

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = "Check policy files; print every problem as file:line:column: what.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Policy files, lowest layer first.")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = Lighthouse.out(spec);
            List<Problem> problems = new ArrayList<>();
            for (Path file : files) {
                try {
                    problems.addAll(LayerParser.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8))
                            .problems());
                } catch (IOException e) {
                    problems.add(new Problem(file.toString(), 0, 0, "cannot read: " + Policies.unreadable(file, e)));
                }
            }
            if (problems.isEmpty()) {
                try {
                    Policy policy = Policies.load(files);
                    List<String> warnings = routeWarnings(policy);
                    warnings.forEach(w -> spec.commandLine().getErr().println(w));
                    out.printf(
                            "ok: %d rules, policy %s%s%n",
                            policy.rules().size(),
                            policy.version(),
                            warnings.isEmpty()
                                    ? ""
                                    : ", %d warning%s".formatted(warnings.size(), warnings.size() == 1 ? "" : "s"));
                    return 0;
                } catch (PolicyException e) {
                    problems.addAll(e.problems());
                }
            }
            problems.forEach(p -> spec.commandLine().getErr().println(p));
            spec.commandLine().getErr().printf("%d problem%s%n", problems.size(), problems.size() == 1 ? "" : "s");
            return 1;
        }
    }

    /**
     * A warning for each rule of the checked files whose {@code route:} loses to another matching rule's route, for a
     * fixture or corpus call: the review then goes by the other route, which is easy to miss when writing a layer.
     */
    static List<String> routeWarnings(Policy policy) {
        List<ToolCall> calls = new ArrayList<>();
        policy.fixtures().forEach(f -> calls.add(f.call()));
        Corpus.builtIn().calls().forEach(line -> calls.add(line.call()));
        Map<String, String> warnings = new LinkedHashMap<>();
        for (ToolCall call : calls) {
            Decision d = policy.decide(call, Instant.EPOCH);
            Optional<Rule> winner = policy.routeRule(d.reasons());
            if (d.verdict() != Verdict.REVIEW || winner.isEmpty()) {
                continue;
            }
            for (Rule rule : policy.rules()) {
                boolean lost = d.ruleIds().contains(rule.id())
                        && !rule.origin().startsWith("<") // built-in layers (<default>, <self-protection>)
                        && rule.verdict() == Verdict.REVIEW
                        && rule.route().isPresent()
                        && !rule.route().equals(winner.get().route());
                if (lost) {
                    warnings.putIfAbsent(
                            rule.id() + " " + winner.get().id(),
                            ("warning: %s: rule \"%s\" routes to %s, but where rule \"%s\" (%s) matches too the"
                                            + " review goes by its %s (the highest layer's rule wins, then the first in"
                                            + " the file), e.g. for %s")
                                    .formatted(
                                            rule.origin(),
                                            rule.id(),
                                            rule.route().get(),
                                            winner.get().id(),
                                            winner.get().origin(),
                                            winner.get().route().get(),
                                            call.input() instanceof ToolInput.Bash b
                                                    ? "`" + b.command() + "`"
                                                    : call.input()));
                }
            }
        }
        return List.copyOf(warnings.values());
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = {
                "Run the `tests:` cases of the policy files (and of the default) and report which fail;",
                "then print the built-in corpus figures (development and held-out sets) under the policy.",
                "Cases without cwd run as if in /home/dev/app with home /home/dev.",
                "With --source, the corpus figures are also printed for the rows of those sources alone:",
                "a new gathering's first figures, taken before any rule is written from it."
            })
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--source",
                paramLabel = "ID",
                description = "Also print the figures of this corpus source's rows (repeatable; ids in"
                        + " corpus-sources.yaml).")
        List<String> sources;

        @Parameters(
                paramLabel = "FILE",
                arity = "0..*",
                description = "Policy files layered on the default (none: test the default).")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = Lighthouse.out(spec);
            List<String> unknown = unknownSources();
            if (!unknown.isEmpty()) {
                spec.commandLine().getErr().printf("unknown corpus source %s (see corpus-sources.yaml)%n", unknown);
                return Lighthouse.EXIT_USAGE;
            }
            Policy policy = PolicyFiles.loadFiles(files == null ? List.of() : files);
            int failed = 0;
            List<Fixture> fixtures = policy.fixtures();
            for (Fixture f : fixtures) {
                Decision d = policy.decide(f.call(), Instant.EPOCH);
                Optional<String> route = d.route().map(ReviewRoute::name);
                boolean ok = d.verdict() == f.expect()
                        && f.expectRule().map(r -> d.ruleIds().contains(r)).orElse(true)
                        && f.expectRoute()
                                .map(r -> route.equals(Optional.of(r)))
                                .orElse(true);
                if (!ok) {
                    failed++;
                    out.printf(
                            "FAIL %s  %s%n     expected %s%s%s, got %s %s%s%n",
                            f.origin(),
                            f.name(),
                            f.expect().label(),
                            f.expectRule().map(r -> " by " + r).orElse(""),
                            f.expectRoute().map(r -> " via route " + r).orElse(""),
                            d.verdict().label(),
                            d.ruleIds(),
                            route.map(r -> " via route " + r).orElse(""));
                } else {
                    out.printf(
                            "ok   %s  %s -> %s%n",
                            f.origin(), f.name(), d.verdict().label());
                }
            }
            out.printf("%d cases, %d failed, policy %s%n", fixtures.size(), failed, policy.version());
            printCorpusFigures(out, policy);
            if (sources != null) {
                printSourceFigures(out, policy, sources);
            }
            return failed == 0 ? 0 : 1;
        }

        /** The corpus figures of both sets: the held-out set is measured only, never tuned on (docs/policy.md). */
        private static void printCorpusFigures(PrintWriter out, Policy policy) {
            Corpus corpus = Corpus.builtIn();
            for (Corpus.Split split : Corpus.Split.values()) {
                List<Corpus.Row> rows = corpus.rows(split);
                long sources =
                        rows.stream().map(r -> r.source().id()).distinct().count();
                out.printf("corpus, %s set (%d calls from %d sources):%n", split.label(), rows.size(), sources);
                Corpus.score(policy, rows).lines().forEach(line -> out.println("  " + line));
            }
        }

        private List<String> unknownSources() {
            if (sources == null) {
                return List.of();
            }
            Set<String> known =
                    Corpus.builtIn().sources().stream().map(Corpus.Source::id).collect(Collectors.toSet());
            return sources.stream().filter(id -> !known.contains(id)).toList();
        }

        /** The figures of the named sources' rows together. */
        private static void printSourceFigures(PrintWriter out, Policy policy, List<String> ids) {
            List<Corpus.Row> rows = Corpus.builtIn().rows().stream()
                    .filter(r -> ids.contains(r.source().id()))
                    .toList();
            out.printf("corpus, sources %s (%d calls):%n", String.join(", ", ids), rows.size());
            Corpus.score(policy, rows).lines().forEach(line -> out.println("  " + line));
        }
    }

    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            description = {
                "Which fixture and corpus calls change decision between policy A and policy B.",
                "Each of A and B is a policy file layered on the default, or `default` for the default alone."
            })
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A")
        String a;

        @Parameters(index = "1", paramLabel = "B")
        String b;

        @Override
        public Integer call() {
            PrintWriter out = Lighthouse.out(spec);
            Policy before = policy(a);
            Policy after = policy(b);
            Map<String, ToolCall> calls = new LinkedHashMap<>();
            for (Fixture f : before.fixtures()) {
                calls.putIfAbsent("fixture " + f.origin(), f.call());
            }
            for (Fixture f : after.fixtures()) {
                calls.putIfAbsent("fixture " + f.origin(), f.call());
            }
            for (CallLine line : Corpus.builtIn().calls()) {
                calls.put("corpus " + line.id(), line.call());
            }
            int changed = 0;
            for (Map.Entry<String, ToolCall> e : calls.entrySet()) {
                Decision x = before.decide(e.getValue(), Instant.EPOCH);
                Decision y = after.decide(e.getValue(), Instant.EPOCH);
                if (x.verdict() != y.verdict()) {
                    changed++;
                    out.printf(
                            "%-28s %s -> %s  %s %s%n",
                            e.getKey(),
                            x.verdict().label(),
                            y.verdict().label(),
                            y.ruleIds(),
                            e.getValue().input());
                }
            }
            out.printf(
                    "%d of %d calls change decision (%s -> %s)%n",
                    changed, calls.size(), before.version(), after.version());
            return 0;
        }

        private static Policy policy(String which) {
            return which.equals("default") ? Policies.defaultPolicy() : PolicyFiles.loadFiles(List.of(Path.of(which)));
        }
    }
}
