package dev.lighthouse.cli;

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
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

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
            out.println(JsonMapper.builder()
                    .build()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(toJson(analysis)));
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

    // ---- JSON (explicit, so the schema does not drift with the records)

    static Map<String, Object> toJson(Analysis a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema_version", SCHEMA_VERSION);
        m.put("source", a.source());
        m.put("incomplete", a.incomplete());
        m.put("commands", a.commands().stream().map(AnalyseCommand::command).toList());
        m.put(
                "problems",
                a.problems().stream()
                        .map(p -> Map.of("offset", p.span().start(), "message", p.message()))
                        .toList());
        return m;
    }

    private static Map<String, Object> command(Command c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("program", c.program());
        m.put("program_as_written", c.programAsWritten());
        m.put("args", c.args().stream().map(AnalyseCommand::word).toList());
        m.put(
                "assignments",
                c.assignments().stream()
                        .map(x -> Map.of("name", x.name(), "value", word(x.value())))
                        .toList());
        m.put("redirects", c.redirects().stream().map(AnalyseCommand::redirect).toList());
        m.put("traits", c.traits().stream().map(Trait::name).sorted().toList());
        m.put("via", c.via());
        m.put("stdin", stdin(c.stdin()));
        m.put("span", List.of(c.span().start(), c.span().end()));
        c.code().ifPresent(code -> m.put("code", code(code)));
        return m;
    }

    private static Map<String, Object> word(Word w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", w.value());
        m.put("dynamic", w.dynamic());
        w.path().ifPresent(p -> m.put("path", p));
        return m;
    }

    private static Map<String, Object> redirect(Redirect r) {
        return Map.of("operator", r.operator(), "fd", r.fd(), "target", word(r.target()));
    }

    private static Map<String, Object> stdin(Input in) {
        return switch (in) {
            case Input.Inherited _ -> Map.of("kind", "inherited");
            case Input.Pipe p ->
                Map.of(
                        "kind",
                        "pipe",
                        "from",
                        p.upstream().stream().map(Command::toString).toList());
            case Input.Text t -> Map.of("kind", "text", "operator", t.operator(), "text", word(t.text()));
            case Input.File f -> Map.of("kind", "file", "path", word(f.path()));
        };
    }

    private static Map<String, Object> code(InterpreterCode code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("language", code.language());
        m.put("source", code.source().name());
        m.put("text", code.text());
        m.put("feeders", code.feeders().stream().map(Command::toString).toList());
        m.put(
                "findings",
                code.findings().stream()
                        .map(f -> Map.of("kind", f.kind().name(), "evidence", f.evidence()))
                        .toList());
        return m;
    }
}
