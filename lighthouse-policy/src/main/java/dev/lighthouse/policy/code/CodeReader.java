package dev.lighthouse.policy.code;

import com.google.re2j.Pattern;
import dev.lighthouse.policy.code.CodeFacts.CodePath;
import dev.lighthouse.policy.code.Token.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the tokens of one piece of interpreter code against its language's calls ({@link Language#calls()}): finds
 * each call, resolves the module aliases the code sets up ({@code import subprocess as sp},
 * {@code const cp = require("child_process")}, {@code from os import system}), evaluates literal arguments (strings,
 * joins, the home directory, {@code HOME} from the environment) and collects what the code does.
 *
 * <p>Design: a call is a chain of names ({@code os.path.join}, {@code IO::Socket::INET->new}) not preceded by a member
 * operator; its arguments are the bracketed list after it, an index ({@code os.environ["X"]}, {@code $ENV{X}}), an
 * assigned value ({@code Process.uid = 0}), or, in languages that allow it, the words up to the end of the statement
 * ({@code exec "/bin/sh"}). Names that only appear inside strings or comments are data, never calls. Every token is
 * visited a bounded number of times (a chain or an argument list is re-read only by the evaluator of its own call,
 * and arguments are evaluated at most {@link #MAX_DEPTH} calls deep), so reading is linear in the code.
 */
final class CodeReader {
    private static final int MAX_DEPTH = 4;
    /** Literal code evaluated inside evaluated code is read this many levels deep. */
    private static final int MAX_EVAL_NESTING = 2;
    /** Arguments without brackets end after this many tokens: {@code system system system ...} stays linear. */
    private static final int MAX_BARE_TOKENS = 256;

    private static final Set<String> MEMBER = Set.of(".", "::", "->");
    private static final Set<String> IMPORTERS =
            Set.of("require", "__import__", "import_module", "importlib.import_module");
    private static final Set<String> TRUE = Set.of("True", "true", "TRUE");
    private static final Set<String> FALSE = Set.of("False", "false", "FALSE", "nil", "None", "0");
    private static final Set<String> STATEMENT_WORDS =
            Set.of("if", "unless", "while", "until", "or", "and", "do", "end", "then", "for", "foreach");

    private final Language language;
    private final Map<String, CodeCall> calls;
    private final List<Token> t;
    /** For each opening bracket, the index of its closer ({@code t.size()} if none). */
    private final int[] match;

    private final Map<String, String> aliases = new HashMap<>();
    /** Names assigned once from an expression ({@code p = "/etc"}, {@code my $h = $ENV{HOME}}): the expression. */
    private final Map<String, Range> variables = new HashMap<>();

    private final EnumSet<CodeEffect> effects = EnumSet.noneOf(CodeEffect.class);
    private final List<String> commands = new ArrayList<>();
    private final List<CodePath> paths = new ArrayList<>();
    private final List<String> setuidTo = new ArrayList<>();
    private final List<String> listensOn = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<String> environment = new ArrayList<>();
    private boolean wholeEnvironment;
    private boolean truncated;
    private int nesting;
    private boolean endlessLoop;
    private boolean forkingCondition;

    private CodeReader(Language language, Map<String, CodeCall> calls, List<Token> tokens) {
        this.language = language;
        this.calls = calls;
        this.t = tokens;
        this.match = new int[tokens.size()];
        int[] open = new int[tokens.size()];
        int depth = 0;
        for (int k = 0; k < tokens.size(); k++) {
            Token tok = tokens.get(k);
            if (opener(tok)) {
                match[k] = tokens.size();
                open[depth++] = k;
            } else if (depth > 0 && (tok.punct(")") || tok.punct("]") || tok.punct("}"))) {
                match[open[--depth]] = k;
            }
        }
    }

    private static boolean opener(Token tok) {
        return tok.punct("(") || tok.punct("[") || tok.punct("{");
    }

    /** What {@code code} does, read as {@code language} (whose calls are indexed in {@code calls}). */
    static CodeFacts read(Language language, Map<String, CodeCall> calls, String code) {
        return read(language, calls, code, 0);
    }

    private static CodeFacts read(Language language, Map<String, CodeCall> calls, String code, int nesting) {
        CodeLexer.Lexed lexed = CodeLexer.lex(language.syntax(), code);
        CodeReader reader = new CodeReader(language, calls, lexed.tokens());
        reader.nesting = nesting;
        reader.aliases();
        reader.calls();
        if (reader.effects.contains(CodeEffect.FORK) && (reader.endlessLoop || reader.forkingCondition)) {
            reader.effects.add(CodeEffect.FORK_LOOP);
        }
        return new CodeFacts(
                reader.effects,
                reader.commands,
                reader.paths,
                reader.setuidTo,
                reader.urls,
                reader.environment,
                reader.listensOn,
                reader.wholeEnvironment,
                lexed.truncated() || reader.truncated);
    }

    private Token at(int i) {
        return i < t.size() ? t.get(i) : new Token(Kind.END, "", false);
    }

    private boolean memberBefore(int i) {
        return i > 0
                && t.get(i - 1).kind() == Kind.PUNCT
                && MEMBER.contains(t.get(i - 1).text());
    }

    // ---- aliases

    /** {@code import a.b as c}, {@code from a import b as c}, {@code x = require("m")}, {@code {a, b: c} = require("m")}, ES imports. */
    private void aliases() {
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() != Kind.IDENT || memberBefore(i)) {
                continue;
            }
            switch (tok.text()) {
                case "import" -> {
                    if (i == 0 || t.get(i - 1).kind() == Kind.END) {
                        importStatement(i + 1, ""); // not the import of "from m import x"
                    }
                }
                case "for", "foreach" -> loopVariable(i + 1);
                case "from" -> {
                    Chain module = chain(i + 1, t.size());
                    if (at(module.end()).is(Kind.IDENT, "import")) {
                        importStatement(module.end() + 1, module.name() + ".");
                    } else if (at(i + 1).kind() == Kind.STRING) {
                        esImport(i);
                    }
                }
                default -> {
                    if (at(i + 1).punct("=") && i + 2 < t.size()) {
                        int end = i + 2;
                        while (end < t.size()
                                && end - i < 64
                                && t.get(end).kind() != Kind.END
                                && !(t.get(end).punct(",") || t.get(end).punct(")"))) {
                            end = opener(t.get(end)) ? Math.min(match[end], t.size() - 1) + 1 : end + 1;
                        }
                        variables.merge(tok.text(), new Range(i + 2, end), (a, b) -> new Range(0, 0));
                    }
                    if (at(i + 1).punct("=") && at(i + 2).kind() == Kind.IDENT) {
                        Chain value = chain(i + 2, t.size());
                        if (value.imported()) {
                            aliases.put(tok.text(), value.name());
                        }
                    }
                }
            }
        }
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).punct("{")) {
                destructuring(i);
            }
        }
    }

    /** {@code for f in glob.glob("/var/log/*")}, {@code for (const f of list)}: f stands for the list's value. */
    private void loopVariable(int from) {
        int i = from;
        while (at(i).punct("(")
                || at(i).is(Kind.IDENT, "const")
                || at(i).is(Kind.IDENT, "let")
                || at(i).is(Kind.IDENT, "var")
                || at(i).is(Kind.IDENT, "my")) {
            i++;
        }
        if (at(i).kind() != Kind.IDENT
                || !(at(i + 1).is(Kind.IDENT, "in") || at(i + 1).is(Kind.IDENT, "of"))) {
            return;
        }
        int end = i + 2;
        while (end < t.size()
                && end - i < 64
                && t.get(end).kind() != Kind.END
                && !t.get(end).punct(":")
                && !t.get(end).is(Kind.IDENT, "do")) {
            end = opener(t.get(end)) ? Math.min(match[end], t.size() - 1) + 1 : end + 1;
        }
        variables.merge(at(i).text(), new Range(i + 2, end), (a, b) -> new Range(0, 0));
    }

    private void importStatement(int from, String prefix) {
        int i = from;
        if (at(i).punct("(")) {
            i++;
        }
        while (at(i).kind() == Kind.IDENT) {
            Chain name = chain(i, t.size());
            i = name.end();
            if (at(i).is(Kind.IDENT, "as") && at(i + 1).kind() == Kind.IDENT) {
                aliases.put(at(i + 1).text(), prefix + name.name());
                i += 2;
            } else if (!prefix.isEmpty()) {
                aliases.put(name.name(), prefix + name.name());
            }
            if (!at(i).punct(",")) {
                return;
            }
            i++;
        }
        if (at(i).punct("*") && at(i + 1).is(Kind.IDENT, "as") && at(i + 2).kind() == Kind.IDENT) {
            // import * as cp from "child_process": the module follows
            int j = i + 3;
            if (at(j).is(Kind.IDENT, "from") && at(j + 1).kind() == Kind.STRING) {
                aliases.put(at(i + 2).text(), module(at(j + 1).text()));
            }
        }
    }

    /** {@code from "m"} ending an ES import: {@code import x from "m"}, {@code import {a, b as c} from "m"}. */
    private void esImport(int fromIndex) {
        String module = module(at(fromIndex + 1).text());
        int i = fromIndex - 1;
        int stop = Math.max(0, fromIndex - 64);
        while (i >= stop && !t.get(i).is(Kind.IDENT, "import")) {
            i--;
        }
        if (i < stop) {
            return;
        }
        for (int j = i + 1; j < fromIndex; j++) {
            Token tok = t.get(j);
            if (tok.kind() != Kind.IDENT || tok.text().equals("as")) {
                continue;
            }
            boolean braced = false;
            for (int k = i + 1; k < j; k++) {
                braced |= t.get(k).punct("{");
            }
            if (at(j + 1).is(Kind.IDENT, "as")) {
                aliases.put(at(j + 2).text(), braced ? module + "." + tok.text() : module);
                j += 2;
            } else if (!at(j - 1).is(Kind.IDENT, "as")) {
                aliases.put(tok.text(), braced ? module + "." + tok.text() : module);
            }
        }
    }

    /** {@code {a, b: c} = require("m")}: a is m.a, c is m.b. */
    private void destructuring(int open) {
        int close = open + 1;
        while (close < t.size() && close - open < 64 && !t.get(close).punct("}")) {
            close++;
        }
        if (!at(close).punct("}") || !at(close + 1).punct("=") || at(close + 2).kind() != Kind.IDENT) {
            return;
        }
        Chain value = chain(close + 2, t.size());
        if (!value.imported()) {
            return;
        }
        for (int j = open + 1; j < close; j++) {
            if (t.get(j).kind() != Kind.IDENT) {
                continue;
            }
            if (at(j + 1).punct(":") && at(j + 2).kind() == Kind.IDENT) {
                aliases.put(at(j + 2).text(), value.name() + "." + t.get(j).text());
                j += 2;
            } else {
                aliases.put(t.get(j).text(), value.name() + "." + t.get(j).text());
            }
        }
    }

    private static String module(String name) {
        return name.startsWith("node:") ? name.substring(5) : name;
    }

    // ---- chains and calls

    /**
     * A chain of names from {@code i}: {@code os.path.join}, {@code require("child_process").spawn} (the module
     * stands for the require), {@code new net.Socket}.
     *
     * @param name the names joined by dots, the first resolved through the aliases
     * @param end the index after the chain
     * @param imported whether the chain starts with a require or import call
     */
    private record Chain(String name, int end, boolean imported) {}

    private Chain chain(int i, int limit) {
        int k = i;
        if (at(k).is(Kind.IDENT, "new") && at(k + 1).kind() == Kind.IDENT) {
            k++;
        }
        String name = at(k).text();
        k++;
        boolean imported = false;
        while (k + 1 < limit
                && at(k).kind() == Kind.PUNCT
                && MEMBER.contains(at(k).text())
                && at(k + 1).kind() == Kind.IDENT) {
            name = name + "." + at(k + 1).text();
            k += 2;
        }
        if (IMPORTERS.contains(name)
                && at(k).punct("(")
                && at(k + 1).kind() == Kind.STRING
                && at(k + 2).punct(")")) {
            name = module(at(k + 1).text());
            imported = true;
            k += 3;
            while (k + 1 < limit
                    && at(k).kind() == Kind.PUNCT
                    && MEMBER.contains(at(k).text())
                    && at(k + 1).kind() == Kind.IDENT) {
                name = name + "." + at(k + 1).text();
                k += 2;
            }
        } else {
            int dot = name.indexOf('.');
            String head = dot < 0 ? name : name.substring(0, dot);
            String alias = aliases.get(head);
            if (alias != null) {
                name = alias + (dot < 0 ? "" : name.substring(dot));
            }
        }
        return new Chain(name, Math.min(k, Math.max(limit, i + 1)), imported);
    }

    /**
     * The call a chain makes: the chain itself, or a known class or module it is a member of ({@code TCPSocket.new},
     * {@code process.env.HOME}), with the members after it.
     */
    private record Found(CodeCall call, String rest) {}

    private Optional<Found> lookup(String name) {
        Optional<CodeCall> exact = language.call(calls, name);
        if (exact.isPresent()) {
            return Optional.of(new Found(exact.get(), ""));
        }
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            String prefix = name.substring(0, dot);
            if (prefix.indexOf('.') < 0 && !Character.isUpperCase(prefix.charAt(0)) && !prefix.startsWith("$")) {
                continue; // a bare lower-case name is a function, not a class or module with members
            }
            Optional<CodeCall> c = language.call(calls, prefix);
            if (c.isPresent()) {
                return Optional.of(new Found(c.get(), name.substring(dot + 1)));
            }
        }
        return Optional.empty();
    }

    /** An argument: tokens {@code [from, to)}. */
    private record Range(int from, int to) {}

    /** The arguments between {@code open} (a bracket) and its closer, split at top-level commas; and the end. */
    private record Args(List<Range> list, int end) {}

    private Args bracketed(int open) {
        int close = match[open];
        List<Range> list = new ArrayList<>();
        int start = open + 1;
        for (int k = open + 1; k < close; k++) {
            Token tok = t.get(k);
            if (opener(tok)) {
                k = match[k];
            } else if (tok.punct(",")) {
                list.add(new Range(start, k));
                start = k + 1;
            }
        }
        if (close > start) {
            list.add(new Range(start, close));
        }
        return new Args(list, Math.min(close + 1, t.size()));
    }

    /** Arguments without brackets: up to the end of the statement, a closer, or a statement word. */
    private Args bare(int from) {
        List<Range> list = new ArrayList<>();
        int start = from;
        int k = from;
        int limit = Math.min(t.size(), from + MAX_BARE_TOKENS);
        for (; k < limit; k++) {
            Token tok = t.get(k);
            if (tok.kind() == Kind.END
                    || tok.kind() == Kind.IDENT && STATEMENT_WORDS.contains(tok.text())
                    || tok.punct(")")
                    || tok.punct("]")
                    || tok.punct("}")) {
                break;
            }
            if (opener(tok)) {
                k = Math.min(match[k], limit - 1);
            } else if (tok.punct(",")) {
                list.add(new Range(start, k));
                start = k + 1;
            }
        }
        if (k > start) {
            list.add(new Range(start, k));
        }
        return new Args(list, k);
    }

    /** The arguments a found call takes at {@code k}, and where it ends. */
    private Args arguments(int k, boolean bareAllowed) {
        Token next = at(k);
        if (next.punct("(") || next.punct("[") || next.punct("{")) {
            return bracketed(k);
        }
        if (next.punct("=")) {
            return bare(k + 1);
        }
        if (bareAllowed
                && language.syntax().parenlessCalls()
                && (next.kind() == Kind.STRING
                        || next.kind() == Kind.COMMAND
                        || next.kind() == Kind.NUMBER
                        || next.kind() == Kind.IDENT && !STATEMENT_WORDS.contains(next.text()))) {
            return bare(k);
        }
        return new Args(List.of(), k);
    }

    private void calls() {
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            switch (tok.kind()) {
                case COMMAND -> {
                    effects.add(CodeEffect.RUNS);
                    commands.add(tok.text());
                }
                case STRING -> {
                    for (String prefix : language.socketPaths()) {
                        if (tok.text().startsWith(prefix)) {
                            effects.add(CodeEffect.SOCKET);
                        }
                    }
                }
                case PUNCT -> pipes(i);
                case IDENT -> {
                    if (!memberBefore(i)) {
                        identifier(i);
                    } else {
                        memberMethod(i);
                    }
                }
                default -> {}
            }
        }
    }

    private void identifier(int i) {
        loops(i);
        Chain chain = chain(i, t.size());
        Optional<Found> found = lookup(chain.name());
        if (found.isEmpty()) {
            int dot = chain.name().indexOf('.');
            if (dot > 0 && variables.containsKey(chain.name().substring(0, dot))) {
                // p.unlink() where p holds a path
                method(new Range(i, i + 1), chain.name().substring(dot), chain.end());
            }
            return;
        }
        Args args = arguments(chain.end(), found.get().rest().isEmpty());
        apply(found.get(), args);
        CodeEffect does = found.get().call().does();
        if ((does == CodeEffect.PATH || does == CodeEffect.HOME)
                && at(args.end()).punct(".")
                && at(args.end() + 1).kind() == Kind.IDENT) {
            // Path("/x").unlink(), Path.home().rmdir()
            method(new Range(i, args.end()), "." + at(args.end() + 1).text(), args.end() + 2);
        }
    }

    /**
     * A method on any receiver, known by its name alone: a listen-like method ({@code
     * http.createServer(h).listen(8080, "0.0.0.0")}: servers are built by chains nobody here follows, so the method
     * name says it, and its arguments say where), or a method the language's calls name with a leading dot that runs,
     * fetches, sends or evaluates ({@code Runtime.getRuntime().exec("id")}, {@code (New-Object
     * Net.WebClient).DownloadString(url)}). A method that acts on a path needs a receiver known to hold one
     * ({@link #method}): {@code items.remove(1)} deletes nothing.
     */
    private void memberMethod(int i) {
        CodeCall call = calls.get("." + t.get(i).text());
        if (call == null || !at(i + 1).punct("(")) {
            return;
        }
        switch (call.does()) {
            case LISTENS -> {
                effects.add(CodeEffect.LISTENS);
                listensOn(bracketed(i + 1).list());
            }
            case DELETES, READS, WRITES, OPENS, PATH, HOME -> {}
            default -> apply(new Found(call, ""), bracketed(i + 1));
        }
    }

    /** A method of a path value ({@code .unlink}, {@code .write_text}): the receiver is the path it acts on. */
    private void method(Range receiver, String name, int after) {
        CodeCall call = calls.get(name);
        if (call == null) {
            return;
        }
        Optional<String> path = value(receiver, 0);
        effects.add(call.does());
        if (call.does() == CodeEffect.DELETES || call.does() == CodeEffect.READS || call.does() == CodeEffect.WRITES) {
            paths.add(new CodePath(call.does(), path, call.recursive()));
        }
        if (at(after).punct("(")) {
            bracketed(after);
        }
    }

    private void apply(Found found, Args args) {
        CodeCall call = found.call();
        CodeEffect does = call.does();
        effects.add(does);
        List<Range> a = args.list();
        switch (does) {
            case RUNS -> runs(a);
            case SETUID ->
                setuidTo.add(a.isEmpty() ? "" : value(a.getFirst(), 0).orElse(""));
            case CHMODS -> {
                if (a.stream().anyMatch(this::setuidMode)) {
                    effects.add(CodeEffect.SETUID_MODE);
                }
            }
            case DELETES, READS, WRITES -> path(does, a, call.recursive());
            case OPENS -> {
                String mode = a.size() > 1 ? value(a.get(1), 0).orElse("") : "";
                boolean writes = mode.chars().anyMatch(c -> c == 'w' || c == 'a' || c == 'x' || c == '+');
                path(writes ? CodeEffect.WRITES : CodeEffect.READS, a, false);
            }
            case SENDS, FETCHES -> urls(a);
            case LISTENS -> listensOn(a);
            case ENV -> env(found.rest(), a);
            case EVALS -> evaluated(a);
            default -> {}
        }
    }

    /** A literal mode with the setuid or setgid bit, in any language's spelling, or the bits' named constants. */
    private static final Pattern SETUID_MODE = Pattern.compile("(?i)(0o?)?[4267][0-7]{3}|[ugoa]*[+=][rwxt]*s.*");

    private boolean setuidMode(Range arg) {
        for (int k = arg.from(); k < arg.to(); k++) {
            String text = t.get(k).text();
            if (text.endsWith("S_ISUID") || text.endsWith("S_ISGID")) {
                return true;
            }
        }
        return value(arg, 0).filter(v -> SETUID_MODE.matcher(v).matches()).isPresent();
    }

    /** The string literals a listen-like call names, at any depth of its arguments ({@code bind(("", 80))}); else {@code *}. */
    private void listensOn(List<Range> a) {
        int before = listensOn.size();
        for (Range r : a) {
            for (int k = r.from(); k < r.to(); k++) {
                if (t.get(k).kind() == Kind.STRING) {
                    listensOn.add(t.get(k).text());
                }
            }
        }
        if (listensOn.size() == before) {
            listensOn.add("*");
        }
    }

    /** Code evaluated from a literal ({@code exec("import os; ...")}) is read as code of the same language. */
    private void evaluated(List<Range> a) {
        if (a.isEmpty() || nesting >= MAX_EVAL_NESTING) {
            return;
        }
        Range first = a.getFirst();
        if (first.to() - first.from() != 1 || t.get(first.from()).kind() != Kind.STRING) {
            effects.add(CodeEffect.EVALS_DYNAMIC);
            return;
        }
        CodeFacts inner = read(language, calls, t.get(first.from()).text(), nesting + 1);
        effects.addAll(inner.effects());
        commands.addAll(inner.commands());
        paths.addAll(inner.paths());
        setuidTo.addAll(inner.setuidTo());
        urls.addAll(inner.urls());
        environment.addAll(inner.environment());
        listensOn.addAll(inner.listensOn());
        wholeEnvironment |= inner.readsWholeEnvironment();
        truncated |= inner.truncated();
    }

    private void path(CodeEffect does, List<Range> a, boolean recursive) {
        Optional<String> p = a.isEmpty() ? Optional.empty() : value(a.getFirst(), 0);
        if (does == CodeEffect.READS && p.isPresent() && p.get().contains("://")) {
            effects.add(CodeEffect.FETCHES);
            urls.add(p.get());
            return;
        }
        effects.add(does);
        paths.add(new CodePath(does, p, recursive));
    }

    private void urls(List<Range> a) {
        for (Range r : a) {
            value(r, 0).filter(v -> v.contains("://")).ifPresent(urls::add);
        }
    }

    /** A variable's name: a literal, or a bare word ({@code $ENV{HOME}}). */
    private Optional<String> name(Range r, int depth) {
        if (r.to() - r.from() == 1 && t.get(r.from()).kind() == Kind.IDENT) {
            return Optional.of(t.get(r.from()).text());
        }
        return value(r, depth);
    }

    private void env(String rest, List<Range> a) {
        Optional<String> name = a.isEmpty() ? Optional.empty() : name(a.getFirst(), 0);
        // process.env.HOME names a variable; ENV.to_h, os.environ.copy() and process.env.keys are methods of the whole
        // environment (variables are named in capitals; methods are not).
        if (name.isEmpty()
                && !rest.isEmpty()
                && rest.chars().anyMatch(ch -> Character.isUpperCase(ch) || Character.isDigit(ch))) {
            name = Optional.of(rest);
        }
        if (name.isPresent()) {
            environment.add(name.get());
        } else {
            wholeEnvironment = true;
        }
    }

    /** A process: a command line, a list of words, or a program and a list of arguments. */
    private void runs(List<Range> a) {
        if (a.isEmpty()) {
            effects.add(CodeEffect.RUNS_DYNAMIC);
            return;
        }
        List<String> words = new ArrayList<>();
        boolean known = true;
        for (Range r : a) {
            if (at(r.from()).punct("[")
                    || at(r.from()).punct("(") && language.name().equals("perl")) {
                Args list = bracketed(r.from());
                for (Range e : list.list()) {
                    Optional<String> v = value(e, 0);
                    known &= v.isPresent();
                    words.add(v.orElse(Token.RUN_TIME_VALUE));
                }
                continue;
            }
            if (at(r.from()).kind() == Kind.IDENT && at(r.from() + 1).punct("=")) {
                continue; // shell=True, stdio: ..., keyword arguments
            }
            if (at(r.from()).punct("{")) {
                continue; // options objects
            }
            Optional<String> v = value(r, 0);
            if (v.isEmpty()) {
                known &= !words.isEmpty();
                break;
            }
            words.add(v.get());
        }
        if (!known || words.isEmpty()) {
            effects.add(CodeEffect.RUNS_DYNAMIC);
        }
        if (words.size() > 1
                && base(words.get(1)).equals(base(words.getFirst()))
                && words.getFirst().startsWith("/")) {
            words.remove(1); // execv("/bin/sh", ["sh", "-i"]): the list starts with the program's own name
        }
        if (!words.isEmpty()) {
            commands.add(
                    words.size() == 1
                            ? words.getFirst()
                            : String.join(
                                    " ", words.stream().map(CodeReader::quote).toList()));
        }
    }

    private static String base(String word) {
        return word.substring(word.lastIndexOf('/') + 1);
    }

    static String quote(String word) {
        if (!word.isEmpty()
                && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,@%+~".indexOf(c) >= 0)) {
            return word;
        }
        if (word.contains(Token.RUN_TIME_VALUE)) {
            return "\"" + word.replace("\"", "\\\"") + "\"";
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * The literal value of an argument: strings, numbers, the home directory, {@code HOME} from the environment and
     * path joins, concatenated; run-time parts become {@link Token#RUN_TIME_VALUE}. Empty when nothing of it is
     * literal.
     */
    private Optional<String> value(Range r, int depth) {
        StringBuilder out = new StringBuilder();
        boolean literal = false;
        String separator = "";
        int k = r.from();
        while (k < r.to()) {
            Token tok = t.get(k);
            switch (tok.kind()) {
                case STRING, NUMBER -> {
                    out.append(separator).append(tok.text());
                    separator = "";
                    literal = true;
                    k++;
                }
                case IDENT -> {
                    if (memberBefore(k)) {
                        out.append(Token.RUN_TIME_VALUE);
                        k++;
                        continue;
                    }
                    Chain chain = chain(k, r.to());
                    Optional<Found> found = lookup(chain.name());
                    Args args = found.isPresent()
                            ? arguments(chain.end(), false)
                            : at(chain.end()).punct("(") ? bracketed(chain.end()) : new Args(List.of(), chain.end());
                    Optional<String> v = depth >= MAX_DEPTH
                            ? Optional.empty()
                            : found.isPresent()
                                    ? known(found.get(), args.list(), depth + 1)
                                    : variables.containsKey(chain.name()) && chain.end() == k + 1
                                            ? value(variables.get(chain.name()), depth + 1)
                                            : Optional.empty();
                    out.append(separator).append(v.orElse(Token.RUN_TIME_VALUE));
                    literal |= v.isPresent();
                    separator = "";
                    k = Math.max(k + 1, Math.min(args.end(), r.to()));
                }
                case PUNCT -> {
                    if (tok.text().equals("/") && literal) {
                        separator = "/";
                    }
                    k++;
                }
                default -> k++;
            }
        }
        return literal ? Optional.of(out.toString()) : Optional.empty();
    }

    /** The value of a call that stands for a value: the home directory, {@code $HOME}, a path join, a format. */
    private Optional<String> known(Found found, List<Range> args, int depth) {
        return switch (found.call().does()) {
            case HOME -> Optional.of("~");
            case ENV -> {
                Optional<String> name = args.isEmpty() ? Optional.of(found.rest()) : name(args.getFirst(), depth);
                yield name.filter(n -> n.equals("HOME")).map(n -> "~");
            }
            case PATH -> {
                List<String> parts = new ArrayList<>();
                for (Range a : args) {
                    value(a, depth).ifPresent(parts::add);
                }
                yield parts.isEmpty()
                        ? Optional.empty()
                        : Optional.of(String.join("/", parts).replaceAll("/+", "/"));
            }
            case FORMAT -> args.isEmpty() ? Optional.empty() : value(args.getFirst(), depth);
            default -> Optional.empty();
        };
    }

    /** Loops that never end: {@code while True}, {@code while(1)}, {@code until false}, {@code for(;;)}, {@code loop do}. */
    private void loops(int i) {
        String word = t.get(i).text();
        int k = i + 1;
        while (at(k).punct("(")) {
            k++;
        }
        Token cond = at(k);
        switch (word) {
            case "while" -> {
                endlessLoop |= TRUE.contains(cond.text())
                        || cond.kind() == Kind.NUMBER && !cond.text().equals("0");
                forkingCondition |= cond.kind() == Kind.IDENT
                        && lookup(chain(k, t.size()).name())
                                .map(f -> f.call().does() == CodeEffect.FORK)
                                .orElse(false);
            }
            case "until" -> endlessLoop |= FALSE.contains(cond.text());
            case "for" ->
                endlessLoop |= at(i + 1).punct("(")
                        && at(i + 2).kind() == Kind.END
                        && at(i + 3).punct(")");
            case "loop" ->
                endlessLoop |= at(i + 1).is(Kind.IDENT, "do") || at(i + 1).punct("{");
            case "setInterval" -> endlessLoop = true;
            default -> {}
        }
    }

    /** awk: {@code "cmd" | getline}, {@code print | "cmd"}, {@code cmd |& getline}. */
    private void pipes(int i) {
        Token tok = t.get(i);
        if (!language.pipesRunCommands() || !(tok.punct("|") || tok.punct("|&"))) {
            return;
        }
        Token before = i > 0 ? t.get(i - 1) : at(t.size());
        Token after = at(i + 1);
        Token command = after.is(Kind.IDENT, "getline") ? before : after;
        effects.add(CodeEffect.RUNS);
        if (command.kind() == Kind.STRING && !command.interpolated()) {
            commands.add(command.text());
        } else {
            effects.add(CodeEffect.RUNS_DYNAMIC);
        }
    }
}
