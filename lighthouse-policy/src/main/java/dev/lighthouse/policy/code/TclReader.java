package dev.lighthouse.policy.code;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Tcl (tclsh, wish, expect) by its own rules (the Tcl manual's "Tcl" page, the twelve rules of its syntax): a
 * script is commands separated by newlines and {@code ;}; a command is words and the first word names it; a word in
 * braces is literal, a word in double quotes or a bare word substitutes {@code $variables} and {@code [commands]}; a
 * {@code #} where a command would start is a comment. Each command is looked up in the language's calls, as itself
 * ({@code exec}) or with its first argument ({@code file delete}, {@code binary decode}); namespaces are written with
 * dots ({@code http::geturl} is {@code http.geturl}).
 *
 * <p>Design: words in braces are data, never calls, unless they are arguments of a command whose arguments are
 * scripts ({@link Language#scriptCommands()}: {@code while}, {@code catch}, {@code after}...) or of an {@code evals}
 * call; those, and every {@code [command]} substitution, are read as nested scripts at most {@link #MAX_DEPTH} levels
 * deep (deeper code is marked truncated). Each level scans its text once, so the cost is linear in the text times that
 * depth. {@code set name value} done once records a value for later {@code $name}; other run-time values become
 * {@link Token#RUN_TIME_VALUE}.
 */
final class TclReader {
    private static final int MAX_DEPTH = 8;
    private static final Set<String> ENDLESS = Set.of("1", "true", "yes", "on");
    /** Words of {@code exec} and {@code open "|..."} that are redirections and pipes, kept unquoted for the shell. */
    private static final Set<String> REDIRECTIONS = Set.of("|", "|&", "<", ">", ">>", "2>", "2>>", ">&", ">>&");
    /** Redirections of {@code exec} to Tcl channels and values: {@code <@ chan}, {@code >@ chan}, {@code << value}. */
    private static final Set<String> CHANNEL_REDIRECTIONS = Set.of("<@", ">@", "2>@", ">&@", "<<");

    private final Language language;
    private final Map<String, CodeCall> calls;
    private final Collected found = new Collected();
    private final Map<String, String> variables = new HashMap<>();
    private final Set<String> reassigned = new java.util.HashSet<>();
    private boolean endlessLoop;

    private TclReader(Language language, Map<String, CodeCall> calls) {
        this.language = language;
        this.calls = calls;
    }

    /** What Tcl {@code code} does, read against the calls indexed in {@code calls}. */
    static CodeFacts read(Language language, Map<String, CodeCall> calls, String code) {
        TclReader reader = new TclReader(language, calls);
        boolean truncated = code.length() > CodeLexer.MAX_CHARS;
        reader.script(truncated ? code.substring(0, CodeLexer.MAX_CHARS) : code, 0, true);
        reader.found.truncated |= truncated;
        if (reader.found.effects.contains(CodeEffect.FORK) && reader.endlessLoop) {
            reader.found.effects.add(CodeEffect.FORK_LOOP);
        }
        return reader.found.facts();
    }

    /**
     * One word after substitution.
     *
     * @param value the text, run-time parts replaced by {@link Token#RUN_TIME_VALUE}
     * @param literal whether nothing of it is known only at run time
     * @param braced whether it was written in braces (so its text is exactly as written)
     */
    private record Word(String value, boolean literal, boolean braced) {}

    // ---- parsing

    /**
     * Reads a script. In a strict script (the code itself, a substitution, evaluated code) a command whose name is
     * only known at run time is dynamic code; in the arguments of a script command it may be an expression
     * ({@code while {$x > 1}}), so it is not.
     *
     * @return the value of the script when it is one command that stands for a value ({@code file join a b})
     */
    private Optional<String> script(String text, int depth, boolean strict) {
        if (depth > MAX_DEPTH) {
            found.truncated = true;
            return Optional.empty();
        }
        int i = 0;
        int n = text.length();
        int count = 0;
        Optional<String> value = Optional.empty();
        while (i < n) {
            List<Word> words = new ArrayList<>();
            // Between commands: blanks, separators and comments.
            while (i < n && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ';')) {
                i++;
            }
            if (i < n && text.charAt(i) == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                continue;
            }
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\n' || c == ';') {
                    break;
                }
                if (c == ' ' || c == '\t' || c == '\r' || c == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i += c == '\\' ? 2 : 1;
                    continue;
                }
                int[] end = {i};
                words.add(word(text, i, end, depth));
                i = Math.max(end[0], i + 1);
            }
            if (!words.isEmpty()) {
                count++;
                value = command(words, depth, strict);
            }
        }
        return count == 1 ? value : Optional.empty();
    }

    /** The word starting at {@code from}; {@code end[0]} receives the index after it. */
    private Word word(String text, int from, int[] end, int depth) {
        int n = text.length();
        if (text.startsWith("{*}", from)) {
            // Argument expansion: the words are only known at run time.
            word(text, from + 3, end, depth);
            return new Word(Token.RUN_TIME_VALUE, false, false);
        }
        char c = text.charAt(from);
        if (c == '{') {
            int close = closing(text, from, '{', '}');
            end[0] = Math.min(n, close + 1);
            return new Word(text.substring(from + 1, Math.min(close, n)), true, true);
        }
        boolean quoted = c == '"';
        int i = quoted ? from + 1 : from;
        StringBuilder value = new StringBuilder();
        boolean literal = true;
        while (i < n) {
            char d = text.charAt(i);
            if (quoted ? d == '"' : Character.isWhitespace(d) || d == ';') {
                i += quoted ? 1 : 0;
                break;
            }
            if (d == '\\' && i + 1 < n) {
                char e = text.charAt(i + 1);
                value.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                i += 2;
            } else if (d == '[') {
                int close = closing(text, i, '[', ']');
                String inner = text.substring(i + 1, Math.min(close, n));
                Optional<String> v = substitution(inner, depth + 1);
                value.append(v.orElse(Token.RUN_TIME_VALUE));
                literal &= v.isPresent() && !v.get().contains(Token.RUN_TIME_VALUE);
                i = Math.min(n, close + 1);
            } else if (d == '$' && i + 1 < n && variableStart(text.charAt(i + 1))) {
                int[] after = {i};
                Optional<String> v = variable(text, i + 1, after, depth);
                value.append(v.orElse(Token.RUN_TIME_VALUE));
                literal &= v.isPresent() && !v.get().contains(Token.RUN_TIME_VALUE);
                i = after[0];
            } else {
                value.append(d);
                i++;
            }
        }
        end[0] = i;
        return new Word(value.toString(), literal, false);
    }

    private static boolean variableStart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '{' || c == ':';
    }

    /** The index of the bracket closing the one at {@code open} ({@code text.length()} if none); braces nest inside. */
    private static int closing(String text, int open, char opener, char closer) {
        int nesting = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == opener) {
                nesting++;
            } else if (c == closer && --nesting == 0) {
                return i;
            } else if (opener == '[' && c == '{') {
                i = closing(text, i, '{', '}');
            }
        }
        return text.length();
    }

    /**
     * {@code $name}, {@code ${name}}, {@code $name(index)}, {@code $::env(HOME)}: the environment by name (and the home
     * directory for {@code HOME}), a value set once, or empty for a run-time value.
     */
    private Optional<String> variable(String text, int from, int[] end, int depth) {
        int n = text.length();
        String name;
        String index = null;
        int i = from;
        if (text.charAt(i) == '{') {
            int close = text.indexOf('}', i);
            close = close < 0 ? n : close;
            name = text.substring(i + 1, close);
            i = Math.min(n, close + 1);
        } else {
            int start = i;
            while (i < n
                    && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == ':')) {
                i++;
            }
            name = text.substring(start, i);
            if (i < n && text.charAt(i) == '(') {
                int close = text.indexOf(')', i);
                close = close < 0 ? n : close;
                String raw = text.substring(i + 1, close);
                int[] ignored = {0};
                if (depth >= MAX_DEPTH) {
                    found.truncated = true; // $a($b($c(...: indexes are read as deep as scripts, no deeper
                    index = Token.RUN_TIME_VALUE;
                } else {
                    index = raw.isEmpty()
                            ? ""
                            : word(raw, 0, ignored, depth + 1).value();
                }
                i = Math.min(n, close + 1);
            }
        }
        end[0] = i;
        String dotted = dotted(name);
        CodeCall call = calls.get(dotted);
        if (call != null && call.does() == CodeEffect.ENV) {
            found.effects.add(CodeEffect.ENV);
            if (index == null || index.contains(Token.RUN_TIME_VALUE)) {
                found.wholeEnvironment = true;
                return Optional.empty();
            }
            found.environment.add(index);
            return index.equals("HOME") ? Optional.of("~") : Optional.empty();
        }
        return index == null && !reassigned.contains(name)
                ? Optional.ofNullable(variables.get(name))
                : Optional.empty();
    }

    /** {@code http::geturl}, {@code ::exec}: namespaces as dots, the global one dropped. */
    private static String dotted(String name) {
        String n = name.startsWith("::") ? name.substring(2) : name;
        return n.replace("::", ".");
    }

    // ---- commands

    /** A {@code [command]} substitution: read as a script; the value of a command that stands for a value. */
    private Optional<String> substitution(String inner, int depth) {
        return script(inner, depth, true);
    }

    /**
     * A call found for a command's words.
     *
     * @param argsFrom the index of the first argument (after the command, and its subcommand for an ensemble)
     */
    private record Found(CodeCall call, int argsFrom) {}

    private Optional<Found> lookup(List<Word> words) {
        if (words.isEmpty() || !words.getFirst().literal()) {
            return Optional.empty();
        }
        String name = dotted(words.getFirst().value());
        if (words.size() > 1 && words.get(1).literal()) {
            CodeCall sub = calls.get(name + "." + words.get(1).value());
            if (sub != null) {
                return Optional.of(new Found(sub, 2));
            }
        }
        CodeCall call = calls.get(name);
        return call == null ? Optional.empty() : Optional.of(new Found(call, 1));
    }

    private Optional<String> command(List<Word> words, int depth, boolean strict) {
        Word first = words.getFirst();
        if (!first.literal()) {
            if (strict) {
                // $cmd or [set x] in command position: the command itself is only known at run time.
                found.effects.add(CodeEffect.RUNS_DYNAMIC);
            }
            return Optional.empty();
        }
        String name = dotted(first.value());
        if (name.equals("set") && words.size() == 3) {
            assign(words.get(1).value(), words.get(2));
        }
        if (name.equals("while") && words.size() > 1) {
            endlessLoop |= ENDLESS.contains(words.get(1).value().strip().toLowerCase(Locale.ROOT));
        }
        if (name.equals("for") && words.size() > 2) {
            String condition = words.get(2).value().strip().toLowerCase(Locale.ROOT);
            endlessLoop |= condition.isEmpty() || ENDLESS.contains(condition);
        }
        if (language.scriptCommands().contains(name)) {
            for (Word w : words.subList(1, words.size())) {
                script(w.value(), depth + 1, false);
            }
        }
        Optional<Found> f = lookup(words);
        if (f.isEmpty()) {
            return Optional.empty();
        }
        List<Word> args = words.subList(f.get().argsFrom(), words.size());
        apply(f.get().call(), args, depth);
        return switch (f.get().call().does()) {
            case HOME -> Optional.of("~");
            case PATH ->
                args.isEmpty()
                        ? Optional.empty()
                        : Optional.of(
                                String.join("/", args.stream().map(Word::value).toList())
                                        .replaceAll("/+", "/"));
            case FORMAT ->
                args.isEmpty() ? Optional.empty() : Optional.of(args.getFirst().value());
            default -> Optional.empty();
        };
    }

    private void assign(String name, Word value) {
        if (variables.containsKey(name) || reassigned.contains(name)) {
            variables.remove(name);
            reassigned.add(name);
        } else {
            variables.put(name, value.value());
        }
    }

    private void apply(CodeCall call, List<Word> args, int depth) {
        CodeEffect does = call.does();
        List<Word> operands = operands(args);
        switch (does) {
            case RUNS -> runs(operands);
            case OPENS -> opens(operands);
            case DELETES, READS, WRITES -> {
                if (operands.isEmpty()) {
                    found.path(does, Optional.empty(), call.recursive());
                }
                for (Word w : operands) {
                    found.path(does, known(w), call.recursive());
                }
            }
            case SETUID -> {
                if (operands.isEmpty()) {
                    return; // [id userid] reads the id, it does not change it
                }
                found.effects.add(does);
                found.setuidTo.add(
                        operands.getFirst().literal() ? operands.getFirst().value() : "");
            }
            case FETCHES, SENDS -> {
                found.effects.add(does);
                operands.stream()
                        .map(Word::value)
                        .filter(v -> v.contains("://"))
                        .forEach(found.urls::add);
            }
            case EVALS -> {
                found.effects.add(does);
                for (Word w : args) {
                    if (w.value().equals(Token.RUN_TIME_VALUE)) {
                        found.effects.add(CodeEffect.RUNS_DYNAMIC); // eval $code: code known only at run time
                    } else {
                        script(w.value(), depth + 1, true);
                    }
                }
            }
            default -> found.effects.add(does);
        }
    }

    /** The arguments after leading options ({@code -force}, {@code -ignorestderr}) and {@code --}. */
    private static List<Word> operands(List<Word> args) {
        int i = 0;
        while (i < args.size()
                && args.get(i).literal()
                && args.get(i).value().startsWith("-")
                && args.get(i).value().length() > 1) {
            if (args.get(i).value().equals("--")) {
                i++;
                break;
            }
            i++;
        }
        return args.subList(i, args.size());
    }

    private static Optional<String> known(Word w) {
        return w.value().equals(Token.RUN_TIME_VALUE) ? Optional.empty() : Optional.of(w.value());
    }

    /** {@code exec prog args}, {@code spawn prog args}: a program and its words, pipes and redirections kept. */
    private void runs(List<Word> words) {
        if (words.isEmpty() || !words.getFirst().literal()) {
            found.effects.add(CodeEffect.RUNS);
            found.effects.add(CodeEffect.RUNS_DYNAMIC);
            return;
        }
        List<String> shell = new ArrayList<>();
        for (int k = 0; k < words.size(); k++) {
            String v = words.get(k).value();
            if (CHANNEL_REDIRECTIONS.stream().anyMatch(v::startsWith)) {
                // <@ chan, >@ chan, 2>@ chan: a Tcl channel, which the shell text cannot name
                k += CHANNEL_REDIRECTIONS.contains(v) ? 1 : 0;
                continue;
            }
            shell.add(REDIRECTIONS.contains(v) || v.equals("&") ? v : CodeReader.quote(v));
        }
        found.runs(shell.size() == 1 ? words.getFirst().value() : String.join(" ", shell));
    }

    /** {@code open "|cmd args" r+} runs a pipeline; {@code open path mode} reads or (by its mode) writes. */
    private void opens(List<Word> args) {
        if (args.isEmpty()) {
            return;
        }
        Word target = args.getFirst();
        if (target.value().startsWith("|")) {
            String pipeline = target.value().substring(1).strip();
            if (pipeline.isEmpty() || pipeline.startsWith(Token.RUN_TIME_VALUE)) {
                found.effects.add(CodeEffect.RUNS);
                found.effects.add(CodeEffect.RUNS_DYNAMIC);
            } else {
                found.runs(pipeline);
            }
            return;
        }
        String mode = args.size() > 1 ? args.get(1).value().toUpperCase(Locale.ROOT) : "R";
        boolean writes = mode.contains("W")
                || mode.contains("A")
                || mode.contains("+")
                || mode.contains("CREAT")
                || mode.contains("TRUNC");
        found.path(writes ? CodeEffect.WRITES : CodeEffect.READS, known(target), false);
    }
}
