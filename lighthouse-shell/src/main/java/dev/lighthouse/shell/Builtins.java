package dev.lighthouse.shell;

import dev.lighthouse.shell.Normaliser.Invocation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Commands the normaliser must understand beyond "record it": builtins that change what later commands mean
 * ({@code cd}, {@code export}, {@code unset}, {@code read}), builtins and tools that run code or other commands
 * ({@code eval}, {@code source}, {@code trap}, {@code su -c}, {@code watch}, {@code find -exec}, {@code ssh},
 * {@code docker exec}, {@code kubectl exec}). Everything else is recorded as it is.
 */
final class Builtins {
    private static final Set<String> SSH_OPTIONS_WITH_VALUE = Set.of(
            "-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o", "-p", "-Q", "-R", "-S",
            "-W", "-w", "-B");
    private static final Set<String> DOCKER_OPTIONS_WITH_VALUE = Set.of(
            "-e",
            "--env",
            "--env-file",
            "-u",
            "--user",
            "-w",
            "--workdir",
            "--detach-keys",
            "-v",
            "--volume",
            "--name",
            "-p",
            "--publish",
            "--entrypoint",
            "--network",
            "--mount",
            "-l",
            "--label",
            "--platform",
            "--cpus",
            "-m",
            "--memory",
            "-h",
            "--hostname",
            "--pull",
            "--restart",
            "--cap-add",
            "--cap-drop",
            "--device",
            "--gpus",
            "--add-host",
            "--security-opt",
            "--ulimit",
            "--tmpfs",
            "--pid",
            "--ipc",
            "-c",
            "--container");
    private static final Set<String> SU_OPTIONS_WITH_VALUE =
            Set.of("-s", "--shell", "-g", "--group", "-G", "--supp-group");

    private final Normaliser normaliser;
    private final Shells shells;

    Builtins(Normaliser normaliser) {
        this.normaliser = normaliser;
        this.shells = new Shells(normaliser);
    }

    List<Command> run(Invocation call, String name) {
        return switch (name) {
            case "cd", "pushd" -> cd(call);
            case "export", "declare", "typeset", "local", "readonly" -> declare(call);
            case "unset" -> {
                for (Word w : operands(call.args(), "", new HashMap<>())) {
                    normaliser.arithmetic().name(w, call.scope(), call.route());
                    call.scope().unset(w.value());
                }
                yield plain(call);
            }
            case "read" -> read(call, operands(call.args(), "adinNptu", new HashMap<>()));
            case "mapfile", "readarray" -> mapfile(call);
            case "let" -> {
                call.args().forEach(w -> normaliser.arithmetic().evaluate(w, call.scope(), call.route()));
                yield plain(call);
            }
            case "printf" -> {
                Map<Character, List<Word>> values = new HashMap<>();
                operands(call.args(), "v", values);
                values.getOrDefault('v', List.of())
                        .forEach(w -> normaliser.arithmetic().name(w, call.scope(), call.route()));
                yield plain(call);
            }
            case "test", "[" -> {
                List<Word> args = call.args();
                for (int i = 0; i + 1 < args.size(); i++) {
                    if (args.get(i).value().equals("-v")) {
                        normaliser.arithmetic().name(args.get(i + 1), call.scope(), call.route());
                    }
                }
                yield plain(call);
            }
            case "eval" -> eval(call);
            case "source", "." -> source(call);
            case "trap" -> trap(call);
            case "su" -> su(call);
            case "watch" -> watch(call);
            case "find" -> find(call);
            case "ssh" -> ssh(call);
            case "docker", "podman" -> docker(call);
            case "kubectl", "oc" -> kubectl(call);
            default -> plain(call);
        };
    }

    private List<Command> plain(Invocation call) {
        return List.of(normaliser.emit(call, Set.of(), Optional.empty()));
    }

    private List<Command> cd(Invocation call) {
        List<Command> self = plain(call);
        List<Word> operands = call.args().stream()
                .filter(w -> !w.value().startsWith("-") || w.value().equals("-"))
                .toList();
        Scope scope = call.scope();
        if (operands.isEmpty()) {
            scope.cd(scope.home());
        } else {
            Word dir = operands.getFirst();
            scope.cd(
                    dir.dynamic() || dir.value().equals("-")
                            ? Optional.empty()
                            : Paths.resolve(Expander.tilde(dir.value(), scope), scope.cwd()));
        }
        return self;
    }

    private List<Command> declare(Invocation call) {
        Map<Character, List<Word>> none = new HashMap<>();
        List<Word> operands = operands(call.args(), "", none);
        String options = call.args().stream()
                .map(Word::value)
                .filter(a -> a.startsWith("-") || a.startsWith("+"))
                .reduce("", String::concat);
        boolean integer = options.contains("i");
        boolean nameRef =
                options.contains("n") && !call.argv().getFirst().value().equals("export");
        for (Word w : operands) {
            // The name's subscript is evaluated; so is the value of an integer variable, and a nameref's value is a
            // name.
            normaliser.arithmetic().name(w, call.scope(), call.route());
            String name = Arithmetic.namePart(w.value());
            if ((integer || nameRef) && name.length() < w.value().length()) {
                int eq = w.value().indexOf('=', name.length());
                Word value = new Word(w.value().substring(eq + 1), w.dynamic(), Optional.empty(), w.span());
                if (integer) {
                    normaliser.arithmetic().evaluate(value, call.scope(), call.route());
                } else {
                    normaliser.arithmetic().name(value, call.scope(), call.route());
                }
            }
        }
        for (Word w : call.args()) {
            int eq = w.value().indexOf('=');
            if (eq > 0 && Scope.isVariableName(w.value().substring(0, eq))) {
                call.scope()
                        .set(
                                w.value().substring(0, eq),
                                w.dynamic()
                                        ? Optional.empty()
                                        : Optional.of(w.value().substring(eq + 1)));
            }
        }
        return plain(call);
    }

    /** {@code read [options] NAME...}: each name (and the {@code -a} array) is resolved, subscript included. */
    private List<Command> read(Invocation call, List<Word> names) {
        List<Word> all = new ArrayList<>(names);
        Map<Character, List<Word>> values = new HashMap<>();
        operands(call.args(), "adinNptu", values);
        all.addAll(values.getOrDefault('a', List.of()));
        for (Word w : all) {
            normaliser.arithmetic().name(w, call.scope(), call.route());
            call.scope().set(w.value(), Optional.empty());
        }
        return plain(call);
    }

    /** {@code mapfile [-C CALLBACK] [ARRAY]}: the callback is shell code, run for every few lines read. */
    private List<Command> mapfile(Invocation call) {
        Map<Character, List<Word>> values = new HashMap<>();
        List<Word> names = operands(call.args(), "dnOsuCc", values);
        for (Word w : names) {
            normaliser.arithmetic().name(w, call.scope(), call.route());
            call.scope().set(w.value(), Optional.empty());
        }
        List<Word> callbacks = values.getOrDefault('C', List.of());
        if (callbacks.isEmpty()) {
            return plain(call);
        }
        return runCode(call, callbacks.getLast(), "mapfile -C", call.scope());
    }

    /**
     * The operands of a builtin's arguments ({@code -ab NAME}): options are skipped, and the value of each option
     * letter in {@code withValue} (attached, {@code -pPROMPT}, or the next word) is collected in {@code values}.
     */
    static List<Word> operands(List<Word> args, String withValue, Map<Character, List<Word>> values) {
        List<Word> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Word w = args.get(i);
            String a = w.value();
            if (a.equals("--")) {
                out.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!(a.length() > 1 && (a.startsWith("-") || a.startsWith("+"))) || w.dynamic()) {
                out.add(w);
                continue;
            }
            for (int k = 1; k < a.length(); k++) {
                char letter = a.charAt(k);
                if (withValue.indexOf(letter) < 0) {
                    continue;
                }
                Word value;
                if (k + 1 < a.length()) {
                    value = new Word(a.substring(k + 1), false, Optional.empty(), w.span());
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    break;
                }
                values.computeIfAbsent(letter, c -> new ArrayList<>()).add(value);
                break;
            }
        }
        return out;
    }

    /**
     * {@code eval ARGS}: the arguments joined by spaces are parsed and run in the current shell.
     *
     * <p>{@code eval eval … CMD} where every argument reads back as itself ({@link #readsBackAsItself}) is one eval of
     * {@code CMD}: each level would join and re-read the same words, one fewer each time, so a 64 KB chain of
     * thousands of levels would be read thousands of times over. The leading {@code eval} words are skipped instead.
     */
    private List<Command> eval(Invocation call) {
        List<Word> args = call.args();
        boolean dynamic = args.stream().anyMatch(Word::dynamic);
        int first = 0;
        if (!dynamic && args.stream().allMatch(w -> readsBackAsItself(w.value()))) {
            while (first < args.size() && args.get(first).value().equals("eval")) {
                first++;
            }
        }
        String text = String.join(
                " ", args.subList(first, args.size()).stream().map(Word::value).toList());
        Word code = new Word(text, dynamic, Optional.empty(), call.route().at(call.span()));
        args.stream()
                .map(normaliser::decodingStages)
                .filter(stages -> !stages.isEmpty())
                .findFirst()
                .ifPresent(stages -> normaliser.rememberDecoded(code, stages));
        return runCode(call, code, "eval", call.scope());
    }

    /**
     * Whether bash, reading {@code value} again as a word of a command line, would see this one word with this value:
     * no blanks, quotes, expansions, globs, braces, comments, tildes or operators, only letters, digits and
     * {@code _ . / , : + @ % = -}.
     */
    static boolean readsBackAsItself(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "_./,:+@%=-".indexOf(c) >= 0;
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    private List<Command> runCode(Invocation call, Word code, String via, Scope scope) {
        List<Finding> findings =
                code.dynamic() ? List.of(new Finding(FindingKind.UNKNOWN_CODE, code.value())) : List.of();
        InterpreterCode ic = new InterpreterCode(
                "bash", code.dynamic() ? "" : code.value(), CodeSource.ARGUMENT, List.of(), findings);
        // eval "$(echo … | base64 -d)": the code is a decoded payload.
        Set<Trait> traits = normaliser.decodingStages(code).isEmpty() ? Set.of() : EnumSet.of(Trait.DECODED_PAYLOAD);
        Command self = normaliser.emit(call, Set.of(), Optional.of(ic));
        if (!code.dynamic()) {
            normaliser.nested(call, code.value(), scope, call.route().through(via, traits), code.span());
        }
        return List.of(self);
    }

    private List<Command> source(Invocation call) {
        // fish's `… | source` runs what the pipe carries, as `… | sh` does; without a file or a pipe it runs nothing.
        if (call.args().isEmpty() && !(call.stdin() instanceof Input.Pipe)) {
            return plain(call);
        }
        // source FILE runs FILE in this shell: the same code sources as a shell given a file operand.
        return shells.shell(call, "bash");
    }

    /** {@code trap 'CODE' SIGNALS}: the code runs later, on the signal or at exit. */
    private List<Command> trap(Invocation call) {
        List<Word> args = call.args();
        if (args.size() < 2 || args.getFirst().value().startsWith("-")) {
            return plain(call);
        }
        return runCode(call, args.getFirst(), "trap", call.scope());
    }

    /** {@code su [options] [user] [-c CODE]}: without {@code -c}, an interactive shell as that user. */
    private List<Command> su(Invocation call) {
        List<Word> args = call.args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i).value();
            if ((a.equals("-c") || a.equals("--command")) && i + 1 < args.size()) {
                return runCode(
                        call.withRoute(call.route().with(Trait.PRIVILEGED)),
                        args.get(i + 1),
                        "su -c",
                        call.scope().child());
            }
            if (a.startsWith("--command=")) {
                Word w = args.get(i);
                Word code = new Word(a.substring("--command=".length()), w.dynamic(), Optional.empty(), w.span());
                return runCode(
                        call.withRoute(call.route().with(Trait.PRIVILEGED)),
                        code,
                        "su -c",
                        call.scope().child());
            }
            if (SU_OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            }
        }
        return List.of(normaliser.emit(call, EnumSet.of(Trait.PRIVILEGED), Optional.empty()));
    }

    /** {@code watch [options] COMMAND...}: the words are joined and run by {@code sh -c}, unless {@code -x}. */
    private List<Command> watch(Invocation call) {
        List<Word> args = call.args();
        int i = 0;
        boolean exec = false;
        while (i < args.size() && args.get(i).value().startsWith("-")) {
            String a = args.get(i).value();
            exec |= a.equals("-x") || a.equals("--exec");
            i += a.equals("-n") || a.equals("--interval") ? 2 : 1;
        }
        List<Word> rest = args.subList(Math.min(i, args.size()), args.size());
        if (rest.isEmpty()) {
            return plain(call);
        }
        if (exec) {
            return normaliser.invokeInner(call, rest, "watch", Set.of(), call.scope());
        }
        Word code = joined(rest, call);
        return runCode(call, code, "watch", call.scope().child());
    }

    /** {@code find PATHS EXPR}: records find, each {@code -exec} command, and {@code -delete} as an rm of the paths. */
    private List<Command> find(Invocation call) {
        List<Command> out = new ArrayList<>(plain(call));
        List<Word> args = call.args();
        List<Word> starts = new ArrayList<>();
        int i = 0;
        while (i < args.size()
                && !args.get(i).value().startsWith("-")
                && !args.get(i).value().equals("(")
                && !args.get(i).value().equals("!")) {
            starts.add(args.get(i++));
        }
        if (starts.isEmpty()) {
            starts.add(new Word(".", false, Optional.empty(), call.route().at(call.span())));
        }
        for (; i < args.size(); i++) {
            String a = args.get(i).value();
            if (a.equals("-exec") || a.equals("-execdir") || a.equals("-ok") || a.equals("-okdir")) {
                List<Word> inner = new ArrayList<>();
                int j = i + 1;
                while (j < args.size()
                        && !args.get(j).value().equals(";")
                        && !args.get(j).value().equals("+")) {
                    Word w = args.get(j);
                    inner.add(w.value().contains("{}") ? new Word(w.value(), true, Optional.empty(), w.span()) : w);
                    j++;
                }
                out.addAll(normaliser.invokeInner(
                        call, inner, "find " + a, EnumSet.of(Trait.ARGUMENTS_FROM_INPUT), call.scope()));
                i = j;
            } else if (a.equals("-delete")) {
                Word rm = new Word("rm", false, Optional.empty(), call.route().at(call.span()));
                List<Word> rmArgs = new ArrayList<>();
                rmArgs.add(new Word("-r", false, Optional.empty(), rm.span()));
                rmArgs.addAll(starts);
                Invocation synthetic =
                        call.withRoute(call.route().through("find -delete", EnumSet.noneOf(Trait.class)));
                out.add(normaliser.emit(synthetic, rm, rmArgs, Set.of(), Optional.empty()));
            }
        }
        return out;
    }

    /** {@code ssh [options] HOST [COMMAND...]}: the remote command is run by the remote user's shell. */
    private List<Command> ssh(Invocation call) {
        List<Word> args = call.args();
        int i = 0;
        while (i < args.size() && args.get(i).value().startsWith("-")) {
            i += SSH_OPTIONS_WITH_VALUE.contains(args.get(i).value()) ? 2 : 1;
        }
        List<Command> out = new ArrayList<>(plain(call));
        if (i >= args.size()) {
            return out;
        }
        String host = args.get(i).value();
        List<Word> rest = args.subList(i + 1, args.size());
        Route remote = call.route().through("ssh " + host, EnumSet.of(Trait.REMOTE));
        Scope remoteScope = Scope.remote(normaliser.context());
        if (rest.isEmpty()) {
            if (!(call.stdin() instanceof Input.Inherited)) {
                Invocation asShell = new Invocation(
                        List.of(new Word("sh", false, Optional.empty(), call.span())),
                        List.of(),
                        List.of(),
                        call.stdin(),
                        remoteScope,
                        remote,
                        call.span());
                shells.runStdin(asShell, "sh", true);
            }
            return out;
        }
        Word code = joined(rest, call);
        if (!code.dynamic()) {
            normaliser.nested(call, code.value(), remoteScope, remote, code.span());
        }
        return out;
    }

    /** {@code docker exec [options] CONTAINER COMMAND...} and {@code docker run [options] IMAGE [COMMAND...]}. */
    private List<Command> docker(Invocation call) {
        List<Command> out = new ArrayList<>(plain(call));
        List<Word> args = call.args();
        if (args.isEmpty()
                || !(args.getFirst().value().equals("exec")
                        || args.getFirst().value().equals("run"))) {
            return out;
        }
        String verb = args.getFirst().value();
        int i = 1;
        while (i < args.size() && args.get(i).value().startsWith("-")) {
            String a = args.get(i).value();
            i += DOCKER_OPTIONS_WITH_VALUE.contains(a) ? 2 : 1;
        }
        if (i >= args.size()) {
            return out;
        }
        String target = args.get(i).value();
        List<Word> inner = args.subList(i + 1, args.size());
        String via = call.argv().getFirst().value().contains("podman") ? "podman " : "docker ";
        out.addAll(normaliser.invokeInner(
                call,
                inner,
                via + verb + " " + target,
                EnumSet.of(Trait.CONTAINER),
                Scope.remote(normaliser.context())));
        return out;
    }

    /** {@code kubectl exec POD [options] -- COMMAND...}. */
    private List<Command> kubectl(Invocation call) {
        List<Command> out = new ArrayList<>(plain(call));
        List<Word> args = call.args();
        int dashes = Normaliser.indexOf(args, "--");
        if (args.isEmpty() || !args.getFirst().value().equals("exec") || dashes < 0) {
            return out;
        }
        String pod = args.subList(1, dashes).stream()
                .map(Word::value)
                .filter(v -> !v.startsWith("-"))
                .findFirst()
                .orElse("?");
        out.addAll(normaliser.invokeInner(
                call,
                args.subList(dashes + 1, args.size()),
                "kubectl exec " + pod,
                EnumSet.of(Trait.CONTAINER),
                Scope.remote(normaliser.context())));
        return out;
    }

    private static Word joined(List<Word> words, Invocation call) {
        boolean dynamic = words.stream().anyMatch(Word::dynamic);
        String text = String.join(" ", words.stream().map(Word::value).toList());
        return new Word(text, dynamic, Optional.empty(), call.route().at(call.span()));
    }
}
