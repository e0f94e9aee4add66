package dev.lighthouse.policy.code;

import static dev.lighthouse.policy.yaml.YamlValues.at;
import static dev.lighthouse.policy.yaml.YamlValues.scalar;
import static dev.lighthouse.policy.yaml.YamlValues.strings;
import static dev.lighthouse.policy.yaml.YamlValues.unknownKeys;

import dev.lighthouse.policy.yaml.DidYouMean;
import dev.lighthouse.policy.yaml.PolicyException;
import dev.lighthouse.policy.yaml.Problem;
import dev.lighthouse.policy.yaml.YamlNode;
import dev.lighthouse.policy.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what interpreters' calls do ({@code interpreters.yaml}) and runs every language's examples. A schema error, an
 * unknown effect or an example that does not hold is a {@link Problem} with file, line and column; knowledge with
 * problems does not load.
 *
 * <pre>{@code
 * languages:
 *   - name: python
 *     programs: [python, python3]
 *     source: https://docs.python.org/3/library/os.html
 *     syntax: {line_comments: ["#"], quotes: "'\"", triple_quotes: true}
 *     calls:
 *       - {does: setuid, names: [os.setuid]}
 *     examples:
 *       - {code: "import os; os.setuid(0)", does: [setuid]}
 *       - {code: "print('os.setuid(0)')", not: [setuid]}
 * }</pre>
 */
public final class InterpretersParser {
    private InterpretersParser() {}

    /** The schema version this parser reads. */
    public static final int SCHEMA = 1;

    static final String BUILT_IN_NAME = "<interpreters>";
    private static final String RESOURCE = "/dev/lighthouse/policy/interpreters.yaml";
    private static final Set<String> TOP = Set.of("schema", "languages");
    private static final Set<String> LANGUAGE_KEYS = Set.of(
            "name",
            "programs",
            "source",
            "syntax",
            "calls",
            "examples",
            "socket_paths",
            "pipes_run_commands",
            "grammar",
            "script_commands",
            "commands",
            "code_options");
    private static final Set<String> COMMAND_KEYS = Set.of("names", "reads");
    private static final Set<String> SYNTAX_KEYS = Set.of(
            "line_comments",
            "block_comments",
            "quotes",
            "command_quote",
            "triple_quotes",
            "string_prefixes",
            "interpolation",
            "sigils",
            "quote_operators",
            "parenless_calls",
            "name_joiners",
            "case_insensitive",
            "dash_parameters");
    private static final Set<String> CALL_KEYS = Set.of("does", "names", "recursive");
    private static final Set<String> EXAMPLE_KEYS = Set.of("code", "does", "not", "command", "path");

    private static final class BuiltIn {
        static final CodeKnowledge KNOWLEDGE = load();
    }

    /** The built-in knowledge, loaded and checked once. */
    public static CodeKnowledge builtIn() {
        return BuiltIn.KNOWLEDGE;
    }

    private static CodeKnowledge load() {
        try (InputStream in = InterpretersParser.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the interpreter knowledge is missing from the jar: " + RESOURCE);
            }
            List<Problem> problems = new ArrayList<>();
            CodeKnowledge knowledge =
                    parse(BUILT_IN_NAME, new String(in.readAllBytes(), StandardCharsets.UTF_8), problems);
            if (!problems.isEmpty()) {
                throw new PolicyException(problems);
            }
            return knowledge;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses an interpreter knowledge file and checks its examples.
     *
     * @param problems receives every problem; the result is meaningful only when none was added
     */
    public static CodeKnowledge parse(String file, String text, List<Problem> problems) {
        YamlNode root = YamlReader.root(file, text, problems);
        if (!(root instanceof YamlNode.Mapping m)) {
            problems.add(at(file, root, "expected a mapping with `languages:`"));
            return CodeKnowledge.of(List.of());
        }
        unknownKeys(file, m, TOP, problems);
        YamlNode schema = m.values().get("schema");
        if (schema != null && !(schema instanceof YamlNode.Scalar s && s.value().equals(String.valueOf(SCHEMA)))) {
            problems.add(at(file, schema, "unsupported schema version; expected " + SCHEMA));
        }
        List<Language> languages = new ArrayList<>();
        List<YamlNode.Sequence> examples = new ArrayList<>();
        YamlNode list = m.values().get("languages");
        if (!(list instanceof YamlNode.Sequence seq)) {
            problems.add(at(file, list == null ? m : list, "`languages` must be a list"));
            return CodeKnowledge.of(List.of());
        }
        for (YamlNode item : seq.items()) {
            language(file, item, problems).ifPresent(l -> {
                languages.add(l);
                examples.add(
                        ((YamlNode.Mapping) item).values().get("examples") instanceof YamlNode.Sequence ex
                                ? ex
                                : new YamlNode.Sequence(List.of(), item.line(), item.column()));
            });
        }
        commandsRead(file, seq, languages, problems);
        CodeKnowledge knowledge = CodeKnowledge.of(languages);
        for (int i = 0; i < languages.size(); i++) {
            if (examples.get(i).items().isEmpty()) {
                problems.add(at(
                        file, seq.items().get(i), "language " + languages.get(i).name() + " needs examples"));
            }
            for (YamlNode example : examples.get(i).items()) {
                example(file, example, knowledge, languages.get(i), problems);
            }
        }
        return knowledge;
    }

    private static Optional<Language> language(String file, YamlNode node, List<Problem> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node, "each language must be a mapping, not " + node.describe()));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(file, m, LANGUAGE_KEYS, problems);
        String name = scalar(m, "name").orElse("");
        if (name.isEmpty()) {
            problems.add(at(file, m, "a language needs a `name`"));
        }
        String source = scalar(m, "source").orElse("");
        if (source.isBlank()) {
            problems.add(at(file, m, "language " + name + " needs a `source` (the language's reference)"));
        }
        List<String> programs = stringsUnder(file, m, "programs", problems);
        Syntax syntax = syntax(file, m.values().get("syntax"), m, problems);
        List<CodeCall> calls = new ArrayList<>();
        if (m.values().get("calls") instanceof YamlNode.Sequence seq) {
            for (YamlNode c : seq.items()) {
                call(file, c, problems).ifPresent(calls::add);
            }
        } else {
            problems.add(
                    at(file, m.values().getOrDefault("calls", m), "language " + name + " needs a list of `calls`"));
        }
        List<String> socketPaths = stringsUnder(file, m, "socket_paths", problems);
        boolean pipes = bool(file, m, "pipes_run_commands", problems);
        Grammar grammar = grammar(file, m, problems);
        List<DebuggerCommand> commands = new ArrayList<>();
        if (m.values().get("commands") instanceof YamlNode.Sequence seq) {
            for (YamlNode c : seq.items()) {
                debuggerCommand(file, c, problems).ifPresent(commands::add);
            }
        } else if (m.values().containsKey("commands")) {
            problems.add(at(file, m.values().get("commands"), "`commands` must be a list"));
        }
        if (grammar == Grammar.LINES && commands.isEmpty()) {
            problems.add(at(file, m, "language " + name + " reads command lines and needs `commands`"));
        }
        if (grammar != Grammar.LINES && !commands.isEmpty()) {
            problems.add(at(file, m.values().get("commands"), "`commands` belong to languages of grammar lines"));
        }
        List<String> scriptCommands = stringsUnder(file, m, "script_commands", problems);
        if (grammar != Grammar.WORDS && !scriptCommands.isEmpty()) {
            problems.add(at(
                    file, m.values().get("script_commands"), "`script_commands` belong to languages of grammar words"));
        }
        List<String> codeOptions = stringsUnder(file, m, "code_options", problems);
        if (problems.size() > before || syntax == null) {
            return Optional.empty();
        }
        return Optional.of(new Language(
                name,
                programs,
                source,
                syntax,
                calls,
                socketPaths,
                pipes,
                grammar,
                scriptCommands,
                commands,
                codeOptions));
    }

    private static Grammar grammar(String file, YamlNode.Mapping m, List<Problem> problems) {
        YamlNode n = m.values().get("grammar");
        if (n == null) {
            return Grammar.CALLS;
        }
        String value = n instanceof YamlNode.Scalar s ? s.value() : "";
        for (Grammar g : Grammar.values()) {
            if (g.label().equals(value)) {
                return g;
            }
        }
        List<String> labels =
                Arrays.stream(Grammar.values()).map(Grammar::label).toList();
        problems.add(at(
                file,
                n,
                "unknown grammar \"" + value + "\"" + DidYouMean.suggest(value, labels, '"') + "; expected one of "
                        + String.join(", ", labels)));
        return Grammar.CALLS;
    }

    private static Optional<DebuggerCommand> debuggerCommand(String file, YamlNode node, List<Problem> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node, "each command must be a mapping, not " + node.describe()));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(file, m, COMMAND_KEYS, problems);
        List<String> names = stringsUnder(file, m, "names", problems);
        if (names.isEmpty()) {
            problems.add(at(file, m, "a command needs `names`"));
        }
        String reads = scalar(m, "reads").orElse("");
        if (reads.isEmpty()) {
            problems.add(at(
                    file,
                    m,
                    "a command needs `reads`: " + String.join(", ", DebuggerReader.kinds())
                            + " or the name of a language"));
        }
        return problems.size() > before ? Optional.empty() : Optional.of(new DebuggerCommand(names, reads));
    }

    /** Every command reads a kind the reader knows or a language of the file. */
    private static void commandsRead(
            String file, YamlNode.Sequence seq, List<Language> languages, List<Problem> problems) {
        Set<String> names = new java.util.HashSet<>(DebuggerReader.kinds());
        languages.forEach(l -> names.add(l.name()));
        for (YamlNode item : seq.items()) {
            if (item instanceof YamlNode.Mapping m && m.values().get("commands") instanceof YamlNode.Sequence cs) {
                for (YamlNode c : cs.items()) {
                    if (c instanceof YamlNode.Mapping cm
                            && cm.values().get("reads") instanceof YamlNode.Scalar r
                            && !names.contains(r.value())) {
                        problems.add(at(
                                file,
                                r,
                                "unknown kind of code \"" + r.value() + "\"" + DidYouMean.suggest(r.value(), names, '"')
                                        + "; expected " + String.join(", ", DebuggerReader.kinds())
                                        + " or a language of this file"));
                    }
                }
            }
        }
    }

    private static Syntax syntax(String file, YamlNode node, YamlNode.Mapping language, List<Problem> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node == null ? language : node, "a language needs a `syntax` mapping"));
            return null;
        }
        int before = problems.size();
        unknownKeys(file, m, SYNTAX_KEYS, problems);
        List<List<String>> blocks = new ArrayList<>();
        if (m.values().get("block_comments") instanceof YamlNode.Sequence seq) {
            for (YamlNode pair : seq.items()) {
                List<String> p = pair instanceof YamlNode.Sequence ? strings(file, pair, problems) : List.of();
                if (p.size() != 2) {
                    problems.add(at(file, pair, "a block comment is [opener, closer]"));
                } else {
                    blocks.add(p);
                }
            }
        } else if (m.values().containsKey("block_comments")) {
            problems.add(at(file, m.values().get("block_comments"), "`block_comments` must be a list of pairs"));
        }
        String commandQuote = scalar(m, "command_quote").orElse("");
        if (commandQuote.length() > 1) {
            problems.add(at(file, m.values().get("command_quote"), "`command_quote` must be one character"));
        }
        Map<String, String> quoteOperators = new LinkedHashMap<>();
        YamlNode ops = m.values().get("quote_operators");
        if (ops instanceof YamlNode.Mapping om) {
            om.values().forEach((op, kind) -> {
                String k = kind instanceof YamlNode.Scalar s ? s.value() : "";
                if (!Syntax.QUOTE_KINDS.contains(k)) {
                    problems.add(at(
                            file,
                            kind,
                            "unknown quote operator kind \"" + k + "\"; expected one of "
                                    + String.join(
                                            ", ",
                                            Syntax.QUOTE_KINDS.stream().sorted().toList())));
                } else {
                    quoteOperators.put(op, k);
                }
            });
        } else if (ops != null) {
            problems.add(at(file, ops, "`quote_operators` must be a mapping of operator to kind"));
        }
        Syntax syntax = new Syntax(
                stringsUnder(file, m, "line_comments", problems),
                blocks,
                scalar(m, "quotes").orElse(""),
                commandQuote.isEmpty() ? 0 : commandQuote.charAt(0),
                bool(file, m, "triple_quotes", problems),
                scalar(m, "string_prefixes").orElse(""),
                stringsUnder(file, m, "interpolation", problems),
                scalar(m, "sigils").orElse(""),
                quoteOperators,
                bool(file, m, "parenless_calls", problems),
                scalar(m, "name_joiners").orElse(""),
                bool(file, m, "case_insensitive", problems),
                bool(file, m, "dash_parameters", problems));
        return problems.size() > before ? null : syntax;
    }

    private static Optional<CodeCall> call(String file, YamlNode node, List<Problem> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node, "each call must be a mapping, not " + node.describe()));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(file, m, CALL_KEYS, problems);
        Optional<CodeEffect> does = effect(file, m.values().get("does"), m, problems);
        does.filter(e -> !e.writable())
                .ifPresent(e -> problems.add(at(
                        file,
                        m.values().get("does"),
                        e.label() + " is found from the code's shape, not written on calls")));
        List<String> names = stringsUnder(file, m, "names", problems);
        if (names.isEmpty()) {
            problems.add(at(file, m, "a call needs `names`"));
        }
        boolean recursive = bool(file, m, "recursive", problems);
        if (problems.size() > before || does.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CodeCall(names, does.get(), recursive));
    }

    /** Runs one example: every {@code does} effect found, no {@code not} effect, the command and path if named. */
    private static void example(
            String file, YamlNode node, CodeKnowledge knowledge, Language language, List<Problem> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node, "each example must be a mapping, not " + node.describe()));
            return;
        }
        unknownKeys(file, m, EXAMPLE_KEYS, problems);
        Optional<String> code = scalar(m, "code");
        if (code.isEmpty()) {
            problems.add(at(file, m, "an example needs `code`"));
            return;
        }
        CodeFacts facts = knowledge.read(language, code.get());
        for (String key : List.of("does", "not")) {
            YamlNode wanted = m.values().get(key);
            if (wanted == null) {
                continue;
            }
            for (String label : strings(file, wanted, problems)) {
                Optional<CodeEffect> e = effect(
                        file,
                        new YamlNode.Scalar(label, YamlNode.Kind.STRING, wanted.line(), wanted.column()),
                        m,
                        problems);
                if (e.isPresent() && facts.has(e.get()) != key.equals("does")) {
                    problems.add(at(
                            file,
                            m,
                            "example `" + code.get() + "` " + (key.equals("does") ? "should" : "should not")
                                    + " be found to " + label + "; found " + labels(facts)));
                }
            }
        }
        scalar(m, "command")
                .filter(c -> !facts.commands().contains(c))
                .ifPresent(c -> problems.add(
                        at(file, m, "example `" + code.get() + "` should run `" + c + "`; runs " + facts.commands())));
        scalar(m, "path")
                .filter(p -> facts.paths().stream().noneMatch(cp -> cp.path().equals(Optional.of(p))))
                .ifPresent(p -> problems.add(at(
                        file,
                        m,
                        "example `" + code.get() + "` should act on `" + p + "`; acts on "
                                + facts.paths().stream()
                                        .map(cp -> cp.effect().label() + " "
                                                + cp.path().orElse("(run time)"))
                                        .toList())));
    }

    private static List<String> labels(CodeFacts facts) {
        return facts.effects().stream().map(CodeEffect::label).sorted().toList();
    }

    private static Optional<CodeEffect> effect(
            String file, YamlNode n, YamlNode.Mapping owner, List<Problem> problems) {
        if (!(n instanceof YamlNode.Scalar s)) {
            problems.add(n == null ? at(file, owner, "missing `does`") : at(file, n, "`does` must be a value"));
            return Optional.empty();
        }
        for (CodeEffect e : CodeEffect.values()) {
            if (e.label().equals(s.value())) {
                return Optional.of(e);
            }
        }
        List<String> labels =
                Arrays.stream(CodeEffect.values()).map(CodeEffect::label).toList();
        problems.add(at(
                file,
                n,
                "unknown effect \"" + s.value() + "\"" + DidYouMean.suggest(s.value(), labels, '"')
                        + "; expected one of " + String.join(", ", labels)));
        return Optional.empty();
    }

    /** The value or values under {@code key}; none when it is missing. */
    private static List<String> stringsUnder(String file, YamlNode.Mapping m, String key, List<Problem> problems) {
        YamlNode n = m.values().get(key);
        return n == null ? List.of() : strings(file, n, problems);
    }

    private static boolean bool(String file, YamlNode.Mapping m, String key, List<Problem> problems) {
        YamlNode n = m.values().get(key);
        if (n == null) {
            return false;
        }
        if (n instanceof YamlNode.Scalar s
                && (s.value().equals("true") || s.value().equals("false"))) {
            return Boolean.parseBoolean(s.value());
        }
        problems.add(at(file, n, "`" + key + "` must be true or false"));
        return false;
    }
}
