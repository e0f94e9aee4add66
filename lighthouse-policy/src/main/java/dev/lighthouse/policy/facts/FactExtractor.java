package dev.lighthouse.policy.facts;

import com.google.re2j.Pattern;
import dev.lighthouse.policy.call.Evidence;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.shell.Analysis;
import dev.lighthouse.shell.ShellAnalyser;
import dev.lighthouse.shell.ShellContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Derives the {@link Facts} of a tool call: shell commands through {@code lighthouse-shell}, file tools through their
 * paths and content, MCP tools through their name and arguments.
 *
 * <p>Pure and thread-safe: no file system, network or clock. Paths are judged lexically against the call's cwd,
 * project root and home.
 */
public final class FactExtractor {
    // RE2J, searched with find(): linear in the tool name, however long.
    private static final Pattern MCP_SHELL =
            Pattern.compile("(?i)bash|shell|exec|run_command|execute_command|terminal|run_in_terminal");
    private static final Pattern MCP_WRITE =
            Pattern.compile("(?i)write|edit|create|save|put|update|append|move|rename");
    private static final Pattern MCP_DELETE = Pattern.compile("(?i)delete|remove|unlink|rm");
    private static final Pattern MCP_READ = Pattern.compile("(?i)read|get|cat|open|view|download");

    private final Set<String> trustedDomains;
    private final List<String> protectedPaths;
    private final ProgramRegistry registry;

    /**
     * @param trustedDomains installer domains whose https scripts are "well known" (suffix match)
     * @param protectedPaths absolute paths whose targets get {@link PathClass#PROTECTED}
     * @param registry what programs do, as data (the built-in registry extended by the layers)
     */
    public FactExtractor(Set<String> trustedDomains, List<String> protectedPaths, ProgramRegistry registry) {
        this.trustedDomains = Set.copyOf(trustedDomains);
        this.protectedPaths = List.copyOf(protectedPaths);
        this.registry = registry;
    }

    public Facts extract(ToolCall call) {
        return extract(call, Deadline.none());
    }

    /**
     * The facts of a call, extracted until {@code deadline} passes; what is left then is not read (the caller sees the
     * deadline passed and does not judge these facts).
     */
    public Facts extract(ToolCall call, Deadline deadline) {
        PathClassifier classifier = new PathClassifier(
                call.projectRoot().toString(),
                call.home().toString(),
                protectedPaths,
                call.guard().dataDirs().stream().map(Path::toString).toList());
        String cwd = call.cwd().toString();
        CommandReader reader = new CommandReader(classifier, cwd, registry, call.guard());
        ToolInput input = call.input();
        String tool = input.tool();
        return switch (input) {
            case ToolInput.Bash b -> shell(tool, b.command(), call, reader, deadline);
            case ToolInput.Write w -> file(tool, w.filePath(), OpKind.WRITE, w.content(), call, reader, deadline);
            case ToolInput.Edit e -> file(tool, e.filePath(), OpKind.WRITE, e.newString(), call, reader, deadline);
            case ToolInput.MultiEdit m ->
                file(
                        tool,
                        m.filePath(),
                        OpKind.WRITE,
                        String.join(
                                "\n",
                                m.edits().stream()
                                        .map(ToolInput.MultiEdit.Change::newString)
                                        .toList()),
                        call,
                        reader,
                        deadline);
            case ToolInput.NotebookEdit n ->
                file(tool, n.notebookPath(), OpKind.WRITE, n.newSource(), call, reader, deadline);
            case ToolInput.Read r -> file(tool, r.filePath(), OpKind.READ, "", call, reader, deadline);
            case ToolInput.Grep g -> file(tool, g.path().orElse(cwd), OpKind.READ, "", call, reader, deadline);
            case ToolInput.Glob g ->
                single(Act.of(tool, tool, Evidence.whole("pattern", g.pattern()))
                        .args(List.of(g.pattern()))
                        .ops(List.of(new Op(
                                OpKind.READ,
                                reader.targetOf(
                                        expandHome(
                                                globRoot(g.pattern(), g.path().orElse(cwd)), call.home()),
                                        false),
                                g.pattern().contains("**"))))
                        .build());
            case ToolInput.WebFetch f ->
                single(Act.of(tool, tool, Evidence.whole("url", f.url()))
                        .args(List.of(f.url()))
                        .hosts(Urls.host(f.url()).stream().toList())
                        .build());
            case ToolInput.WebSearch s ->
                single(Act.of(tool, tool, Evidence.whole("query", s.query()))
                        .args(List.of(s.query()))
                        .build());
            case ToolInput.Mcp m -> mcp(m, call, reader, deadline);
            case ToolInput.Other o ->
                single(Act.of(tool, tool, Evidence.whole("tool", tool)).build());
        };
    }

    private Facts shell(String tool, String command, ToolCall call, CommandReader reader, Deadline deadline) {
        ShellContext context =
                ShellContext.of(call.cwd().toString(), call.home().toString());
        Analysis analysis = ShellAnalyser.analyse(command, context);
        List<Act> acts = distinct(new ShellFacts(reader, trustedDomains, context, deadline).acts(analysis));
        if (!tool.equals("Bash")) {
            acts.replaceAll(a -> a.withTool(tool));
        }
        if (acts.isEmpty()) {
            acts.add(Act.of(tool, "", Evidence.whole("command", command)).build());
        }
        List<String> problems =
                analysis.problems().stream().map(Object::toString).toList();
        return new Facts(tool, acts, analysis.incomplete(), problems);
    }

    /**
     * The acts without repeats: acts that differ only in where they were found are judged alike (no rule sees the
     * evidence), so the first stands for the rest. A line of 16,000 {@code ls;} or an 8,000-stage pipeline of the same
     * command is then one act to judge, not thousands.
     */
    private static List<Act> distinct(List<Act> acts) {
        Set<List<Object>> seen = new HashSet<>();
        List<Act> out = new ArrayList<>();
        for (Act a : acts) {
            List<Object> judged = List.of(
                    a.tool(),
                    a.program(),
                    a.subcommand(),
                    a.args(),
                    a.flags(),
                    a.ops(),
                    a.traits(),
                    a.signals(),
                    a.hosts(),
                    a.content(),
                    a.scope());
            if (seen.add(judged)) {
                out.add(a);
            }
        }
        return out;
    }

    private Facts file(
            String tool,
            String path,
            OpKind kind,
            String content,
            ToolCall call,
            CommandReader reader,
            Deadline deadline) {
        Target target = reader.targetOf(expandHome(path, call.home()), false);
        EnumSet<Signal> signals = EnumSet.noneOf(Signal.class);
        SecretScanner.first(content).ifPresent(found -> signals.add(Signal.SECRET_IN_CONTENT));
        String field = tool.equals("NotebookEdit") ? "notebook_path" : tool.equals("Grep") ? "path" : "file_path";
        Act.Builder builder = Act.of(tool, tool, Evidence.whole(field, path))
                .args(List.of(path))
                .ops(List.of(new Op(kind, target, tool.equals("Grep"))))
                .content(content);
        if (kind != OpKind.WRITE) {
            return single(builder.signals(signals).build());
        }
        WrittenScripts.Script written = WrittenScripts.script(target.resolved(), content);
        WrittenScripts.Judged judged = WrittenScripts.judge(target.resolved(), content);
        if (judged.ordinary()) {
            // Writing an ordinary file changes only the file it names: the policy decides whether that place is.
            builder.scope(Optional.of(Scope.LOCAL));
        }
        Act act = builder.signals(signals).build();
        if (content.isEmpty()) {
            return single(act);
        }
        List<Act> acts = new ArrayList<>();
        acts.add(act);
        acts.addAll(writtenScripts(tool, written, judged.source(), content, call, reader, deadline));
        return new Facts(tool, acts, false, List.of());
    }

    /**
     * What the written file would do when it runs (a script, a build or CI file, a package's scripts, a crontab, a
     * unit, source code): its commands that count now (see {@link ShellFacts#runLater}) become acts of this write.
     */
    private List<Act> writtenScripts(
            String tool,
            WrittenScripts.Script written,
            Optional<ShellFacts.ReadCode> source,
            String content,
            ToolCall call,
            CommandReader reader,
            Deadline deadline) {
        Evidence evidence = new Evidence(
                "content",
                0,
                Math.min(content.length(), 1_024),
                content.substring(0, Math.min(content.length(), 1_024)));
        ShellContext context =
                ShellContext.of(call.cwd().toString(), call.home().toString());
        List<Act> out = new ArrayList<>();
        for (Act a : new ShellFacts(reader, trustedDomains, context, deadline).runLater(written, source)) {
            out.add(Act.of(tool, a.program(), evidence)
                    .subcommand(a.subcommand())
                    .args(a.args())
                    .flags(a.flags())
                    .ops(a.ops())
                    .traits(a.traits())
                    .signals(a.signals())
                    .hosts(a.hosts())
                    .build());
        }
        return out;
    }

    private Facts mcp(ToolInput.Mcp m, ToolCall call, CommandReader reader, Deadline deadline) {
        String tool = m.tool();
        Optional<String> command = firstText(m.arguments(), "command", "cmd", "script");
        if (command.isPresent() && MCP_SHELL.matcher(m.name()).find()) {
            return shell(tool, command.get(), call, reader, deadline);
        }
        List<Op> ops = new ArrayList<>();
        Optional<String> path =
                firstText(m.arguments(), "path", "file_path", "filePath", "file", "filename", "destination", "source");
        String content = firstText(m.arguments(), "content", "text", "body", "new_string")
                .orElse("");
        if (path.isPresent()) {
            Target target = reader.targetOf(expandHome(path.get(), call.home()), false);
            if (MCP_DELETE.matcher(m.name()).find()) {
                ops.add(new Op(OpKind.DELETE, target, true));
            } else if (MCP_WRITE.matcher(m.name()).find()) {
                ops.add(new Op(OpKind.WRITE, target, false));
            } else if (MCP_READ.matcher(m.name()).find()) {
                ops.add(new Op(OpKind.READ, target, false));
            }
        }
        EnumSet<Signal> signals = EnumSet.noneOf(Signal.class);
        SecretScanner.first(content).ifPresent(found -> signals.add(Signal.SECRET_IN_CONTENT));
        List<String> args = new ArrayList<>();
        m.arguments().properties().forEach(e -> {
            if (e.getValue().isString()) {
                args.add(e.getValue().asString());
            }
        });
        if (ops.isEmpty() && args.stream().anyMatch(a -> SecretScanner.first(a).isPresent())) {
            // A key or token in any argument of a tool that is not a local file operation is handed to the MCP
            // server, which may post it anywhere: the "sidenote" of a poisoned tool (Invariant Labs, MCP tool
            // poisoning), an issue body, a chat message.
            signals.add(Signal.SECRET_TO_NETWORK);
        }
        List<String> hosts = args.stream().flatMap(a -> Urls.host(a).stream()).toList();
        return single(Act.of(tool, tool, Evidence.whole("tool", tool))
                .subcommand(m.name())
                .args(args)
                .ops(ops)
                .signals(signals)
                .hosts(hosts)
                .content(content)
                .build());
    }

    private static Optional<String> firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            JsonNode v = node.get(f);
            if (v != null && v.isString()) {
                return Optional.of(v.asString());
            }
        }
        return Optional.empty();
    }

    /**
     * The directory a Glob lists: its path joined with the pattern's leading part before the first wildcard
     * ({@code src/**}{@code /*.py} under the project lists {@code src}; {@code /etc/*} lists {@code /etc}), so a pattern
     * that climbs out ({@code ../../*}) or is absolute is judged where it lists.
     */
    static String globRoot(String pattern, String path) {
        int wild = pattern.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int at = pattern.indexOf(c);
            if (at >= 0) {
                wild = Math.min(wild, at);
            }
        }
        int slash = pattern.lastIndexOf('/', wild == pattern.length() ? wild - 1 : wild);
        String fixed = slash < 0 ? "" : pattern.substring(0, slash);
        if (fixed.startsWith("/") || fixed.startsWith("~")) {
            return fixed;
        }
        if (pattern.startsWith("/") && fixed.isEmpty()) {
            return "/";
        }
        return fixed.isEmpty() ? path : path + "/" + fixed;
    }

    private static String expandHome(String path, Path home) {
        if (path.equals("~")) {
            return home.toString();
        }
        return path.startsWith("~/") ? home.resolve(path.substring(2)).toString() : path;
    }

    private static Facts single(Act act) {
        return new Facts(act.tool(), List.of(act), false, List.of());
    }
}
