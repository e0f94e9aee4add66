package dev.lighthouse.policy.rules;

import static dev.lighthouse.policy.yaml.YamlValues.at;
import static dev.lighthouse.policy.yaml.YamlValues.scalar;
import static dev.lighthouse.policy.yaml.YamlValues.strings;
import static dev.lighthouse.policy.yaml.YamlValues.unknownKeys;

import dev.lighthouse.policy.facts.Capability;
import dev.lighthouse.policy.facts.OpKind;
import dev.lighthouse.policy.facts.ProgramRegistry;
import dev.lighthouse.policy.facts.ProgramRegistry.Bound;
import dev.lighthouse.policy.facts.ProgramRegistry.Entry;
import dev.lighthouse.policy.facts.ProgramRegistry.ModuleRun;
import dev.lighthouse.policy.facts.ProgramRegistry.Payload;
import dev.lighthouse.policy.facts.ProgramRegistry.Program;
import dev.lighthouse.policy.facts.ProgramRegistry.ReadOnlyWith;
import dev.lighthouse.policy.facts.ProgramRegistry.ReaderUse;
import dev.lighthouse.policy.facts.Reader;
import dev.lighthouse.policy.facts.ReaderCheck;
import dev.lighthouse.policy.facts.Scope;
import dev.lighthouse.policy.facts.Signal;
import dev.lighthouse.policy.facts.WordList;
import dev.lighthouse.policy.yaml.DidYouMean;
import dev.lighthouse.policy.yaml.PolicyException;
import dev.lighthouse.policy.yaml.Problem;
import dev.lighthouse.policy.yaml.YamlNode;
import dev.lighthouse.policy.yaml.YamlReader;
import dev.lighthouse.shell.Command;
import dev.lighthouse.shell.ShellAnalyser;
import dev.lighthouse.shell.ShellContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the capability registry ({@code programs.yaml}, and the {@code programs:} section of a policy layer) and runs
 * every entry's examples. A schema error, an unknown capability or an example that does not hold is a
 * {@link Problem} with file, line and column; a registry with problems does not load.
 *
 * <pre>{@code
 * programs:
 *   - names: [git]
 *     source: https://git-scm.com/docs/git-branch
 *     subcommands: 1
 *     value_options: [-C, -c]
 *     facts:
 *       - {does: destroys, words: [branch], options: [-D]}
 *     examples:
 *       - {command: git branch -D old, does: destroys}
 *       - {command: git branch -d old, not: destroys}
 * }</pre>
 */
public final class ProgramsParser {
    private ProgramsParser() {}

    /** The schema version this parser reads. */
    public static final int SCHEMA = 1;

    static final String BUILT_IN_NAME = "<programs>";

    /**
     * The built-in registry's files, by family, in load order: {@code programs.yaml} first, then one file per family
     * of the long tail. A program name may be described in only one of them.
     */
    public static final List<String> RESOURCES = List.of(
            "/dev/lighthouse/policy/programs.yaml",
            "/dev/lighthouse/policy/programs-unix.yaml",
            "/dev/lighthouse/policy/programs-macos.yaml",
            "/dev/lighthouse/policy/programs-data.yaml",
            "/dev/lighthouse/policy/programs-dev.yaml",
            "/dev/lighthouse/policy/programs-packages.yaml",
            "/dev/lighthouse/policy/programs-cloud.yaml",
            "/dev/lighthouse/policy/programs-managed.yaml",
            "/dev/lighthouse/policy/programs-gtfobins.yaml",
            "/dev/lighthouse/policy/programs-system.yaml");

    /** The keys of a registry file: its schema, its programs and every generic word list. */
    private static final Set<String> TOP = Stream.concat(
                    Stream.of("schema", "programs"),
                    Arrays.stream(WordList.values()).map(WordList::key))
            .collect(Collectors.toUnmodifiableSet());

    private static final Set<String> PROGRAM_KEYS = Set.of(
            "names",
            "source",
            "subcommands",
            "verbs",
            "changes",
            "keeps_secrets",
            "value_options",
            "subcommand_value_options",
            "facts",
            "read_only",
            "local",
            "reader",
            "read_only_with",
            "modules",
            "version_options",
            "action_options",
            "examples");
    private static final Set<String> READER_KEYS = Set.of("as", "names", "when", "unless");
    private static final Set<String> READ_ONLY_WITH_KEYS = Set.of("options", "names", "scope");
    private static final Set<String> MODULE_KEYS = Set.of("option", "script", "runner", "names", "words");
    private static final Set<String> BOUND_KEYS = Set.of("words", "exact", "with", "unless");
    private static final Set<String> FACT_KEYS = Set.of(
            "does", "signal", "words", "options", "args", "option", "values", "payload", "env", "unless", "tree");
    private static final Set<String> EXAMPLE_KEYS = Set.of("command", "does", "not");
    private static final String EXAMPLE_HOME = "/home/dev";
    private static final ShellContext EXAMPLE_CONTEXT = ShellContext.of("/home/dev/app", EXAMPLE_HOME);

    private static final class BuiltIn {
        static final ProgramRegistry REGISTRY = load();
    }

    /** The built-in registry, loaded and checked once. */
    public static ProgramRegistry builtIn() {
        return BuiltIn.REGISTRY;
    }

    /**
     * Reads and checks the built-in files afresh: {@link #builtIn()} keeps the first result for the JVM, so tests
     * that must see a change to how facts are read call this.
     *
     * @throws PolicyException with every problem when a file or an example does not hold
     */
    static ProgramRegistry load() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String resource : RESOURCES) {
            try (InputStream in = ProgramsParser.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the capability registry is missing from the jar: " + resource);
                }
                files.put(builtInName(resource), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry registry = parseAll(files, problems);
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return registry;
    }

    /** {@code <programs>} for {@code programs.yaml}, {@code <programs-unix>} for {@code programs-unix.yaml}. */
    static String builtInName(String resource) {
        String file = resource.substring(resource.lastIndexOf('/') + 1);
        return "<" + file.substring(0, file.length() - ".yaml".length()) + ">";
    }

    /**
     * Parses registry files in order, each on top of the ones before it, where (unlike a policy layer, which may
     * replace a built-in family) a program name described by an earlier file is a problem at the later one's
     * {@code names}: one name, one family.
     *
     * @param files file name to text, in load order
     */
    static ProgramRegistry parseAll(Map<String, String> files, List<Problem> problems) {
        ProgramRegistry registry = ProgramRegistry.empty();
        Map<String, String> describedIn = new HashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            YamlNode root = YamlReader.root(file.getKey(), file.getValue(), problems);
            if (root instanceof YamlNode.Mapping m && m.values().get("programs") instanceof YamlNode.Sequence seq) {
                for (YamlNode item : seq.items()) {
                    if (item instanceof YamlNode.Mapping p && p.values().get("names") instanceof YamlNode.Sequence ns) {
                        for (YamlNode n : ns.items()) {
                            if (n instanceof YamlNode.Scalar s) {
                                String where = file.getKey() + ":" + s.line();
                                String earlier = describedIn.putIfAbsent(s.value(), where);
                                if (earlier != null) {
                                    problems.add(at(
                                            file.getKey(),
                                            s,
                                            "program \"" + s.value() + "\" is already described at " + earlier
                                                    + "; a name belongs to one family"));
                                }
                            }
                        }
                    }
                }
            }
            registry = parse(file.getKey(), root, registry, problems);
        }
        return registry;
    }

    /**
     * Parses a registry file on top of {@code base} and checks its examples against the result.
     *
     * @param problems receives every problem; the returned registry is meaningful only when none was added
     */
    public static ProgramRegistry parse(String file, String text, ProgramRegistry base, List<Problem> problems) {
        return parse(file, YamlReader.root(file, text, problems), base, problems);
    }

    private static ProgramRegistry parse(String file, YamlNode root, ProgramRegistry base, List<Problem> problems) {
        if (!(root instanceof YamlNode.Mapping m)) {
            problems.add(new Problem(file, root.line(), root.column(), "expected a mapping with `programs:`"));
            return base;
        }
        unknownKeys(file, m, TOP, problems);
        YamlNode schema = m.values().get("schema");
        if (schema != null && !(schema instanceof YamlNode.Scalar s && s.value().equals(String.valueOf(SCHEMA)))) {
            problems.add(at(file, schema, "unsupported schema version; expected " + SCHEMA));
        }
        return base.extend(section(file, m, base, problems));
    }

    /** The words listed under {@code key} (none when it is absent). */
    private static Set<String> words(String file, YamlNode.Mapping m, String key, List<Problem> problems) {
        YamlNode node = m.values().get(key);
        return node == null ? new LinkedHashSet<>() : new LinkedHashSet<>(strings(file, node, problems));
    }

    /**
     * The {@code verbs:} and {@code programs:} of a mapping (a registry file, or a policy layer), as additions to
     * {@code base}; every example is checked against {@code base} with the additions.
     */
    static ProgramRegistry section(String file, YamlNode.Mapping m, ProgramRegistry base, List<Problem> problems) {
        Map<WordList, Set<String>> words = new EnumMap<>(WordList.class);
        for (WordList list : WordList.values()) {
            words.put(list, words(file, m, list.key(), problems));
        }
        List<Program> programs = new ArrayList<>();
        List<YamlNode.Sequence> exampleLists = new ArrayList<>();
        YamlNode list = m.values().get("programs");
        if (list != null) {
            if (!(list instanceof YamlNode.Sequence seq)) {
                problems.add(at(file, list, "`programs` must be a list, not " + list.describe()));
            } else {
                for (YamlNode item : seq.items()) {
                    program(file, item, problems).ifPresent(p -> {
                        programs.add(p);
                        if (((YamlNode.Mapping) item).values().get("examples") instanceof YamlNode.Sequence ex) {
                            exampleLists.add(ex);
                        }
                    });
                }
            }
        }
        ProgramRegistry additions = ProgramRegistry.empty().extend(programs, words);
        ProgramRegistry merged = base.extend(additions);
        for (YamlNode.Sequence examples : exampleLists) {
            for (YamlNode example : examples.items()) {
                example(file, example, merged, problems);
            }
        }
        return additions;
    }

    private static Optional<Program> program(String file, YamlNode node, List<Problem> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node, "each program must be a mapping, not " + node.describe()));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(file, m, PROGRAM_KEYS, problems);
        List<String> names =
                m.values().containsKey("names") ? strings(file, m.values().get("names"), problems) : List.of();
        if (names.isEmpty()) {
            problems.add(at(file, m, "a program needs `names`"));
        }
        String source = scalar(m, "source").orElse("");
        if (source.isBlank()) {
            problems.add(at(file, m, "program " + names + " needs a `source` (man page, vendor docs, technique)"));
        }
        int depth = 1;
        YamlNode sub = m.values().get("subcommands");
        if (sub != null) {
            if (sub instanceof YamlNode.Scalar s && s.value().matches("[0-3]")) {
                depth = Integer.parseInt(s.value());
            } else {
                problems.add(at(file, sub, "`subcommands` must be 0, 1, 2 or 3"));
            }
        }
        boolean verbs = true;
        YamlNode verbsNode = m.values().get("verbs");
        if (verbsNode != null) {
            if (verbsNode instanceof YamlNode.Scalar s
                    && (s.value().equals("true") || s.value().equals("false"))) {
                verbs = Boolean.parseBoolean(s.value());
            } else {
                problems.add(at(file, verbsNode, "`verbs` must be true or false"));
            }
        }
        // `changes: true`, or the list of subcommands that change nothing though they are not reads (bound syntax)
        boolean changes = false;
        List<Bound> unchanged = new ArrayList<>();
        YamlNode changesNode = m.values().get("changes");
        if (changesNode instanceof YamlNode.Sequence) {
            changes = true;
            bounds(file, Scope.LOCAL, changesNode, problems, unchanged);
        } else if (changesNode != null) {
            if (changesNode instanceof YamlNode.Scalar s
                    && (s.value().equals("true") || s.value().equals("false"))) {
                changes = Boolean.parseBoolean(s.value());
            } else {
                problems.add(at(
                        file,
                        changesNode,
                        "`changes` must be true, false or a list of subcommands that change nothing"));
            }
        }
        Set<String> valueOptions = m.values().containsKey("value_options")
                ? new LinkedHashSet<>(strings(file, m.values().get("value_options"), problems))
                : Set.of();
        // Options that take a value only after one subcommand: `git clone -b BRANCH`, while `git diff -b` takes none.
        Map<String, Set<String>> subcommandValueOptions = new LinkedHashMap<>();
        YamlNode perSubcommand = m.values().get("subcommand_value_options");
        if (perSubcommand instanceof YamlNode.Mapping sm) {
            sm.values().forEach((subcommand, options) -> {
                List<String> given = strings(file, options, problems);
                for (String option : given) {
                    if (!option.startsWith("-")) {
                        problems.add(at(file, options, "value option \"" + option + "\" must start with -"));
                    }
                }
                subcommandValueOptions.put(subcommand, new LinkedHashSet<>(given));
            });
        } else if (perSubcommand != null) {
            problems.add(at(
                    file,
                    perSubcommand,
                    "`subcommand_value_options` must map a subcommand to its options, not "
                            + perSubcommand.describe()));
        }
        List<Entry> entries = new ArrayList<>();
        YamlNode facts = m.values().get("facts");
        if (facts instanceof YamlNode.Sequence seq) {
            for (YamlNode f : seq.items()) {
                entry(file, f, problems).ifPresent(entries::add);
            }
        } else if (facts != null) {
            problems.add(at(file, facts, "`facts` must be a list, not " + facts.describe()));
        }
        List<Bound> bounds = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            YamlNode b = m.values().get(scope.label());
            if (b != null) {
                bounds(file, scope, b, problems, bounds);
            }
        }
        List<ReaderUse> readers = new ArrayList<>();
        YamlNode reader = m.values().get("reader");
        if (reader != null) {
            readers(file, reader, names, problems, readers);
        }
        List<ReadOnlyWith> readOnlyWith = new ArrayList<>();
        YamlNode onlyReads = m.values().get("read_only_with");
        if (onlyReads != null) {
            readOnlyWith(file, onlyReads, names, problems, readOnlyWith);
        }
        List<ModuleRun> modules = new ArrayList<>();
        YamlNode modulesNode = m.values().get("modules");
        if (modulesNode != null) {
            List<YamlNode> items = modulesNode instanceof YamlNode.Sequence seq ? seq.items() : List.of(modulesNode);
            for (YamlNode item : items) {
                moduleRun(file, item, names, problems).ifPresent(modules::add);
            }
        }
        Set<String> versionOptions = m.values().containsKey("version_options")
                ? new LinkedHashSet<>(strings(file, m.values().get("version_options"), problems))
                : Set.of();
        // Options that name the action of a tool that has no subcommands (`kafka-topics --delete`), each read as a
        // verb.
        List<String> actionOptions = m.values().containsKey("action_options")
                ? strings(file, m.values().get("action_options"), problems)
                : List.of();
        for (String option : actionOptions) {
            if (!option.startsWith("-")) {
                problems.add(at(
                        file, m.values().get("action_options"), "action option \"" + option + "\" must start with -"));
            }
        }
        boolean keepsSecrets = false;
        YamlNode keepsNode = m.values().get("keeps_secrets");
        if (keepsNode != null) {
            if (keepsNode instanceof YamlNode.Scalar s
                    && (s.value().equals("true") || s.value().equals("false"))) {
                keepsSecrets = Boolean.parseBoolean(s.value());
            } else {
                problems.add(at(file, keepsNode, "`keeps_secrets` must be true or false"));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Program(
                names,
                source,
                depth,
                verbs,
                valueOptions,
                subcommandValueOptions,
                entries,
                bounds,
                readers,
                readOnlyWith,
                modules,
                changes,
                unchanged,
                versionOptions,
                actionOptions,
                keepsSecrets));
    }

    /**
     * {@code reader: reads} (every name of the family), {@code reader: {as: formats, when: [luksFormat]}}, or a list
     * of such mappings, each for some of the family's {@code names}.
     */
    private static void readers(
            String file, YamlNode node, List<String> family, List<Problem> problems, List<ReaderUse> out) {
        switch (node) {
            case YamlNode.Scalar s ->
                reader(file, s, s.value(), problems)
                        .ifPresent(r -> out.add(new ReaderUse(r, List.of(), List.of(), List.of())));
            case YamlNode.Mapping m -> readerUse(file, m, family, problems).ifPresent(out::add);
            case YamlNode.Sequence seq -> {
                // A program may have several readers when each before the last is conditional (`when`): the first
                // that applies is used (`jq -n env` prints the environment, `jq .a f.json` reads f.json).
                Map<String, YamlNode> covered = new HashMap<>();
                for (YamlNode item : seq.items()) {
                    if (!(item instanceof YamlNode.Mapping m)) {
                        problems.add(at(
                                file,
                                item,
                                "each `reader` of a list must be a mapping with `as` and `names`, not "
                                        + item.describe()));
                        continue;
                    }
                    readerUse(file, m, family, problems).ifPresent(use -> {
                        if (use.names().isEmpty()) {
                            problems.add(at(file, m, "a `reader` in a list needs the `names` it is for"));
                        }
                        for (String name : use.names()) {
                            if (covered.putIfAbsent(name, m) != null) {
                                if (covered.get(name) instanceof YamlNode.Mapping earlier
                                        && earlier.values().containsKey("when")) {
                                    covered.put(name, m);
                                    continue;
                                }
                                problems.add(at(
                                        file,
                                        m,
                                        "program \"" + name + "\" already has a `reader` at line "
                                                + covered.get(name).line()));
                            }
                        }
                        out.add(use);
                    });
                }
            }
        }
    }

    /**
     * {@code read_only_with: ["-l", "--list"]} (every name of the family), {@code read_only_with: {options: ["-c"],
     * names: ["visudo"]}}, or a list of such mappings.
     */
    private static void readOnlyWith(
            String file, YamlNode node, List<String> family, List<Problem> problems, List<ReadOnlyWith> out) {
        switch (node) {
            case YamlNode.Mapping m ->
                readOnlyWithMapping(file, m, family, problems).ifPresent(out::add);
            case YamlNode.Sequence seq
            when seq.items().stream().allMatch(i -> i instanceof YamlNode.Scalar) -> {
                List<String> options = strings(file, seq, problems);
                if (options.isEmpty()) {
                    problems.add(at(file, seq, "`read_only_with` needs at least one option"));
                } else {
                    out.add(new ReadOnlyWith(options, List.of(), Optional.of(Scope.READ_ONLY)));
                }
            }
            case YamlNode.Sequence seq -> {
                for (YamlNode item : seq.items()) {
                    if (item instanceof YamlNode.Mapping m) {
                        readOnlyWithMapping(file, m, family, problems).ifPresent(out::add);
                    } else {
                        problems.add(at(
                                file,
                                item,
                                "each `read_only_with` of a list of mappings must be a mapping with `options`, not "
                                        + item.describe()));
                    }
                }
            }
            case YamlNode.Scalar s ->
                problems.add(at(
                        file,
                        s,
                        "`read_only_with` must be a list of options or mappings with `options` and `names`, not "
                                + s.describe()));
        }
    }

    private static Optional<ReadOnlyWith> readOnlyWithMapping(
            String file, YamlNode.Mapping m, List<String> family, List<Problem> problems) {
        int before = problems.size();
        unknownKeys(file, m, READ_ONLY_WITH_KEYS, problems);
        List<String> options =
                m.values().containsKey("options") ? strings(file, m.values().get("options"), problems) : List.of();
        if (options.isEmpty()) {
            problems.add(at(file, m, "`read_only_with` needs the `options` that make the call only read"));
        }
        for (String option : options) {
            if (!option.startsWith("-")) {
                problems.add(at(
                        file,
                        m.values().get("options"),
                        "`read_only_with` option \"" + option + "\" must start with -"));
            }
        }
        List<String> names =
                m.values().containsKey("names") ? strings(file, m.values().get("names"), problems) : List.of();
        for (String name : names) {
            if (!family.contains(name)) {
                problems.add(at(
                        file,
                        m.values().get("names"),
                        "`read_only_with` names \"" + name + "\", which is not one of this family's `names`"));
            }
        }
        Optional<Scope> scope = Optional.of(Scope.READ_ONLY);
        YamlNode scopeNode = m.values().get("scope");
        if (scopeNode != null) {
            String label = scopeNode instanceof YamlNode.Scalar v ? v.value() : scopeNode.describe();
            scope = Arrays.stream(Scope.values())
                    .filter(v -> v.label().equals(label))
                    .findFirst();
            if (scope.isEmpty() && !label.equals("none")) {
                problems.add(at(file, scopeNode, "unknown scope \"" + label + "\"; expected read_only, local or none"));
            }
        }
        return problems.size() > before ? Optional.empty() : Optional.of(new ReadOnlyWith(options, names, scope));
    }

    /** {@code modules: {option: -m, names: [python3]}}: how the family's names run a module by name. */
    private static Optional<ModuleRun> moduleRun(
            String file, YamlNode node, List<String> family, List<Problem> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node, "`modules` must be a mapping with `option`, not " + node.describe()));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(file, m, MODULE_KEYS, problems);
        // `script: true`: the script operand names the program by its file name (`python manage.py flush`).
        boolean script = scalar(m, "script").map("true"::equals).orElse(false);
        Optional<String> option = script ? Optional.of("") : scalar(m, "option");
        if (option.isEmpty() || !script && !option.get().startsWith("-")) {
            problems.add(
                    at(file, m, "`modules` needs the `option` that names the module (such as -m), or `script: true`"));
        }
        List<String> names =
                m.values().containsKey("names") ? strings(file, m.values().get("names"), problems) : List.of();
        for (String name : names) {
            if (!family.contains(name)) {
                problems.add(at(
                        file,
                        m.values().get("names"),
                        "`modules` names \"" + name + "\", which is not one of this family's `names`"));
            }
        }
        List<String> words =
                m.values().containsKey("words") ? strings(file, m.values().get("words"), problems) : List.of();
        // `runner: true`: the runner's own facts stay beside the program's (`npx prisma migrate reset` may fetch
        // prisma).
        boolean runner = scalar(m, "runner").map("true"::equals).orElse(false);
        if (runner && !script) {
            problems.add(at(file, m, "`runner: true` reads the program the runner starts, so it needs `script: true`"));
        }
        return problems.size() > before
                ? Optional.empty()
                : Optional.of(new ModuleRun(option.get(), names, words, runner));
    }

    private static Optional<ReaderUse> readerUse(
            String file, YamlNode.Mapping m, List<String> family, List<Problem> problems) {
        int before = problems.size();
        unknownKeys(file, m, READER_KEYS, problems);
        YamlNode as = m.values().get("as");
        Optional<Reader> reader = Optional.empty();
        if (as instanceof YamlNode.Scalar s) {
            reader = reader(file, s, s.value(), problems);
        } else {
            problems.add(
                    as == null
                            ? at(file, m, "a `reader` needs `as`: one of " + readerLabels())
                            : at(file, as, "`as` must be a value"));
        }
        List<String> names =
                m.values().containsKey("names") ? strings(file, m.values().get("names"), problems) : List.of();
        for (String name : names) {
            if (!family.contains(name)) {
                problems.add(at(
                        file,
                        m.values().get("names"),
                        "`reader` names \"" + name + "\", which is not one of this family's `names`"));
            }
        }
        List<String> when =
                m.values().containsKey("when") ? strings(file, m.values().get("when"), problems) : List.of();
        List<String> unless =
                m.values().containsKey("unless") ? strings(file, m.values().get("unless"), problems) : List.of();
        if (problems.size() > before || reader.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReaderUse(reader.get(), names, when, unless));
    }

    private static Optional<Reader> reader(String file, YamlNode where, String label, List<Problem> problems) {
        for (Reader r : Reader.values()) {
            if (r.label().equals(label)) {
                return Optional.of(r);
            }
        }
        List<String> labels = Arrays.stream(Reader.values()).map(Reader::label).toList();
        problems.add(at(
                file,
                where,
                "unknown reader \"" + label + "\"" + DidYouMean.suggest(label, labels, '"') + "; expected one of "
                        + readerLabels()));
        return Optional.empty();
    }

    private static String readerLabels() {
        return String.join(
                ", ", Arrays.stream(Reader.values()).map(Reader::label).toList());
    }

    /**
     * {@code read_only: true} (every invocation), {@code read_only: {unless: [-o]}}, or a list of subcommands, each
     * {@code "stash list"} (leading words) or {@code {words: branch, exact: true, with: [-a], unless: [-D]}}.
     */
    private static void bounds(String file, Scope scope, YamlNode node, List<Problem> problems, List<Bound> out) {
        String key = "`" + scope.label() + "`";
        switch (node) {
            case YamlNode.Scalar s
            when s.value().equals("true") -> out.add(new Bound(scope, List.of(), false, List.of(), List.of()));
            case YamlNode.Scalar s
            when !s.value().equals("false") ->
                problems.add(at(file, s, key + " must be true, a mapping or a list of subcommands, not " + s.value()));
            case YamlNode.Scalar s -> {}
            case YamlNode.Mapping m -> bound(file, scope, m, problems).ifPresent(out::add);
            case YamlNode.Sequence seq -> {
                for (YamlNode item : seq.items()) {
                    switch (item) {
                        case YamlNode.Scalar s ->
                            out.add(new Bound(scope, words(s.value()), false, List.of(), List.of()));
                        case YamlNode.Mapping m ->
                            bound(file, scope, m, problems).ifPresent(out::add);
                        case YamlNode.Sequence q ->
                            problems.add(at(
                                    file, q, "each subcommand of " + key + " must be words or a mapping, not a list"));
                    }
                }
            }
        }
    }

    private static Optional<Bound> bound(String file, Scope scope, YamlNode.Mapping m, List<Problem> problems) {
        int before = problems.size();
        unknownKeys(file, m, BOUND_KEYS, problems);
        List<String> words = scalar(m, "words").map(ProgramsParser::words).orElse(List.of());
        boolean exact = false;
        YamlNode exactNode = m.values().get("exact");
        if (exactNode != null) {
            if (exactNode instanceof YamlNode.Scalar s
                    && (s.value().equals("true") || s.value().equals("false"))) {
                exact = Boolean.parseBoolean(s.value());
            } else {
                problems.add(at(file, exactNode, "`exact` must be true or false"));
            }
        }
        List<String> with =
                m.values().containsKey("with") ? strings(file, m.values().get("with"), problems) : List.of();
        List<String> unless =
                m.values().containsKey("unless") ? strings(file, m.values().get("unless"), problems) : List.of();
        return problems.size() > before ? Optional.empty() : Optional.of(new Bound(scope, words, exact, with, unless));
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    private static Optional<Entry> entry(String file, YamlNode node, List<Problem> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node, "each fact must be a mapping, not " + node.describe()));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(file, m, FACT_KEYS, problems);
        Capability does = enumValue(file, m, "does", Capability.values(), Capability::label, problems);
        Signal signal = m.values().containsKey("signal")
                ? enumValue(file, m, "signal", Signal.values(), Signal::label, problems)
                : null;
        Payload payload = m.values().containsKey("payload")
                ? enumValue(file, m, "payload", Payload.values(), Payload::label, problems)
                : Payload.NONE;
        List<String> words =
                m.values().containsKey("words") ? strings(file, m.values().get("words"), problems) : List.of();
        List<String> options =
                m.values().containsKey("options") ? strings(file, m.values().get("options"), problems) : List.of();
        List<String> args =
                m.values().containsKey("args") ? strings(file, m.values().get("args"), problems) : List.of();
        Optional<String> option = scalar(m, "option");
        List<String> env =
                m.values().containsKey("env") ? strings(file, m.values().get("env"), problems) : List.of();
        List<String> values =
                m.values().containsKey("values") ? strings(file, m.values().get("values"), problems) : List.of();
        List<String> unless =
                m.values().containsKey("unless") ? strings(file, m.values().get("unless"), problems) : List.of();
        if (option.isEmpty()
                && !(payload == Payload.VALUE && !env.isEmpty())
                && (payload == Payload.VALUE
                        || payload == Payload.AFTER_EQUALS
                        || payload == Payload.AFTER_BANG
                        || payload == Payload.AFTER_AT
                        || payload == Payload.APPLESCRIPT
                        || payload == Payload.COMMAND)) {
            problems.add(at(
                    file,
                    m,
                    "payload " + payload.label() + " needs an `option`" + (payload == Payload.VALUE ? " or `env`" : "")
                            + " whose value it is"));
        }
        boolean tree = scalar(m, "tree").map("true"::equals).orElse(false);
        if (tree && does != Capability.READS && does != Capability.SENDS) {
            problems.add(at(file, m, "`tree` says how files are read: only for reads or sends"));
        }
        if (problems.size() > before || does == null || payload == null) {
            return Optional.empty();
        }
        return Optional.of(new Entry(
                does, Optional.ofNullable(signal), words, options, args, option, values, payload, env, unless, tree));
    }

    /** The variables set for the command ({@code GIT_PAGER=less git log}), by name. */
    private static Map<String, String> variables(Command c) {
        Map<String, String> env = new java.util.HashMap<>();
        c.assignments().forEach(a -> env.put(a.name(), a.value().value()));
        return env;
    }

    /** Runs one example against the registry: {@code does} must all be found, {@code not} none. */
    private static void example(String file, YamlNode node, ProgramRegistry registry, List<Problem> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node, "each example must be a mapping, not " + node.describe()));
            return;
        }
        unknownKeys(file, m, EXAMPLE_KEYS, problems);
        Optional<String> command = scalar(m, "command");
        if (command.isEmpty()) {
            problems.add(at(file, m, "an example needs a `command`"));
            return;
        }
        List<Command> commands =
                ShellAnalyser.analyse(command.get(), EXAMPLE_CONTEXT).commands();
        if (commands.isEmpty()) {
            problems.add(at(file, m, "example `" + command.get() + "` has no command"));
            return;
        }
        // the example's own command, not a substitution that feeds it an argument (strace -p $(pgrep -n sshd))
        Command c = commands.stream()
                .filter(x -> !x.has(dev.lighthouse.shell.Trait.SUBSTITUTION))
                .findFirst()
                .orElse(commands.getFirst());
        // as the command reader asks: a program nobody described keeps its path (a project's script, an installed tool)
        String program =
                c.programAsWritten().indexOf('/') >= 0 && !registry.programs().containsKey(c.program())
                        ? c.programAsWritten()
                        : c.program();
        ProgramRegistry.Found found = registry.find(
                program, c.argValues(), variables(c), !(c.stdin() instanceof dev.lighthouse.shell.Input.Inherited));
        ReaderCheck.Read read = null;
        for (String key : List.of("does", "not")) {
            YamlNode wanted = m.values().get(key);
            if (wanted == null) {
                continue;
            }
            for (String label : strings(file, wanted, problems)) {
                Optional<Capability> cap = Arrays.stream(Capability.values())
                        .filter(v -> v.label().equals(label))
                        .findFirst();
                Optional<Signal> sig = Arrays.stream(Signal.values())
                        .filter(v -> v.label().equals(label))
                        .findFirst();
                Optional<Scope> scope = Arrays.stream(Scope.values())
                        .filter(v -> v.label().equals(label))
                        .findFirst();
                Optional<OpKind> op = Arrays.stream(OpKind.values())
                        .filter(v -> v.label().equals(label))
                        .findFirst();
                if (cap.isEmpty() && sig.isEmpty() && scope.isEmpty() && op.isEmpty()) {
                    problems.add(at(
                            file,
                            wanted,
                            "unknown capability \"" + label + "\""
                                    + DidYouMean.suggest(
                                            label,
                                            Arrays.stream(Capability.values())
                                                    .map(Capability::label)
                                                    .toList(),
                                            '"')));
                    continue;
                }
                if (read == null && (op.isPresent() || sig.isPresent())) {
                    read = ReaderCheck.read(c, registry, EXAMPLE_CONTEXT.cwd(), EXAMPLE_HOME);
                }
                boolean has = cap.map(found.capabilities()::contains).orElse(false)
                        || sig.map(found.signals()::contains).orElse(false)
                        || (scope.isPresent() && found.scope().equals(scope))
                        || (read != null
                                && (op.map(read.ops()::contains).orElse(false)
                                        || sig.map(read.signals()::contains).orElse(false)));
                if (has != key.equals("does")) {
                    problems.add(at(
                            file,
                            m,
                            "example `" + command.get() + "` "
                                    + (key.equals("does") ? "should" : "should not") + " be found to " + label
                                    + "; found " + found.capabilities()
                                    + found.scope().map(v -> ", " + v.label()).orElse("")));
                }
            }
        }
    }

    private static <E> E enumValue(
            String file,
            YamlNode.Mapping m,
            String key,
            E[] values,
            java.util.function.Function<E, String> label,
            List<Problem> problems) {
        YamlNode n = m.values().get(key);
        if (!(n instanceof YamlNode.Scalar s)) {
            problems.add(
                    n == null ? at(file, m, "missing `" + key + "`") : at(file, n, "`" + key + "` must be a value"));
            return null;
        }
        for (E v : values) {
            if (label.apply(v).equals(s.value())) {
                return v;
            }
        }
        List<String> labels = Arrays.stream(values).map(label).toList();
        problems.add(at(
                file,
                n,
                "unknown " + key + " \"" + s.value() + "\"" + DidYouMean.suggest(s.value(), labels, '"')
                        + "; expected one of " + String.join(", ", labels)));
        return null;
    }
}
