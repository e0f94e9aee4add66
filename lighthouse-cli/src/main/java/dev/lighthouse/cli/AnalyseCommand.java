package dev.lighthouse.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.shell.Analysis;
import dev.lighthouse.shell.Command;
import dev.lighthouse.shell.Finding;
import dev.lighthouse.shell.Input;
import dev.lighthouse.shell.InterpreterCode;
import dev.lighthouse.shell.Redirect;
import dev.lighthouse.shell.ShellAnalyser;
import dev.lighthouse.shell.ShellContext;
import dev.lighthouse.shell.Trait;
import dev.lighthouse.shell.Word;
import dev.lighthouse.shell.syntax.Problem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lighthouse analyse LINE}: what a bash command line would really run, as a tree for people or JSON for
 * machines. Exit code 0 when the line was fully understood, 3 when the analysis is incomplete.
 */
@picocli.CommandLine.Command(
        name = "analyse",
        aliases = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Show the effective commands of a bash command line: wrappers unwrapped (sudo, env, xargs, find -exec),"
                    + " nested shells and eval parsed, payloads decoded, paths resolved.",
            "",
            "Example: lighthouse analyse 'sudo bash -c \"r\\m -rf \\$HOME\"'",
            "Exit code 3 means the line was not fully understood (see the problems printed)."
        })
final class AnalyseCommand implements Callable<Integer> {
    static final int SCHEMA_VERSION = 1;
    static final int EXIT_INCOMPLETE = 3;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LINE", description = "The command line, quoted as one argument.")
    String line;

    @Option(names = "--json", description = "Print JSON (schema_version " + SCHEMA_VERSION + ") instead of a tree.")
    boolean json;

    @Option(
            names = "--cwd",
            paramLabel = "DIR",
            description = "Working directory the line runs in (default: the current directory).")
    String cwd = System.getProperty("user.dir");

    @Option(names = "--home", paramLabel = "DIR", description = "Home directory of the caller (default: yours).")
    String home = ConfigKeys.home().toString();

    @Override
    public Integer call() {
        if (!cwd.startsWith("/") || !home.startsWith("/")) {
            throw new UserException("--cwd and --home must be absolute paths, got cwd=" + cwd + " home=" + home);
        }
        Analysis analysis = ShellAnalyser.analyse(line, ShellContext.of(cwd, home));
        PrintWriter out = Lighthouse.out(spec);
        if (json) {
            out.println(JsonOutput.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(analysis)));
        } else {
            printTree(analysis, out);
        }
        out.flush();
        return analysis.incomplete() ? EXIT_INCOMPLETE : 0;
    }

    // ---- tree

    private static void printTree(Analysis analysis, PrintWriter out) {
        out.println(analysis.source().strip());
        if (analysis.commands().isEmpty()) {
            out.println("└─ (no commands)");
        }
        Route root = new Route("");
        analysis.commands().forEach(root::add);
        root.print(out, "");
        for (Problem p : analysis.problems()) {
            out.println("incomplete: offset " + p.span().start() + ": " + p.message());
        }
    }

    /** A node of the tree: a wrapper or route ({@code sudo}, {@code bash -c}) with the commands reached through it. */
    private static final class Route {
        private final String label;
        private final List<Object> entries = new ArrayList<>();
        private final Map<String, Route> children = new LinkedHashMap<>();

        Route(String label) {
            this.label = label;
        }

        void add(Command c) {
            Route node = this;
            for (String via : c.via()) {
                Route parent = node;
                node = parent.children.computeIfAbsent(via, v -> {
                    Route r = new Route(v);
                    parent.entries.add(r);
                    return r;
                });
            }
            node.entries.add(c);
        }

        void print(PrintWriter out, String prefix) {
            for (int i = 0; i < entries.size(); i++) {
                boolean last = i == entries.size() - 1;
                String rail = prefix + (last ? "   " : "│  ");
                out.print(prefix + (last ? "└─ " : "├─ "));
                if (entries.get(i) instanceof Route r) {
                    out.println("via " + r.label);
                    r.print(out, rail);
                } else if (entries.get(i) instanceof Command c) {
                    out.println(describe(c));
                    details(c).forEach(d -> out.println(rail + "   " + d));
                }
            }
        }
    }

    private static String describe(Command c) {
        StringBuilder sb = new StringBuilder(c.program());
        for (Word w : c.args()) {
            sb.append(' ').append(shown(w.value()));
        }
        if (!c.traits().isEmpty()) {
            sb.append("   [")
                    .append(c.traits().stream()
                            .map(AnalyseCommand::name)
                            .sorted()
                            .collect(Collectors.joining(", ")))
                    .append(']');
        }
        return sb.toString();
    }

    private static List<String> details(Command c) {
        List<String> lines = new ArrayList<>();
        if (!c.programAsWritten().equals(c.program())) {
            lines.add("program: " + c.programAsWritten());
        }
        List<String> dynamic =
                c.args().stream().filter(Word::dynamic).map(Word::value).toList();
        if (!dynamic.isEmpty()) {
            lines.add("dynamic: " + String.join(" ", dynamic));
        }
        List<String> paths = c.args().stream()
                .filter(w -> w.path().isPresent() && w.value().contains("/"))
                .map(w -> w.path().get())
                .toList();
        if (!paths.isEmpty()) {
            lines.add("paths: " + String.join(" ", paths));
        }
        for (Redirect r : c.redirects()) {
            lines.add("redirect: " + (r.fd() == 1 || r.fd() == 0 ? "" : r.fd()) + r.operator() + " "
                    + r.target().path().orElse(shown(r.target().value())));
        }
        c.assignments()
                .forEach(a ->
                        lines.add("env: " + a.name() + "=" + shown(a.value().value())));
        switch (c.stdin()) {
            case Input.Pipe p ->
                lines.add("stdin: pipe from "
                        + p.upstream().stream().map(Command::toString).collect(Collectors.joining(" | ")));
            case Input.Text t ->
                lines.add("stdin: " + t.operator() + " " + shown(t.text().value()));
            case Input.File f ->
                lines.add("stdin: < " + f.path().path().orElse(f.path().value()));
            case Input.Inherited _ -> {}
        }
        c.code().ifPresent(code -> {
            lines.add("code: " + code.language() + ", from " + name(code.source())
                    + (code.known() ? ": " + shown(code.text()) : " (unknown)"));
            for (Finding f : code.findings()) {
                lines.add("finding: " + name(f.kind()) + " (" + f.evidence() + ")");
            }
        });
        return lines;
    }

    private static String shown(String value) {
        String escaped = value.replace("\n", "\\n").replace("\t", "\\t");
        return value.isEmpty() || value.matches(".*[\\s'\"].*") ? "'" + escaped.replace("'", "'\\''") + "'" : escaped;
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    // ---- JSON (records of their own, so the schema does not drift with the analysis's records)

    static AnalysisJson toJson(Analysis a) {
        return new AnalysisJson(
                SCHEMA_VERSION,
                a.source(),
                a.incomplete(),
                a.commands().stream().map(CommandJson::of).toList(),
                a.problems().stream()
                        .map(p -> new ProblemJson(p.span().start(), p.message()))
                        .toList());
    }

    /** {@code lighthouse analyse --json}: the line, whether it was understood in full, its commands and problems. */
    record AnalysisJson(
            @JsonProperty("schema_version") int schemaVersion,
            String source,
            boolean incomplete,
            List<CommandJson> commands,
            List<ProblemJson> problems) {}

    record ProblemJson(int offset, String message) {}

    record CommandJson(
            String program,
            @JsonProperty("program_as_written") String programAsWritten,
            List<WordJson> args,
            List<AssignmentJson> assignments,
            List<RedirectJson> redirects,
            List<String> traits,
            List<String> via,
            StdinJson stdin,
            List<Integer> span,
            Optional<CodeJson> code) {
        static CommandJson of(Command c) {
            return new CommandJson(
                    c.program(),
                    c.programAsWritten(),
                    c.args().stream().map(WordJson::of).toList(),
                    c.assignments().stream()
                            .map(x -> new AssignmentJson(x.name(), WordJson.of(x.value())))
                            .toList(),
                    c.redirects().stream()
                            .map(r -> new RedirectJson(r.operator(), r.fd(), WordJson.of(r.target())))
                            .toList(),
                    c.traits().stream().map(Trait::name).sorted().toList(),
                    c.via(),
                    StdinJson.of(c.stdin()),
                    List.of(c.span().start(), c.span().end()),
                    c.code().map(CodeJson::of));
        }
    }

    record WordJson(String value, boolean dynamic, Optional<String> path) {
        static WordJson of(Word w) {
            return new WordJson(w.value(), w.dynamic(), w.path());
        }
    }

    record AssignmentJson(String name, WordJson value) {}

    record RedirectJson(String operator, int fd, WordJson target) {}

    /** Where a command's standard input comes from; {@code kind} names the variant. */
    sealed interface StdinJson {
        String kind();

        static StdinJson of(Input in) {
            return switch (in) {
                case Input.Inherited _ -> new Inherited("inherited");
                case Input.Pipe p ->
                    new Pipe(
                            "pipe", p.upstream().stream().map(Command::toString).toList());
                case Input.Text t -> new Text("text", t.operator(), WordJson.of(t.text()));
                case Input.File f -> new File("file", WordJson.of(f.path()));
            };
        }

        record Inherited(String kind) implements StdinJson {}

        record Pipe(String kind, List<String> from) implements StdinJson {}

        record Text(String kind, String operator, WordJson text) implements StdinJson {}

        record File(String kind, WordJson path) implements StdinJson {}
    }

    record CodeJson(String language, String source, String text, List<String> feeders, List<FindingJson> findings) {
        static CodeJson of(InterpreterCode code) {
            return new CodeJson(
                    code.language(),
                    code.source().name(),
                    code.text(),
                    code.feeders().stream().map(Command::toString).toList(),
                    code.findings().stream()
                            .map(f -> new FindingJson(f.kind().name(), f.evidence()))
                            .toList());
        }
    }

    record FindingJson(String kind, String evidence) {}
}
