package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.AssignmentNode;
import dev.lighthouse.shell.syntax.BashParser;
import dev.lighthouse.shell.syntax.CommandNode;
import dev.lighthouse.shell.syntax.ParseResult;
import dev.lighthouse.shell.syntax.Problem;
import dev.lighthouse.shell.syntax.RedirectNode;
import dev.lighthouse.shell.syntax.Span;
import dev.lighthouse.shell.syntax.Statement;
import dev.lighthouse.shell.syntax.WordNode;
import dev.lighthouse.shell.syntax.WordPart;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks a syntax tree and records the effective commands: what would execute, after expansion, with wrappers
 * unwrapped and nested code ({@code bash -c}, {@code eval}, here-documents into shells, decoded payloads, function
 * bodies) parsed and walked in turn.
 *
 * <p>One instance per analysis (it accumulates output); not thread-safe. Work is bounded: nesting by
 * {@link Limits#maxNesting()}, the number of statements walked and commands recorded by budgets proportional to the
 * input, so hostile input (recursive functions, huge loops) ends early with a problem instead of running long.
 */
final class Normaliser {
    private static final int MAX_LOOP_ITEMS = 16;

    private final ShellContext context;
    private final Expander expander = new Expander(this);
    private final Shells shells = new Shells(this);
    private final Builtins builtins = new Builtins(this);
    private final Arithmetic arithmetic = new Arithmetic(this);
    private final List<Command> commands = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> calledFunctions = new HashSet<>();
    private final Map<Word, List<Command>> processFiles = new IdentityHashMap<>();
    private final Map<Word, List<String>> decodedWords = new IdentityHashMap<>();
    /** Values assigned from decoded text ({@code x=$(… | base64 -d)}), with their stages: {@code $x} is decoded too. */
    private final Map<String, List<String>> decodedValues = new HashMap<>();

    private final ArrayDeque<Beyond.Cut> cuts = new ArrayDeque<>();
    private final int maxCommands;
    private int nestedBudget;
    private int beyondBudget;
    private int arithmeticBudget;
    private int asWrittenBudget;
    private int steps;
    private boolean budgetExhausted;

    Normaliser(ShellContext context, int inputLength) {
        this.context = context;
        this.maxCommands = 1_000 + 10 * inputLength;
        this.beyondBudget = 4_096 + 4 * inputLength;
        this.nestedBudget = 4_096 + 4 * inputLength;
        this.arithmeticBudget = 4_096 + 4 * inputLength;
        this.asWrittenBudget = 4_096 + 4 * inputLength;
    }

    List<Command> commands() {
        return commands;
    }

    List<Problem> problems() {
        return problems;
    }

    /** Walks a whole program (the line, or nested code) and then the bodies of functions it defined but never called. */
    void program(List<Statement> statements, Scope scope, Route route) {
        statements(statements, scope, route, Input.INHERITED);
        for (Map.Entry<String, Statement> f : List.copyOf(scope.functions().entrySet())) {
            if (!calledFunctions.contains(f.getKey())) {
                calledFunctions.add(f.getKey());
                statement(
                        f.getValue(),
                        scope.child(),
                        route.through("function " + f.getKey() + " (not called)", EnumSet.of(Trait.FUNCTION_BODY)),
                        Input.INHERITED);
            }
        }
    }

    private List<Command> statements(List<Statement> statements, Scope scope, Route route, Input stdin) {
        List<Command> last = List.of();
        for (Statement s : statements) {
            last = statement(s, scope, route, stdin);
        }
        return last;
    }

    /** A loop condition that never changes: {@code :} or {@code true} for while, {@code false} for until. */
    private static boolean alwaysHolds(List<Command> condition, boolean until) {
        if (condition.size() != 1 || !condition.getFirst().args().isEmpty()) {
            return false;
        }
        String program = condition.getFirst().program();
        return until ? program.equals("false") : program.equals(":") || program.equals("true");
    }

    /** Walks one statement; returns the commands that stand for it as a pipeline stage (its last commands). */
    private List<Command> statement(Statement st, Scope scope, Route route, Input stdin) {
        if (++steps > maxCommands * 4 || commands.size() >= maxCommands) {
            exhausted(st.span(), route);
            return List.of();
        }
        Route r = st.background() ? route.with(Trait.BACKGROUND) : route;
        List<Redirect> redirects = redirects(st.redirects(), scope, r);
        Input in = input(redirects, st.redirects(), stdin);
        return switch (st.command()) {
            case CommandNode.Simple s -> simple(s, redirects, in, scope, r);
            case CommandNode.Pipeline p -> pipeline(p, scope, r.withRedirects(redirects), in);
            case CommandNode.AndOr a -> {
                statement(a.left(), scope, r.withRedirects(redirects), in);
                yield statement(a.right(), scope, r.withRedirects(redirects).with(Trait.CONDITIONAL), in);
            }
            case CommandNode.Subshell s -> statements(s.body(), scope.child(), r.withRedirects(redirects), in);
            case CommandNode.Group g -> statements(g.body(), scope, r.withRedirects(redirects), in);
            case CommandNode.If i -> ifClause(i, scope, r.withRedirects(redirects), in);
            case CommandNode.Loop l -> {
                Route inner = r.withRedirects(redirects);
                List<Command> condition = statements(l.condition(), scope, inner, in);
                Route body = inner.with(Trait.CONDITIONAL);
                yield statements(
                        l.body(), scope, alwaysHolds(condition, l.until()) ? body.with(Trait.ENDLESS_LOOP) : body, in);
            }
            case CommandNode.For f -> forClause(f, scope, r.withRedirects(redirects), in);
            case CommandNode.Select s -> {
                s.items().forEach(w -> expander.fields(w, scope, r));
                scope.set(s.variable(), Optional.empty());
                yield statements(s.body(), scope, r.withRedirects(redirects).with(Trait.CONDITIONAL), in);
            }
            case CommandNode.Case c -> {
                Route inner = r.withRedirects(redirects);
                expander.single(c.subject(), scope, inner);
                List<Command> last = List.of();
                for (CommandNode.CaseItem item : c.items()) {
                    last = statements(item.body(), scope, inner.with(Trait.CONDITIONAL), in);
                }
                yield last;
            }
            case CommandNode.FunctionDef f -> {
                scope.define(f.name(), f.body());
                yield List.of();
            }
            case CommandNode.Arithmetic a -> {
                expander.expression(a.parts(), a.span(), scope, r);
                yield List.of();
            }
            case CommandNode.Test t -> {
                test(t.words(), scope, r);
                yield List.of();
            }
        };
    }

    private List<Command> pipeline(CommandNode.Pipeline p, Scope scope, Route route, Input stdin) {
        List<Command> upstream = new ArrayList<>();
        List<Command> last = List.of();
        for (int i = 0; i < p.stages().size(); i++) {
            Input in = i == 0 ? stdin : new Input.Pipe(feeders(upstream));
            last = statement(p.stages().get(i), scope.child(), route, in);
            upstream.addAll(last);
        }
        return last;
    }

    /**
     * The upstream commands a stage records: all of them, or for a pipeline of thousands of stages the first and last
     * {@link #PIPE_ENDS} (where sources such as {@code curl} and decoders such as {@code base64 -d} sit), so that
     * recording each stage's upstream stays linear in the pipeline instead of quadratic.
     */
    private static List<Command> feeders(List<Command> upstream) {
        if (upstream.size() <= 2 * PIPE_ENDS) {
            return upstream;
        }
        List<Command> ends = new ArrayList<>(upstream.subList(0, PIPE_ENDS));
        ends.addAll(upstream.subList(upstream.size() - PIPE_ENDS, upstream.size()));
        return ends;
    }

    private static final int PIPE_ENDS = 8;

    private List<Command> ifClause(CommandNode.If i, Scope scope, Route route, Input stdin) {
        List<Command> last = List.of();
        boolean first = true;
        for (CommandNode.Branch b : i.branches()) {
            statements(b.condition(), scope, first ? route : route.with(Trait.CONDITIONAL), stdin);
            last = statements(b.body(), scope, route.with(Trait.CONDITIONAL), stdin);
            first = false;
        }
        List<Command> otherwise = statements(i.otherwise(), scope, route.with(Trait.CONDITIONAL), stdin);
        return otherwise.isEmpty() ? last : otherwise;
    }

    /**
     * {@code [[ ]]}: words are data, but the operands of {@code -eq}/{@code -lt}... are evaluated as arithmetic and the
     * operand of {@code -v} is a variable name whose subscript is evaluated.
     */
    private void test(List<WordNode> words, Scope scope, Route route) {
        for (int i = 0; i < words.size(); i++) {
            WordNode w = words.get(i);
            String before = i > 0 ? words.get(i - 1).literal().orElse("") : "";
            String after = i + 1 < words.size() ? words.get(i + 1).literal().orElse("") : "";
            if (ARITHMETIC_TESTS.contains(before) || ARITHMETIC_TESTS.contains(after)) {
                expander.arithmeticWord(w, scope, route);
            } else if (before.equals("-v")) {
                arithmetic.name(expander.single(w, scope, route), scope, route);
            } else {
                expander.single(w, scope, route);
            }
        }
    }

    private static final Set<String> ARITHMETIC_TESTS = Set.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge");

    private List<Command> forClause(CommandNode.For f, Scope scope, Route route, Input stdin) {
        f.arithmetic().ifPresent(header -> expander.expression(header.parts(), header.span(), scope, route));
        List<Word> items = new ArrayList<>();
        for (WordNode w : f.items()) {
            items.addAll(expander.fields(w, scope, route));
        }
        // A glob item stands for each file it matches: the variable is bound to the pattern, so `for f in
        // docs/*.md; do wc -l "$f"; done` reads what `wc -l docs/*.md` reads, judged by where the pattern points.
        boolean known = f.arithmetic().isEmpty()
                && !f.items().isEmpty()
                && items.size() <= MAX_LOOP_ITEMS
                && items.stream().noneMatch(Word::dynamic);
        if (!known) {
            if (!f.variable().isEmpty()) {
                scope.set(f.variable(), Optional.empty());
            }
            return statements(f.body(), scope, route, stdin);
        }
        List<Command> last = List.of();
        for (Word item : items) {
            scope.set(f.variable(), Optional.of(item.value()));
            last = statements(f.body(), scope, route, stdin);
        }
        return last;
    }

    // ---- simple commands

    private List<Command> simple(
            CommandNode.Simple s, List<Redirect> redirects, Input stdin, Scope scope, Route route) {
        if (s.words().isEmpty()) {
            for (AssignmentNode a : s.assignments()) {
                arithmetic.subscript(a.name(), route.at(a.span()), scope, route);
                scope.set(a.name(), assignedValue(a, scope, route));
            }
            if (redirects.isEmpty()) {
                return List.of();
            }
            // `> file` truncates the file like `: > file`: recorded as the null command so the redirect is seen.
            Word colon = new Word(":", false, Optional.empty(), route.at(s.span()));
            return invoke(List.of(colon), List.of(), redirects, stdin, scope, route, s.span());
        }
        List<Assignment> assignments = new ArrayList<>();
        for (AssignmentNode a : s.assignments()) {
            arithmetic.subscript(a.name(), route.at(a.span()), scope, route);
            Word v = expander.single(a.value(), scope, route);
            assignments.add(new Assignment(a.name(), v));
        }
        List<Word> argv = new ArrayList<>();
        for (WordNode w : s.words()) {
            argv.addAll(expander.fields(w, scope, route));
        }
        if (argv.isEmpty()) {
            return List.of();
        }
        return invoke(argv, assignments, redirects, stdin, scope, route, s.span());
    }

    private Optional<String> assignedValue(AssignmentNode a, Scope scope, Route route) {
        if (!a.array().isEmpty()) {
            a.array().forEach(w -> expander.fields(w, scope, route));
            return Optional.empty();
        }
        Word v = expander.single(a.value(), scope, route);
        String value = Expander.tilde(v.value(), scope);
        if (v.dynamic() || value.length() > context.limits().maxInputChars()) {
            return Optional.empty();
        }
        if (a.append()) {
            return scope.value(a.name()).map(old -> old + value);
        }
        if (!decodingStages(v).isEmpty()) {
            decodedValues.put(value, decodingStages(v));
        }
        return Optional.of(value);
    }

    /**
     * Records the command {@code argv} runs, unwrapping wrappers, shells and interpreters; returns the commands that
     * stand for it as a pipeline stage.
     */
    private List<Command> invoke(
            List<Word> argv,
            List<Assignment> assignments,
            List<Redirect> redirects,
            Input stdin,
            Scope scope,
            Route route,
            Span span) {
        List<String> decodedProgram = decodingStages(argv.getFirst());
        if (!decodedProgram.isEmpty()) {
            // $(… | base64 -d), or $x assigned from it, as the command itself: it runs decoded code as a shell would.
            route = route.through(String.join(" | ", decodedProgram), EnumSet.of(Trait.DECODED_PAYLOAD));
        }
        Word globbed = globbedProgram(argv.getFirst());
        if (globbed != argv.getFirst()) {
            List<Word> resolved = new ArrayList<>(argv);
            resolved.set(0, globbed);
            argv = resolved;
        }
        Optional<String> copied = copiedProgram(argv.getFirst(), scope);
        if (copied.isPresent()) {
            // cp /usr/bin/nc /tmp/.x && /tmp/.x HOST PORT -e sh: the copy runs as the program it copies.
            Word written = argv.getFirst();
            route = route.through(written.value() + " (a copy of " + copied.get() + ")", Set.of());
            List<Word> renamed = new ArrayList<>(argv);
            renamed.set(0, new Word(copied.get(), false, copied, written.span()));
            argv = renamed;
        }
        Invocation call = new Invocation(argv, assignments, redirects, stdin, scope, route, span);
        if (route.depth() > context.limits().maxNesting()) {
            problem("commands nested deeper than " + context.limits().maxNesting() + " wrappers", route.at(span));
            String rest = String.join(" ", argv.stream().map(Word::value).toList());
            cut(Beyond.withoutLeadingWrappers(rest), route.at(span), scope);
            return List.of();
        }
        Word program = argv.getFirst();
        if (program.dynamic()) {
            return List.of(emit(call, EnumSet.of(Trait.DYNAMIC_PROGRAM), Optional.empty()));
        }
        String name = Paths.basename(program.value());
        Optional<Statement> function = program.value().contains("/") ? Optional.empty() : scope.function(name);
        if (function.isPresent()) {
            calledFunctions.add(name);
            // A function calling itself (walk(){ …; walk "$d"; }) is walked for its own call, then once more with its
            // arguments unknown, which stands for every deeper call: expanding each call would never end. Fork bombs
            // are read from the syntax tree, not from these walks.
            long enclosing = route.via().stream().filter((name + "()")::equals).count();
            if (enclosing >= 3) {
                return List.of();
            }
            return statement(
                    function.get(),
                    scope.frame(argv.stream()
                            .map(w -> w.dynamic() || enclosing == 2 ? Optional.<String>empty() : Optional.of(w.value()))
                            .toList()),
                    route.through(name + "()", EnumSet.of(Trait.FUNCTION_BODY)).withRedirects(redirects),
                    stdin);
        }
        if (Interpreters.isShell(name)) {
            return shells.shell(call, name);
        }
        Optional<Interpreters.Spec> interpreter = Interpreters.interpreter(name);
        if (interpreter.isPresent()) {
            return shells.interpreter(call, interpreter.get());
        }
        if (name.equals("command")
                && call.args().stream().anyMatch(w -> w.value().matches("-[pvV]*[vV][pvV]*"))) {
            return List.of(emit(call, Set.of(), Optional.empty()));
        }
        Optional<Wrappers.Match> wrapper = Wrappers.match(name, call.argv());
        if (wrapper.isPresent()) {
            return wrapped(
                    call,
                    wrapper.get().name(),
                    wrapper.get().spec(),
                    wrapper.get().first());
        }
        Optional<CommandLanguages.Code> commands = CommandLanguages.code(name, call.argv());
        if (commands.isPresent() && !commands.get().word().dynamic()) {
            // lftp -c 'open HOST; put FILE': its commands are read as the program's subcommands.
            Command self = emit(call, Set.of(), Optional.empty());
            Word word = commands.get().word();
            nested(
                    call,
                    CommandLanguages.asShell(name, word.value()),
                    call.scope().child(),
                    call.route().through(name + " " + commands.get().option(), Set.of()),
                    word.span());
            return List.of(self);
        }
        recordCopy(call, name);
        return builtins.run(call, name);
    }

    private static final Set<String> COPIERS = Set.of("cp", "ln", "install", "mv");

    /** The program the line copied or linked to the path {@code program} names, if it did. */
    private static Optional<String> copiedProgram(Word program, Scope scope) {
        if (program.dynamic() || !program.value().contains("/") || !scope.copiedAny()) {
            return Optional.empty(); // resolved only in a line that copied a program: this is asked of every command
        }
        return Paths.resolve(program.value(), scope.cwd()).flatMap(scope::copyOf);
    }

    /**
     * Remembers {@code cp SRC DST}, {@code ln -s SRC DST}, {@code install -m 755 SRC DST} and {@code mv SRC DST} of one
     * file, so that running DST later in the line is read as running SRC: a renamed program does what it did.
     */
    private static void recordCopy(Invocation call, String name) {
        if (!COPIERS.contains(name)) {
            return;
        }
        List<Word> operands = new ArrayList<>();
        List<Word> args = call.args();
        for (int i = 0; i < args.size(); i++) {
            String v = args.get(i).value();
            if (v.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (v.startsWith("-")) {
                boolean takesValue =
                        v.equals("-t") || v.equals("-S") || (name.equals("install") && v.matches("-[mog]"));
                i += takesValue ? 1 : 0;
                continue;
            }
            operands.add(args.get(i));
        }
        if (operands.size() != 2 || operands.stream().anyMatch(Word::dynamic)) {
            return;
        }
        Scope scope = call.scope();
        Optional<String> from = Paths.resolve(Expander.tilde(operands.get(0).value(), scope), scope.cwd());
        Optional<String> to = Paths.resolve(Expander.tilde(operands.get(1).value(), scope), scope.cwd());
        if (from.isPresent() && to.isPresent()) {
            boolean intoDirectory = operands.get(1).value().endsWith("/");
            scope.copied(intoDirectory ? to.get() + "/" + Paths.basename(from.get()) : to.get(), from.get());
        }
    }

    private List<Command> wrapped(Invocation call, String name, Wrappers.Spec spec, int first) {
        Wrappers.Unwrapped u = Wrappers.unwrap(spec, call.argv(), first);
        int split = indexOf(call.argv().subList(0, u.start()), "-S");
        if (name.equals("env") && split > 0 && split + 1 < u.start()) {
            // env -S 'cmd args' splits its value into words itself: read it as shell words.
            Word words = call.argv().get(split + 1);
            Command self = emit(call, Set.of(), Optional.empty());
            if (!words.dynamic()) {
                nested(
                        call,
                        words.value(),
                        call.scope().child(),
                        call.route().through("env -S", Set.of()),
                        words.span());
            }
            return List.of(self);
        }
        if (u.code().isPresent()) {
            // flock LOCK -c CODE, script -c CODE: the wrapper hands CODE to sh -c.
            Word code = u.code().get();
            List<Finding> findings =
                    code.dynamic() ? List.of(new Finding(FindingKind.UNKNOWN_CODE, code.value())) : List.of();
            Command self = emit(
                    call,
                    spec.traits(),
                    Optional.of(new InterpreterCode(
                            "bash", code.dynamic() ? "" : code.value(), CodeSource.ARGUMENT, List.of(), findings)));
            if (!code.dynamic()) {
                nested(
                        call,
                        code.value(),
                        call.scope().child(),
                        call.route().through(name + " -c", spec.traits()),
                        code.span());
            }
            return List.of(self);
        }
        List<Command> own = new ArrayList<>();
        if (!spec.runsOperands() || spec.recorded()) {
            // script FILE: the operands are the wrapper's own (its log), and the shell it starts is a command too;
            // nsenter, systemd-run: what the wrapper does counts besides what it runs.
            own.add(emit(call, spec.recorded() ? spec.traits() : Set.of(), Optional.empty()));
        }
        List<Word> inner =
                new ArrayList<>(call.argv().subList(u.start(), call.argv().size()));
        if (name.equals("parallel")) {
            int sep = indexOf(inner, ":::");
            inner = sep < 0 ? inner : new ArrayList<>(inner.subList(0, sep));
        }
        replaceStringFromInput(name, call.argv().subList(1, u.start()), inner);
        if (inner.isEmpty() && spec.defaultCommand().isPresent()) {
            inner.add(new Word(spec.defaultCommand().get(), false, Optional.empty(), call.span()));
        }
        if (inner.isEmpty()) {
            return own.isEmpty() ? List.of(emit(call, spec.traits(), Optional.empty())) : own;
        }
        List<Assignment> assignments = new ArrayList<>(call.assignments());
        assignments.addAll(u.assignments());
        Input stdin = argumentFile(name, call.argv().subList(1, u.start()), call.scope())
                .orElse(call.stdin());
        if (!spec.runsOperands()) {
            invoke(
                    inner,
                    assignments,
                    call.redirects(),
                    stdin,
                    call.scope(),
                    call.route().through(name, spec.traits()),
                    call.span());
            return own;
        }
        return invoke(
                inner,
                assignments,
                call.redirects(),
                stdin,
                call.scope(),
                call.route().through(name, spec.traits()),
                call.span());
    }

    /**
     * {@code xargs -a FILE}, {@code parallel --arg-file=FILE}: the command gets its arguments from FILE instead of
     * standard input, so FILE is read as if redirected into it ({@code xargs -a ~/.ssh/id_rsa} prints the key by
     * {@code echo}). Which options do it is {@link Wrappers#argumentFileOptions}.
     */
    private static Optional<Input> argumentFile(String wrapper, List<Word> options, Scope scope) {
        Set<String> named = Wrappers.argumentFileOptions(wrapper);
        for (int i = 0; i < options.size() && !named.isEmpty(); i++) {
            Word o = options.get(i);
            String v = o.value();
            if (named.contains(v) && i + 1 < options.size()) {
                return Optional.of(new Input.File(options.get(i + 1)));
            }
            for (String option : named) {
                // attached: -aFILE, --arg-file=FILE
                String prefix = option.startsWith("--") ? option + "=" : option;
                if (v.startsWith(prefix) && v.length() > prefix.length()) {
                    String path = v.substring(prefix.length());
                    Optional<String> resolved =
                            o.dynamic() ? Optional.empty() : Paths.resolve(Expander.tilde(path, scope), scope.cwd());
                    return Optional.of(new Input.File(new Word(path, o.dynamic(), resolved, o.span())));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code xargs -I R cmd R}: words holding the replace string get their value at run time. */
    private static void replaceStringFromInput(String wrapper, List<Word> options, List<Word> inner) {
        String replace = null;
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i).value();
            if (o.equals("-I") && i + 1 < options.size()) {
                replace = options.get(i + 1).value();
            } else if (o.startsWith("-I") && o.length() > 2) {
                replace = o.substring(2);
            } else if (o.equals("-i") || o.equals("--replace")) {
                replace = "{}";
            }
        }
        if (wrapper.equals("parallel")) {
            replace = "{}";
        }
        for (int i = 1; replace != null && i < inner.size(); i++) {
            Word w = inner.get(i);
            if (!replace.isEmpty() && w.value().contains(replace)) {
                inner.set(i, new Word(w.value(), true, Optional.empty(), w.span()));
            }
        }
    }

    static int indexOf(List<Word> words, String value) {
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).value().equals(value)) {
                return i;
            }
        }
        return -1;
    }

    // ---- services for Shells, Builtins and Expander

    /** Invokes a command found inside another one ({@code find -exec}, {@code docker exec}) through {@code via}. */
    List<Command> invokeInner(Invocation outer, List<Word> argv, String via, Set<Trait> traits, Scope scope) {
        if (argv.isEmpty()) {
            return List.of();
        }
        return invoke(
                argv,
                List.of(),
                outer.redirects(),
                outer.stdin(),
                scope,
                outer.route().through(via, traits),
                outer.span());
    }

    /**
     * Parses and walks shell code that {@code call} runs: its commands inherit the call's output redirections (a
     * shell's descriptors are its children's).
     */
    void nested(Invocation call, String code, Scope scope, Route route, Span carrier) {
        List<Redirect> outputs =
                call.redirects().stream().filter(r -> r.fd() != 0).toList();
        nested(code, scope, route.withRedirects(outputs), carrier);
    }

    /** Parses and walks nested shell code carried by the word at {@code carrier}. */
    private void nested(String code, Scope scope, Route route, Span carrier) {
        if (route.depth() > context.limits().maxNesting()) {
            problem(
                    "nested code deeper than " + context.limits().maxNesting() + " levels is read flat",
                    route.at(carrier));
            cut(Beyond.withoutLeadingWrappers(code), route.at(carrier), scope);
            return;
        }
        nestedBudget -= code.length();
        if (nestedBudget < 0) {
            // Each level of eval/bash -c re-reads what it carries: past a few times the input, read the rest flat.
            problem("nested code past the analysis budget is read flat", route.at(carrier));
            cut(Beyond.withoutLeadingWrappers(code), route.at(carrier), scope);
            return;
        }
        ParseResult parsed = BashParser.parse(code, Math.max(1, context.limits().maxNesting() - route.depth()));
        Route inner = route.nested(code, carrier);
        parsed.cutAt().ifPresent(at -> cut(code.substring(Math.min(at, code.length())), inner.at(carrier), scope));
        for (Problem p : parsed.problems()) {
            problems.add(new Problem("in nested code: " + p.message(), inner.at(p.span())));
        }
        program(parsed.script().statements(), scope, inner);
    }

    /**
     * Parses and walks text bash evaluates as arithmetic (a variable's value, a subscript) carried by the word at
     * {@code carrier}: the commands of its substitutions are recorded via {@code arithmetic}.
     */
    void arithmeticCode(String code, Scope scope, Route route, Span carrier) {
        Route through = route.through("arithmetic", Set.of());
        if (through.depth() > context.limits().maxNesting()) {
            problem(
                    "arithmetic nested deeper than " + context.limits().maxNesting() + " levels is not analysed",
                    route.at(carrier));
            return;
        }
        ParseResult parsed =
                BashParser.parseArithmetic(code, Math.max(1, context.limits().maxNesting() - through.depth()));
        Route inner = through.nested(code, carrier);
        parsed.cutAt().ifPresent(at -> cut(code.substring(Math.min(at, code.length())), inner.at(carrier), scope));
        for (Problem p : parsed.problems()) {
            problems.add(new Problem("in arithmetic: " + p.message(), inner.at(p.span())));
        }
        statements(parsed.script().statements(), scope, inner, Input.INHERITED);
    }

    /** Remembers text past a nesting limit, to be read flat once the walk is done ({@link Beyond}). */
    void cut(String text, Span carrier, Scope scope) {
        if (!text.isBlank()) {
            cuts.add(new Beyond.Cut(text, carrier, scope.child()));
        }
    }

    /**
     * Reads the text past every nesting limit flat, as programs of their own, until none is left or the budget (a few
     * times the input) is spent; each reading may cut again, deeper in.
     */
    void beyondLimits() {
        while (!cuts.isEmpty()) {
            Beyond.Cut c = cuts.poll();
            beyondBudget -= c.text().length();
            if (beyondBudget < 0) {
                problem(
                        "text nested beyond the limits is too long to read flat; the rest is not analysed",
                        c.carrier());
                cuts.clear();
                return;
            }
            String flat = Beyond.flatten(c.text());
            ParseResult parsed = BashParser.parse(flat, context.limits().maxNesting());
            Route route = Route.top(flat).nested(flat, c.carrier()).through("nested beyond the limit", Set.of());
            parsed.cutAt().ifPresent(at -> cut(flat.substring(Math.min(at, flat.length())), c.carrier(), c.scope()));
            statements(parsed.script().statements(), c.scope(), route, Input.INHERITED);
        }
    }

    /**
     * The text of an expansion that stays unknown, as written at {@code span}, for a dynamic word's value. A word's
     * value holds the text of every substitution nested in it, so {@code $(echo $(echo …))} would repeat the line
     * once per level (64 levels of a 64 KB line made 4 MB of argument text for the rules to read). Past a budget of a
     * few times the input, the text is elided to its first {@link #ELIDED_KEEP} characters and an ellipsis: the
     * commands inside were recorded on their own, and the analysis is flagged incomplete.
     */
    String asWritten(Span span, Route route) {
        String source = route.text();
        int end = Math.min(span.end(), source.length());
        int start = Math.min(span.start(), end);
        if (end - start <= ELIDED_KEEP) {
            return source.substring(start, end);
        }
        asWrittenBudget -= end - start;
        if (asWrittenBudget >= 0) {
            return source.substring(start, end);
        }
        if (!asWrittenElided) {
            asWrittenElided = true;
            problem(
                    "expansions nested past the analysis budget are kept elided in the words that hold them",
                    route.at(span));
        }
        return source.substring(start, start + ELIDED_KEEP) + "…";
    }

    private static final int ELIDED_KEEP = 64;
    private boolean asWrittenElided;

    /** Takes {@code chars} from the budget of text read as arithmetic; false when it is spent. */
    boolean spendOnArithmetic(int chars) {
        arithmeticBudget -= chars;
        return arithmeticBudget >= 0;
    }

    Arithmetic arithmetic() {
        return arithmetic;
    }

    /**
     * Walks a command substitution; returns its output when it is a known literal ({@code $(echo rm)}), with the
     * decoding stages that made it ({@code $(echo … | base64 -d)}).
     */
    Optional<Payloads.Payload> substitution(List<Statement> body, Scope scope, Route route) {
        List<Command> last =
                statements(body, scope.child(), route.through("$()", EnumSet.of(Trait.SUBSTITUTION)), Input.INHERITED);
        if (last.size() != 1) {
            return Optional.empty();
        }
        return Payloads.output(last.getFirst())
                .map(p -> new Payloads.Payload(stripTrailingNewlines(p.text()), p.stages(), p.source()));
    }

    /** Marks a word whose text a decoding substitution produced, so code given as that word is decoded code. */
    void rememberDecoded(Word w, List<String> stages) {
        decodedWords.put(w, stages);
    }

    /** The decoded output a variable's value is, when it was assigned from one ({@code x=$(… | base64 -d)}). */
    Optional<Payloads.Payload> decodedValue(String value) {
        List<String> stages = decodedValues.get(value);
        return stages == null ? Optional.empty() : Optional.of(new Payloads.Payload(value, stages, stages.getLast()));
    }

    /** The decoding stages that produced a word's text; empty when nothing in it was decoded. */
    List<String> decodingStages(Word w) {
        return decodedWords.getOrDefault(w, List.of());
    }

    List<Command> processSubstitution(WordPart.ProcessSubstitution p, Scope scope, Route route) {
        String via = p.direction() + "()";
        return statements(p.body(), scope.child(), route.through(via, EnumSet.of(Trait.SUBSTITUTION)), Input.INHERITED);
    }

    void rememberProcessFile(Word file, List<Command> feeders) {
        processFiles.put(file, feeders);
    }

    /** The commands feeding a {@code <(...)} word, if the word is one. */
    Optional<List<Command>> processFeeders(Word w) {
        return Optional.ofNullable(processFiles.get(w));
    }

    /** Records an effective command for {@code call} with extra traits and the code it runs. */
    Command emit(Invocation call, Set<Trait> traits, Optional<InterpreterCode> code) {
        return emit(call, call.argv().getFirst(), call.args(), traits, code);
    }

    /** Records an effective command running {@code program} with {@code args} (synthetic ones, e.g. find -delete). */
    Command emit(Invocation call, Word program, List<Word> args, Set<Trait> traits, Optional<InterpreterCode> code) {
        EnumSet<Trait> all = EnumSet.noneOf(Trait.class);
        all.addAll(call.route().traits());
        all.addAll(traits);
        List<Redirect> redirects = new ArrayList<>(call.route().redirects());
        redirects.addAll(call.redirects());
        String name = program.dynamic() ? program.value() : Paths.basename(program.value());
        Command c = new Command(
                name,
                program.value(),
                withPaths(args, call.scope()),
                call.assignments(),
                redirects,
                all,
                call.route().via(),
                call.stdin(),
                call.route().at(call.span()),
                code);
        if (commands.size() < maxCommands) {
            commands.add(c);
        } else {
            exhausted(call.span(), call.route());
        }
        return c;
    }

    void problem(String message, Span span) {
        problems.add(new Problem(message, span));
    }

    ShellContext context() {
        return context;
    }

    // ---- redirections and paths

    private List<Redirect> redirects(List<RedirectNode> nodes, Scope scope, Route route) {
        List<Redirect> out = new ArrayList<>();
        for (RedirectNode n : nodes) {
            Word target = n.hereDoc()
                    .map(body -> expander.single(body, scope, route))
                    .orElseGet(() -> expander.single(n.target(), scope, route));
            if (n.operator().equals("<<<")) {
                List<String> decoded = decodingStages(target);
                target = new Word(target.value() + "\n", target.dynamic(), Optional.empty(), target.span());
                if (!decoded.isEmpty()) {
                    rememberDecoded(target, decoded);
                }
            }
            int fd = n.fd() >= 0 ? n.fd() : n.operator().startsWith("<") ? 0 : 1;
            Redirect r = new Redirect(n.operator(), fd, target);
            Word kept = r.writesFile() || n.operator().equals("<") ? withPath(target, scope) : target;
            // bash < <(curl …): the redirect's file is still the process substitution its word was.
            processFeeders(target).ifPresent(feeders -> rememberProcessFile(kept, feeders));
            out.add(new Redirect(n.operator(), fd, kept));
        }
        return out;
    }

    private static Input input(List<Redirect> redirects, List<RedirectNode> nodes, Input inherited) {
        Input in = inherited;
        for (Redirect r : redirects) {
            if (r.fd() != 0) {
                continue;
            }
            switch (r.operator()) {
                case "<<<", "<<", "<<-" -> in = new Input.Text(r.operator(), r.target());
                case "<" -> in = new Input.File(r.target());
                default -> {}
            }
        }
        return in;
    }

    private List<Word> withPaths(List<Word> args, Scope scope) {
        List<Word> out = new ArrayList<>(args.size());
        boolean operandsOnly = false;
        for (Word w : args) {
            String v = w.value();
            if (!operandsOnly && v.equals("--")) {
                operandsOnly = true;
                out.add(w);
            } else if (!operandsOnly && v.startsWith("-") && v.length() > 1) {
                int eq = v.indexOf('=');
                out.add(eq > 0 && looksLikePath(v.substring(eq + 1)) ? pathOf(w, v.substring(eq + 1), scope) : w);
            } else {
                int eq = v.indexOf('=');
                if (eq > 0 && Scope.isVariableName(v.substring(0, eq)) && looksLikePath(v.substring(eq + 1))) {
                    out.add(pathOf(w, v.substring(eq + 1), scope));
                } else {
                    out.add(withPath(w, scope));
                }
            }
        }
        return out;
    }

    private static boolean looksLikePath(String v) {
        return v.startsWith("/") || v.startsWith("./") || v.startsWith("../") || v.startsWith("~");
    }

    private Word withPath(Word w, Scope scope) {
        return pathOf(w, w.value(), scope);
    }

    private Word pathOf(Word w, String value, Scope scope) {
        if (w.dynamic() || value.isEmpty() || value.contains("://") || value.indexOf('\n') >= 0) {
            return w;
        }
        return new Word(w.value(), false, resolve(value, scope), w.span());
    }

    /**
     * The path {@code value} names from the scope's directory. Remembered per directory for words without a tilde
     * (those depend on nothing else): a line repeats the same words thousands of times, and the policy then meets one
     * path string, whose hash is computed once, instead of thousands of equal ones.
     */
    private Optional<String> resolve(String value, Scope scope) {
        if (value.startsWith("~")) {
            return Paths.resolve(Expander.tilde(value, scope), scope.cwd());
        }
        if (!scope.cwd().equals(resolvedIn)) {
            resolved.clear();
            resolvedIn = scope.cwd();
        }
        Optional<String> path = resolved.get(value);
        if (path == null) {
            path = Paths.resolve(value, scope.cwd());
            if (resolved.size() < MAX_RESOLVED) {
                resolved.put(value, path);
            }
        }
        return path;
    }

    private static final int MAX_RESOLVED = 4_096;
    private final Map<String, Optional<String>> resolved = new HashMap<>();
    private Optional<String> resolvedIn = Optional.empty();

    private void exhausted(Span span, Route route) {
        if (!budgetExhausted) {
            budgetExhausted = true;
            problem(
                    "analysis budget exhausted (" + maxCommands + " commands); the rest is not analysed",
                    route.at(span));
        }
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * One command about to run, with everything needed to record it or what it wraps.
     *
     * @param argv program and arguments, expanded
     */
    /** Where the shells and interpreters an absolute program glob may name are installed. */
    private static final List<String> BIN_DIRECTORIES = List.of("/bin/", "/usr/bin/", "/usr/local/bin/", "/sbin/");

    /**
     * An absolute program path written as a glob ({@code /???/b??h}, {@code /usr/bin/p*3}) runs the file it matches:
     * when it matches a shell or an interpreter in the usual directories, it is taken as that program, so what the
     * program does is read as usual. Other globs, and globs without a directory (files of the working directory),
     * stay as written.
     */
    private static Word globbedProgram(Word program) {
        String written = program.value();
        if (program.dynamic() || !written.startsWith("/") || !Glob.hasGlob(written)) {
            return program;
        }
        Optional<Glob> glob = Glob.compile(written);
        if (glob.isEmpty()) {
            return program;
        }
        java.util.TreeSet<String> names = new java.util.TreeSet<>(Interpreters.shells());
        names.addAll(Interpreters.names());
        for (String name : names) {
            for (String directory : BIN_DIRECTORIES) {
                if (glob.get().matches(directory + name)) {
                    return new Word(directory + name, false, program.path(), program.span());
                }
            }
        }
        return program;
    }

    record Invocation(
            List<Word> argv,
            List<Assignment> assignments,
            List<Redirect> redirects,
            Input stdin,
            Scope scope,
            Route route,
            Span span) {
        List<Word> args() {
            return argv.subList(1, argv.size());
        }

        Invocation withRoute(Route r) {
            return new Invocation(argv, assignments, redirects, stdin, scope, r, span);
        }
    }
}
