package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.Span;
import dev.lighthouse.shell.syntax.WordNode;
import dev.lighthouse.shell.syntax.WordPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bash word expansion as far as it can be known statically: brace expansion, tilde, parameters with known values
 * (and the common operators), command substitutions whose output is a literal, field splitting on {@code IFS}, quote
 * removal. Anything else stays as written and makes the word {@link Word#dynamic() dynamic}. Pathname expansion
 * (globbing) is not done: {@code /*} stays {@code /*}.
 *
 * <p>Substitutions are handed to the {@link Normaliser}, which records the commands inside them.
 */
final class Expander {
    private static final String PROCESS_FILE = "/dev/fd/63";

    private final Normaliser normaliser;

    Expander(Normaliser normaliser) {
        this.normaliser = normaliser;
    }

    /** The fields a command word becomes (zero, one, or several after brace expansion and splitting). */
    List<Word> fields(WordNode word, Scope scope, Route route) {
        Optional<List<String>> braced = braceExpansion(word);
        if (braced.isPresent()) {
            List<Word> out = new ArrayList<>();
            for (String text : braced.get()) {
                out.add(new Word(tilde(text, scope), false, Optional.empty(), route.at(word.span())));
            }
            return out;
        }
        Fields f = new Fields(route.at(word.span()));
        parts(word.parts(), false, true, f, scope, route);
        return f.finish();
    }

    /** The word as one string, without field splitting (assignment values, redirect targets, here-documents). */
    Word single(WordNode word, Scope scope, Route route) {
        Fields f = new Fields(route.at(word.span()));
        f.noSplit = true;
        parts(word.parts(), false, true, f, scope, route);
        return f.joined();
    }

    /**
     * An arithmetic expression as written ({@code (( ))}, {@code $(( ))}, a {@code for (( ))} header): its
     * substitutions run, then bash evaluates the expanded text, names and subscripts included.
     */
    void expression(List<WordPart> parts, Span span, Scope scope, Route route) {
        Fields f = new Fields(route.at(span));
        f.noSplit = true;
        f.arithmetic = true;
        parts(parts, true, false, f, scope, route);
        normaliser.arithmetic().evaluate(f.joined(), scope, route);
    }

    /** A word bash evaluates as arithmetic after expanding it (an operand of {@code [[ -eq ]]}). */
    void arithmeticWord(WordNode word, Scope scope, Route route) {
        expression(word.parts(), word.span(), scope, route);
    }

    private static Optional<List<String>> braceExpansion(WordNode word) {
        if (!word.isPlainLiteralWithoutEscapes()) {
            return Optional.empty();
        }
        String text = word.literal().orElse("");
        if (text.indexOf('{') < 0 || text.indexOf('}') < 0) {
            return Optional.empty();
        }
        List<String> words = Braces.expand(text);
        return words.size() > 1 ? Optional.of(words) : Optional.empty();
    }

    private void parts(List<WordPart> parts, boolean quoted, boolean wordStart, Fields f, Scope scope, Route route) {
        boolean first = wordStart;
        for (WordPart part : parts) {
            switch (part) {
                case WordPart.Literal l -> {
                    if (quoted || !first || !l.value().startsWith("~")) {
                        f.literal(l.value(), true);
                    } else if (tilde(l.value(), scope).equals(l.value())) {
                        // ~ where HOME is unknown (remote, container): the path cannot be known.
                        f.unknown(l.value());
                    } else {
                        f.literal(tilde(l.value(), scope), true);
                    }
                }
                case WordPart.SingleQuoted s -> f.literal(s.value(), true);
                case WordPart.AnsiCQuoted a -> f.literal(a.value(), true);
                case WordPart.DoubleQuoted d -> {
                    f.literal("", true);
                    parts(d.parts(), true, false, f, scope, route);
                }
                case WordPart.ParamExpansion p -> {
                    Optional<String> v = parameter(p, scope, route);
                    if (v.isEmpty() && f.arithmetic && Arithmetic.integer(p, scope)) {
                        // An integer whatever its value: nothing in it for arithmetic to run.
                        v = Optional.of("0");
                    }
                    if (v.isPresent()) {
                        normaliser.decodedValue(v.get()).ifPresent(f::decoded);
                        f.expansion(v.get(), quoted, scope);
                    } else {
                        f.unknown(normaliser.asWritten(p.span(), route));
                    }
                }
                case WordPart.CommandSubstitution c -> {
                    Optional<Payloads.Payload> out = normaliser.substitution(c.body(), scope, route);
                    if (out.isPresent()) {
                        if (out.get().decoded()) {
                            f.decoded(out.get());
                        }
                        f.expansion(out.get().text(), quoted, scope);
                    } else {
                        f.unknown(normaliser.asWritten(c.span(), route));
                    }
                }
                case WordPart.ArithmeticExpansion a -> {
                    // Substitutions and names inside the expression are evaluated; its value is not computed.
                    expression(a.parts(), a.span(), scope, route);
                    String e = a.expression().strip();
                    if (e.matches("-?\\d{1,18}")) {
                        f.literal(Long.toString(Long.parseLong(e)), true);
                    } else if (f.arithmetic) {
                        f.literal("0", true);
                    } else {
                        f.unknown(normaliser.asWritten(a.span(), route));
                    }
                }
                case WordPart.ProcessSubstitution p -> {
                    f.literal(PROCESS_FILE, true);
                    f.processFeeders = normaliser.processSubstitution(p, scope, route);
                }
            }
            first = false;
        }
    }

    /** {@code ~}, {@code ~/x}, {@code ~+}, {@code ~user} at the start of unquoted text. */
    static String tilde(String text, Scope scope) {
        if (!text.startsWith("~")) {
            return text;
        }
        int slash = text.indexOf('/');
        String user = slash < 0 ? text.substring(1) : text.substring(1, slash);
        String rest = slash < 0 ? "" : text.substring(slash);
        Optional<String> dir = switch (user) {
            case "" -> scope.home();
            case "+" -> scope.cwd();
            case "-" -> scope.value("OLDPWD");
            case "root" -> Optional.of("/root");
            default -> user.matches("[A-Za-z_][A-Za-z0-9_.-]*") ? Optional.of("/home/" + user) : Optional.empty();
        };
        return dir.map(d -> d + rest).orElse(text);
    }

    // ---- parameters

    private Optional<String> parameter(WordPart.ParamExpansion p, Scope scope, Route route) {
        // ${a[SUB]}: the subscript, kept as written in the name, is expanded and evaluated.
        normaliser.arithmetic().subscript(p.name(), route.at(p.span()), scope, route);
        Optional<String> value = parameterValue(p.name(), scope);
        if (p.prefix().equals("#")) {
            return value.map(v -> Integer.toString(v.length()));
        }
        if (p.prefix().equals("!")) {
            return value.flatMap(scope::value);
        }
        boolean known = value.isPresent();
        String v = value.orElse("");
        Optional<Word> argument = p.argument().map(a -> single(a, scope, route));
        if (p.operator().equals(":")) {
            // ${x:offset:length}: both are arithmetic expressions.
            argument.ifPresent(w -> normaliser.arithmetic().evaluate(w, scope, route));
        }
        Optional<String> arg = argument.filter(w -> !w.dynamic()).map(Word::value);
        return switch (p.operator()) {
            case "" -> value;
            case ":-", "-", ":=", "=" ->
                known ? (v.isEmpty() && p.operator().startsWith(":") ? arg : value) : Optional.empty();
            case ":+", "+" ->
                known ? (v.isEmpty() && p.operator().startsWith(":") ? Optional.of("") : arg) : Optional.empty();
            case ":?", "?" -> value;
            case "^^" -> value.map(s -> s.toUpperCase(Locale.ROOT));
            case ",," -> value.map(s -> s.toLowerCase(Locale.ROOT));
            case "^" -> value.map(s -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1));
            case "," -> value.map(s -> s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1));
            case "#", "##", "%", "%%" -> known && arg.isPresent() ? trim(v, p.operator(), arg.get()) : Optional.empty();
            case "/", "//", "/#", "/%" ->
                known && arg.isPresent() ? replace(v, p.operator(), arg.get()) : Optional.empty();
            case ":" -> known && arg.isPresent() ? substring(v, arg.get()) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<String> parameterValue(String name, Scope scope) {
        List<Optional<String>> pos = scope.positional();
        return switch (name) {
            case "@", "*" ->
                pos.isEmpty() || pos.stream().anyMatch(Optional::isEmpty)
                        ? Optional.empty()
                        : Optional.of(String.join(
                                " ",
                                pos.subList(1, pos.size()).stream()
                                        .map(Optional::get)
                                        .toList()));
            case "#" -> pos.isEmpty() ? Optional.empty() : Optional.of(Integer.toString(pos.size() - 1));
            default -> scope.value(name);
        };
    }

    private static Optional<String> trim(String value, String op, String pattern) {
        Optional<Glob> compiled = Glob.compile(pattern);
        if (value.length() > 4096 || compiled.isEmpty()) {
            return Optional.empty();
        }
        boolean prefix = op.startsWith("#");
        boolean longest = op.length() == 2;
        int n = value.length();
        // matches[k]: the first (for #) or last (for %) k characters match the pattern.
        boolean[] matches = prefix
                ? compiled.get().matchingPrefixes(value)
                : compiled.get().reversed().matchingPrefixes(new StringBuilder(value).reverse());
        for (int i = 0; i <= n; i++) {
            int k = longest ? n - i : i;
            if (matches[k]) {
                return Optional.of(prefix ? value.substring(k) : value.substring(0, n - k));
            }
        }
        return Optional.of(value);
    }

    private static Optional<String> replace(String value, String op, String argument) {
        int slash = argument.indexOf('/');
        String pattern = slash < 0 ? argument : argument.substring(0, slash);
        String replacement = slash < 0 ? "" : argument.substring(slash + 1);
        if (Glob.hasGlob(pattern) || pattern.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                switch (op) {
                    case "//" -> value.replace(pattern, replacement);
                    case "/#" -> value.startsWith(pattern) ? replacement + value.substring(pattern.length()) : value;
                    case "/%" ->
                        value.endsWith(pattern)
                                ? value.substring(0, value.length() - pattern.length()) + replacement
                                : value;
                    default ->
                        value.replaceFirst(
                                Pattern.quote(pattern), java.util.regex.Matcher.quoteReplacement(replacement));
                });
    }

    private static Optional<String> substring(String value, String spec) {
        String[] parts = spec.split(":", 2);
        try {
            int offset = Integer.parseInt(parts[0].strip());
            if (offset < 0) {
                offset = Math.max(0, value.length() + offset);
            }
            offset = Math.min(offset, value.length());
            int length = parts.length > 1 ? Integer.parseInt(parts[1].strip()) : value.length() - offset;
            int stop = length < 0 ? value.length() + length : offset + length;
            stop = Math.max(offset, Math.min(stop, value.length()));
            return Optional.of(value.substring(offset, stop));
        } catch (NumberFormatException e) {
            // Arithmetic offsets (${x:i+1}) are not evaluated.
            return Optional.empty();
        }
    }

    /** Fields under construction for one word. */
    private final class Fields {
        private final Span span;
        private final List<Word> done = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private boolean keep;
        private boolean dynamic;
        private boolean noSplit;
        private boolean arithmetic;
        private List<Command> processFeeders = List.of();
        private List<String> decodedBy = List.of();
        private String decodedText = "";

        Fields(Span span) {
            this.span = span;
        }

        /**
         * A decoded substitution's output. The word is marked decoded only when it is that output and nothing else
         * ({@code "$(… | base64 -d)"}), or the first field of it split ({@code $(… | base64 -d)}, which runs as a
         * command): decoded text inside other text ({@code "echo $(… | base64 -d)"}) is data.
         */
        void decoded(Payloads.Payload p) {
            decodedBy = p.stages();
            decodedText = p.text();
        }

        void literal(String text, boolean counts) {
            current.append(text);
            keep |= counts;
        }

        void unknown(String asWritten) {
            current.append(asWritten);
            keep = true;
            dynamic = true;
        }

        /** A known expansion result: split on IFS unless quoted. */
        void expansion(String value, boolean quoted, Scope scope) {
            if (current.length() + value.length()
                    > normaliser.context().limits().maxInputChars()) {
                // Expansions that multiply ($x$x$x... over a doubled x) would grow without bound: not known.
                keep = true;
                dynamic = true;
                return;
            }
            if (quoted || noSplit) {
                current.append(value);
                keep = true;
                return;
            }
            String ifs = scope.value("IFS").orElse(" \t\n");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (ifs.indexOf(c) >= 0) {
                    if (!current.isEmpty() || keep) {
                        end();
                    }
                } else {
                    current.append(c);
                }
            }
        }

        private void end() {
            Word w = new Word(current.toString(), dynamic, Optional.empty(), span);
            if (!processFeeders.isEmpty()) {
                normaliser.rememberProcessFile(w, processFeeders);
            }
            if (!decodedBy.isEmpty()
                    && !w.value().isBlank()
                    && decodedText.strip().startsWith(w.value().strip())) {
                normaliser.rememberDecoded(w, decodedBy);
            }
            done.add(w);
            current.setLength(0);
            keep = false;
            dynamic = false;
            processFeeders = List.of();
            decodedBy = List.of();
            decodedText = "";
        }

        List<Word> finish() {
            if (!current.isEmpty() || keep) {
                end();
            }
            return done;
        }

        Word joined() {
            List<Word> all = finish();
            if (all.size() == 1) {
                return all.getFirst();
            }
            StringBuilder sb = new StringBuilder();
            boolean dyn = false;
            List<String> decoded = List.of();
            for (Word w : all) {
                sb.append(sb.isEmpty() ? "" : " ").append(w.value());
                dyn |= w.dynamic();
                decoded = decoded.isEmpty() ? normaliser.decodingStages(w) : decoded;
            }
            Word joined = new Word(sb.toString(), dyn, Optional.empty(), span);
            if (!decoded.isEmpty()) {
                normaliser.rememberDecoded(joined, decoded);
            }
            return joined;
        }
    }
}
