package dev.lighthouse.cli;

import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.PolicyEngine;
import dev.lighthouse.policy.Reason;
import dev.lighthouse.policy.call.CallLine;
import dev.lighthouse.policy.call.Evidence;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.call.ToolInputs;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.facts.Op;
import dev.lighthouse.policy.rules.Rule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code lighthouse check}: what the policy decides about a command, a file write, or a stream of JSON lines.
 *
 * <p>Exit codes: 0 allow, 3 review, 4 deny; with {@code --jsonl} 0 once all lines are answered. 1 and 2 as usual.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Decide allow, review or deny for a tool call under the policy, as the bridge would.",
            "",
            "  lighthouse check -- 'git push --force'",
            "  lighthouse check --explain -- 'X=/; rm -rf $X'",
            "  lighthouse check --tool Write --path /etc/hosts --content-file hosts.new",
            "  echo '{\"id\":\"1\",\"tool\":\"Bash\",\"input\":{\"command\":\"ls\"},\"cwd\":\"/tmp\"}' | lighthouse check --jsonl",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 allow, 3 review, 4 deny (--jsonl: 0 when every line was answered), 1 error, 2 usage."
        })
final class CheckCommand implements Callable<Integer> {
    static final int EXIT_REVIEW = 3;
    static final int EXIT_DENY = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    /** Where {@code --jsonl} reads; tests replace it. */
    InputStream stdin = System.in;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "Policy file layered on the built-in default; repeat for more layers (default: the running"
                    + " bridge's active version, else config policy.files).")
    List<Path> policies;

    @picocli.CommandLine.Mixin
    PolicyChoice.Options choice = new PolicyChoice.Options();

    @Option(names = "--cwd", paramLabel = "DIR", description = "The agent's working directory (default: this one).")
    Path cwd;

    @Option(
            names = "--project",
            paramLabel = "DIR",
            description = "Project root (default: the git root above --cwd, else --cwd).")
    Path project;

    @Option(
            names = "--tool",
            paramLabel = "TOOL",
            defaultValue = "Bash",
            description = "Tool: Bash (default), Write, Edit, Read, WebFetch, mcp__server__tool, ...")
    String tool;

    @Option(names = "--path", paramLabel = "P", description = "File path for Write, Edit, Read and NotebookEdit.")
    String path;

    @Option(
            names = "--content-file",
            paramLabel = "F",
            description = "File whose text is the Write content (or Edit's new string).")
    Path contentFile;

    @Option(names = "--content", paramLabel = "TEXT", description = "Write content given inline.")
    String content;

    @Option(names = "--input", paramLabel = "JSON", description = "The tool input as a JSON object, for any tool.")
    String input;

    @Option(
            names = "--jsonl",
            description = "Read one JSON call a line from standard input, answer one JSON line each.")
    boolean jsonl;

    @Option(names = "--explain", description = "Show the facts the policy judged and where each reason matched.")
    boolean explain;

    @Option(names = "--json", description = "Print the decision as JSON (schema_version 1).")
    boolean json;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The shell command (put it after --).")
    List<String> command;

    @Override
    public Integer call() {
        PolicyChoice.Chosen chosen = PolicyChoice.choose(Lighthouse.settings(spec), policies, choice);
        Policy policy = chosen.policy();
        PolicyEngine engine = PolicyEngine.of(policy);
        if (jsonl) {
            return jsonLines(engine);
        }
        ToolCall call = toolCall();
        Decision decision = engine.decide(call, Instant.now());
        PrintWriter out = Lighthouse.out(spec);
        if (json) {
            CheckAnswer answer = CheckAnswer.of(decision, "")
                    .withSource(chosen.source(), explain ? Optional.of(policy.facts(call)) : Optional.empty());
            out.println(JsonOutput.line(answer));
        } else {
            printHuman(out, call, decision, policy, explain ? policy.facts(call) : null);
            out.println("(" + chosen.source() + ")");
        }
        return switch (decision.verdict()) {
            case ALLOW -> 0;
            case REVIEW -> EXIT_REVIEW;
            case DENY -> EXIT_DENY;
        };
    }

    private ToolCall toolCall() {
        Path dir = (cwd == null ? Path.of("") : cwd).toAbsolutePath().normalize();
        Path root = project == null
                ? PolicyFiles.projectRoot(dir)
                : project.toAbsolutePath().normalize();
        ToolInput toolInput = toolInput(dir);
        return new ToolCall("cli", "", toolInput, dir, root, PolicyFiles.home());
    }

    private ToolInput toolInput(Path dir) {
        if (input != null) {
            try {
                return ToolInputs.fromJson(tool, JSON.readTree(input));
            } catch (RuntimeException e) {
                throw new UserException("--input: " + e.getMessage());
            }
        }
        String text = contentFile == null ? content : read(contentFile);
        return switch (tool) {
            case "Bash" -> {
                if (command == null || command.isEmpty()) {
                    throw new UserException("give the command after --, e.g. lighthouse check -- 'rm -rf build'");
                }
                yield new ToolInput.Bash(String.join(" ", command));
            }
            case "Write" -> new ToolInput.Write(requirePath(dir), text == null ? "" : text);
            case "Edit" -> new ToolInput.Edit(requirePath(dir), "", text == null ? "" : text);
            case "NotebookEdit" -> new ToolInput.NotebookEdit(requirePath(dir), text == null ? "" : text);
            case "Read" -> new ToolInput.Read(requirePath(dir));
            default -> throw new UserException("for --tool " + tool + " give the input as --input JSON");
        };
    }

    private String requirePath(Path dir) {
        if (path == null) {
            throw new UserException("--tool " + tool + " needs --path");
        }
        return dir.resolve(path).normalize().toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot read --content-file " + file + ": " + e.getMessage());
        }
    }

    // ---- JSON lines

    private int jsonLines(PolicyEngine engine) {
        PrintWriter out = Lighthouse.out(spec);
        Path defaultCwd = (cwd == null ? Path.of("") : cwd).toAbsolutePath().normalize();
        Path home = PolicyFiles.home();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                out.println(JsonOutput.line(answerLine(engine, line, number, defaultCwd, home)));
                if (!in.ready()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
        return 0;
    }

    private Object answerLine(PolicyEngine engine, String line, long number, Path defaultCwd, Path home) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (RuntimeException e) {
            return new CheckAnswer.Failed("", "line " + number + ": not JSON: " + firstLine(e.getMessage()));
        }
        String id = node != null && node.isObject() && node.get("id") != null
                ? node.get("id").asString("")
                : "";
        try {
            CallLine call = CallLine.fromJson(
                    node, defaultCwd, home, project == null ? PolicyFiles::projectRoot : p -> project);
            return CheckAnswer.of(engine.decide(call.call(), Instant.now()), call.id());
        } catch (RuntimeException e) {
            return new CheckAnswer.Failed(id, "line " + number + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    // ---- people

    private static void printHuman(PrintWriter out, ToolCall call, Decision d, Policy policy, Facts facts) {
        out.printf("%s  (risk %s, policy %s)%n", d.verdict().label(), d.risk().label(), d.policy());
        if (d.reasons().isEmpty()) {
            out.println("  " + d.summary());
        }
        String source = call.input() instanceof ToolInput.Bash b ? b.command() : "";
        Map<String, Rule> rules = new HashMap<>();
        policy.rules().forEach(rule -> rules.put(rule.id(), rule));
        for (Reason r : d.reasons()) {
            Optional<String> route = Optional.ofNullable(rules.get(r.ruleId())).flatMap(Rule::route);
            out.printf(
                    "  %-7s %s: %s%s%n",
                    r.verdict().label(),
                    r.ruleId(),
                    r.message(),
                    facts != null && route.isPresent() ? "  [route " + route.get() + "]" : "");
            Evidence e = r.evidence();
            if (e.field().equals("command") && !source.isEmpty() && !source.contains("\n")) {
                out.println("          " + source);
                out.println("          " + " ".repeat(e.start()) + "^".repeat(Math.max(1, e.end() - e.start())));
            } else {
                out.printf("          %s: %s%n", e.field(), e.text());
            }
        }
        d.suggestion().ifPresent(s -> out.println("  suggest: " + s));
        d.route()
                .ifPresent(route -> out.println("  route:   " + route.name()
                        + policy.routeRule(d.reasons())
                                .map(rule -> " (rule %s, %s; among matching rules the highest layer's wins)"
                                        .formatted(rule.id(), rule.origin()))
                                .orElse(" (no matching rule names one: the policy's review_route)")));
        if (facts != null) {
            out.println("facts"
                    + (facts.incomplete() ? " (incomplete: " + String.join("; ", facts.problems()) + ")" : "") + ":");
            for (Act act : facts.acts()) {
                out.printf(
                        "  %s%s  [%s]%n",
                        act.program().isEmpty() ? "(" + act.tool() + ")" : act.program(),
                        act.subcommand().isEmpty() ? "" : " " + act.subcommand(),
                        act.evidence().text());
                if (!act.flags().isEmpty()) {
                    out.println("    flags:   "
                            + String.join(", ", act.flags().stream().sorted().toList()));
                }
                for (Op op : act.ops()) {
                    out.printf(
                            "    %-8s %s %s%s%n",
                            op.kind().label() + ":",
                            op.target().resolved(),
                            op.target().classes().stream()
                                    .map(c -> c.label())
                                    .sorted()
                                    .toList(),
                            op.recursive() ? " recursive" : "");
                }
                if (!act.signals().isEmpty()) {
                    out.println("    signals: "
                            + act.signals().stream()
                                    .map(s -> s.label())
                                    .sorted()
                                    .toList());
                }
                if (!act.traits().isEmpty()) {
                    out.println("    traits:  "
                            + act.traits().stream().map(t -> t.label()).sorted().toList());
                }
                if (!act.hosts().isEmpty()) {
                    out.println("    hosts:   " + act.hosts());
                }
            }
        }
    }
}
