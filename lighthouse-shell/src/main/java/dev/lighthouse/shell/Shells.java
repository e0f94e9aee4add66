package dev.lighthouse.shell;

import dev.lighthouse.shell.Normaliser.Invocation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Shells and interpreters as effective commands: finds the code they run (argument, here-string, here-document,
 * pipe, process substitution, file), attaches it as {@link InterpreterCode}, and for shells parses known code and
 * walks it as nested commands. Code piped in from a literal or decoded payload ({@code echo ... | base64 -d | sh}) is
 * recovered through {@link Payloads}.
 */
final class Shells {
    private final Normaliser normaliser;

    Shells(Normaliser normaliser) {
        this.normaliser = normaliser;
    }

    /** {@code bash [options] [-c CODE [NAME ARGS...] | FILE ARGS... | (stdin)]}. */
    List<Command> shell(Invocation call, String language) {
        List<Word> argv = call.argv();
        boolean dashC = false;
        boolean readStdin = false;
        boolean privileged = false;
        int i = 1;
        while (i < argv.size()) {
            String a = argv.get(i).value();
            if (a.equals("--") || a.equals("-")) {
                i++;
                break;
            }
            if (a.equals("-o")
                    || a.equals("+o")
                    || a.equals("-O")
                    || a.equals("+O")
                    || a.equals("--rcfile")
                    || a.equals("--init-file")) {
                i += 2;
                continue;
            }
            if (a.startsWith("--")) {
                i++;
                continue;
            }
            if ((a.startsWith("-") || a.startsWith("+")) && a.length() > 1) {
                dashC |= a.startsWith("-") && a.indexOf('c') > 0;
                readStdin |= a.startsWith("-") && a.indexOf('s') > 0;
                privileged |= a.startsWith("-") && a.indexOf('p') > 0;
                i++;
                continue;
            }
            break;
        }
        if (privileged) {
            call = call.withRoute(call.route().with(Trait.KEEPS_PRIVILEGES));
        }
        if (dashC) {
            if (i >= argv.size()) {
                normaliser.problem(language + " -c without code", call.route().at(call.span()));
                return List.of(normaliser.emit(call, Set.of(), Optional.empty()));
            }
            Word code = argv.get(i);
            List<Optional<String>> positional = argv.subList(i + 1, argv.size()).stream()
                    .map(w -> w.dynamic() ? Optional.<String>empty() : Optional.of(w.value()))
                    .toList();
            Scope inner =
                    call.scope().withPositional(positional.isEmpty() ? List.of(Optional.of(language)) : positional);
            return runArgument(call, language, code, language + " -c", inner);
        }
        if (i < argv.size() && !readStdin) {
            return runFile(call, language, argv.get(i), true);
        }
        return runStdin(call, language, true);
    }

    /** A cluster of short options ({@code -Ic}); compiled once, not for every argument of every interpreter call. */
    private static final java.util.regex.Pattern SHORT_OPTIONS = java.util.regex.Pattern.compile("-[A-Za-z]+");

    /** {@code python -c CODE}, {@code perl -e CODE}, {@code node -e CODE}, a script file, or code on stdin. */
    List<Command> interpreter(Invocation call, Interpreters.Spec spec) {
        if (spec.gathersCode()) {
            return gathered(call, spec);
        }
        List<Word> argv = call.argv();
        int i = 1;
        while (i < argv.size()) {
            String given = argv.get(i).value();
            String a = spec.optionsIgnoreCase() ? given.toLowerCase(java.util.Locale.ROOT) : given;
            if (a.equals("--") || a.equals("-")) {
                return runStdin(call, spec.language(), false);
            }
            if (spec.encodedFlags().contains(a) && i + 1 < argv.size()) {
                return runEncoded(call, spec.language(), argv.get(i + 1));
            }
            boolean codeFlag = spec.codeFlags().contains(a)
                    || (SHORT_OPTIONS.matcher(a).matches()
                            && a.charAt(a.length() - 1) == spec.codeLetter()
                            && !a.startsWith("--"));
            if (codeFlag && i + 1 < argv.size()) {
                Word code = spec.codeTakesRest() ? joined(argv.subList(i + 1, argv.size())) : argv.get(i + 1);
                return code.value().equals("-")
                        ? runStdin(call, spec.language(), false)
                        : runArgument(call, spec.language(), code, null, call.scope());
            }
            Optional<Word> attached = attachedCode(argv.get(i), spec);
            if (attached.isPresent()) {
                return runArgument(call, spec.language(), attached.get(), null, call.scope());
            }
            if (a.equals("-m") && i + 1 < argv.size()) {
                return runFile(call, spec.language(), argv.get(i + 1), false);
            }
            if (a.startsWith("-") && a.length() > 1) {
                i += spec.optionsWithValue().contains(a) ? 2 : 1;
                continue;
            }
            return runFile(call, spec.language(), argv.get(i), false);
        }
        return runStdin(call, spec.language(), false);
    }

    /**
     * Code written right after its letter in a cluster of short options: {@code ruby -e'puts 1'}, {@code perl
     * -lne'print'}, {@code python3 -c'import os'}. A letter of an option that takes a value ends the cluster first
     * ({@code python -Wignore}, {@code perl -Mstrict}), as getopt reads it.
     */
    private static Optional<Word> attachedCode(Word word, Interpreters.Spec spec) {
        String a = word.value();
        if (spec.codeLetter() == 0 || !a.startsWith("-") || a.startsWith("--") || a.length() < 3) {
            return Optional.empty();
        }
        for (int k = 1; k < a.length() - 1; k++) {
            char letter = a.charAt(k);
            if (letter == spec.codeLetter()) {
                return Optional.of(new Word(a.substring(k + 1), word.dynamic(), Optional.empty(), word.span()));
            }
            if (!Character.isLetter(letter) || spec.optionsWithValue().contains("-" + letter)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The words of a code option that takes the rest of the line, joined by spaces as the interpreter joins them. */
    private static Word joined(List<Word> words) {
        return new Word(
                String.join(" ", words.stream().map(Word::value).toList()),
                words.stream().anyMatch(Word::dynamic),
                Optional.empty(),
                words.getFirst().span());
    }

    /**
     * {@code pwsh -EncodedCommand B64}: the code is base64 of UTF-16LE text. Decoded, it is read like any code
     * argument; what cannot be decoded is code nobody here reads.
     */
    private List<Command> runEncoded(Invocation call, String language, Word encoded) {
        Optional<String> text = encoded.dynamic() ? Optional.empty() : Payloads.utf16Base64(encoded.value());
        Word code = new Word(text.orElse(encoded.value()), text.isEmpty(), Optional.empty(), encoded.span());
        return runArgument(call, language, code, null, call.scope());
    }

    /**
     * {@code gdb -ex A -ex B}, {@code expect -c A}: every code option, in order, is a line of one script; without
     * any, a script file ({@code -x FILE}, or the first operand where operands are scripts) or standard input.
     * {@code gdb --args PROGRAM ARGS} ends the options: what follows belongs to the program.
     */
    private List<Command> gathered(Invocation call, Interpreters.Spec spec) {
        List<Word> argv = call.argv();
        List<Word> code = new ArrayList<>();
        Word file = null;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i).value();
            int eq = a.indexOf('=');
            String flag = a.startsWith("-") && eq > 0 ? a.substring(0, eq) : a;
            Word value = flag.equals(a)
                    ? (i + 1 < argv.size() ? argv.get(i + 1) : null)
                    : new Word(
                            a.substring(eq + 1),
                            argv.get(i).dynamic(),
                            Optional.empty(),
                            argv.get(i).span());
            if (a.equals("--args") || a.equals("--")) {
                break;
            }
            if (spec.codeFlags().contains(flag) && value != null) {
                code.add(value);
                i += flag.equals(a) ? 1 : 0;
            } else if (spec.fileFlags().contains(flag) && value != null) {
                file = file == null ? value : file;
                i += flag.equals(a) ? 1 : 0;
            } else if (spec.optionsWithValue().contains(a)) {
                i++;
            } else if (!a.startsWith("-") && spec.operandsAreScripts() && file == null && code.isEmpty()) {
                file = argv.get(i);
                break;
            }
        }
        if (!code.isEmpty()) {
            Word joined = new Word(
                    String.join("\n", code.stream().map(Word::value).toList()),
                    code.stream().anyMatch(Word::dynamic),
                    Optional.empty(),
                    code.getFirst().span());
            return runArgument(call, spec.language(), joined, null, call.scope());
        }
        return file != null ? runFile(call, spec.language(), file, false) : runStdin(call, spec.language(), false);
    }

    /** Code given as an argument; for shells (when {@code via} is given) it is parsed and walked. */
    List<Command> runArgument(Invocation call, String language, Word code, String via, Scope inner) {
        boolean shell = via != null;
        List<Finding> findings = code.dynamic()
                ? List.of(new Finding(FindingKind.UNKNOWN_CODE, code.value()))
                : shell ? List.of() : Interpreters.scan(code.value());
        InterpreterCode ic = new InterpreterCode(
                language, code.dynamic() ? "" : code.value(), CodeSource.ARGUMENT, List.of(), findings);
        // bash -c "$(echo … | base64 -d)", python3 -c "$(… | base64 -d)": the code is a decoded payload.
        Set<Trait> traits = normaliser.decodingStages(code).isEmpty() ? Set.of() : EnumSet.of(Trait.DECODED_PAYLOAD);
        Command self = normaliser.emit(call, shell ? Set.of() : traits, Optional.of(ic));
        if (shell && !code.dynamic()) {
            normaliser.nested(call, code.value(), inner, call.route().through(via, traits), code.span());
        }
        return List.of(self);
    }

    /** File names that are the program's own standard input ({@code curl … | python3 /dev/stdin}). */
    private static final Set<String> STDIN_FILES = Set.of("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0");

    private List<Command> runFile(Invocation call, String language, Word file, boolean shell) {
        if (STDIN_FILES.contains(file.value()) && !(call.stdin() instanceof Input.File)) {
            return runStdin(call, language, shell);
        }
        Optional<List<Command>> feeders = normaliser.processFeeders(file);
        if (feeders.isPresent()) {
            List<Command> from = feeders.get();
            Optional<Payloads.Payload> payload = from.size() == 1 ? Payloads.output(from.getFirst()) : Optional.empty();
            String program = Paths.basename(call.argv().getFirst().value());
            return withCode(call, language, payload, CodeSource.PROCESS_SUBSTITUTION, from, shell, program + " <()");
        }
        InterpreterCode ic = new InterpreterCode(
                language,
                "",
                CodeSource.FILE,
                List.of(),
                List.of(new Finding(FindingKind.UNKNOWN_CODE, "file " + file.value())));
        return List.of(normaliser.emit(call, Set.of(), Optional.of(ic)));
    }

    /** Code read from standard input: a here-string or here-document, a pipe, a file, or the caller's stdin. */
    List<Command> runStdin(Invocation call, String language, boolean shell) {
        return switch (call.stdin()) {
            case Input.Text t -> {
                Optional<Payloads.Payload> payload = t.text().dynamic()
                        ? Optional.empty()
                        : Optional.of(new Payloads.Payload(
                                t.text().value(), normaliser.decodingStages(t.text()), t.operator()));
                CodeSource source = t.operator().equals("<<<") ? CodeSource.HERE_STRING : CodeSource.HERE_DOC;
                yield withCode(call, language, payload, source, List.of(), shell, language + " " + t.operator());
            }
            case Input.Pipe p -> {
                List<Command> upstream = p.upstream();
                Optional<Payloads.Payload> payload =
                        upstream.isEmpty() ? Optional.empty() : Payloads.output(upstream.getLast());
                String via = payload.map(pl -> pl.via(language)).orElse("| " + language);
                yield withCode(call, language, payload, CodeSource.PIPE, upstream, shell, via);
            }
            case Input.File f -> runFile(call, language, f.path(), shell);
            case Input.Inherited _ -> {
                List<Finding> findings = new ArrayList<>(List.of(new Finding(FindingKind.UNKNOWN_CODE, "stdin")));
                call.redirects().stream()
                        .map(r -> r.target().value())
                        .filter(t -> t.startsWith("/dev/tcp/") || t.startsWith("/dev/udp/"))
                        .findFirst()
                        .ifPresent(t -> findings.add(new Finding(FindingKind.REVERSE_SHELL, t)));
                InterpreterCode ic = new InterpreterCode(language, "", CodeSource.STDIN, List.of(), findings);
                yield List.of(normaliser.emit(call, Set.of(), Optional.of(ic)));
            }
        };
    }

    private List<Command> withCode(
            Invocation call,
            String language,
            Optional<Payloads.Payload> payload,
            CodeSource source,
            List<Command> feeders,
            boolean shell,
            String via) {
        String text = payload.map(Payloads.Payload::text).orElse("");
        List<Finding> findings = new ArrayList<>();
        if (payload.isEmpty()) {
            findings.add(new Finding(FindingKind.UNKNOWN_CODE, feederNames(feeders, source)));
        } else if (!shell) {
            findings.addAll(Interpreters.scan(text));
        }
        InterpreterCode ic = new InterpreterCode(language, text, source, feeders, findings);
        Set<Trait> traits =
                payload.isPresent() && payload.get().decoded() ? EnumSet.of(Trait.DECODED_PAYLOAD) : Set.of();
        // A shell's decoded code is marked on the commands it runs; an interpreter's, which runs none here, on itself.
        Command self = normaliser.emit(call, shell ? Set.of() : traits, Optional.of(ic));
        if (shell && payload.isPresent()) {
            normaliser.nested(call, text, call.scope().child(), call.route().through(via, traits), call.span());
        }
        return List.of(self);
    }

    private static String feederNames(List<Command> feeders, CodeSource source) {
        if (feeders.isEmpty()) {
            return source.name().toLowerCase(java.util.Locale.ROOT);
        }
        return String.join(" | ", feeders.stream().map(Command::toString).toList());
    }
}
