package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.yaml.MalformedYamlException;
import dev.lighthouse.policy.yaml.YamlNode;
import dev.lighthouse.policy.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which paths are which kind of place, as data ({@code places.yaml}): per path class, places relative to the home
 * directory and absolute system places; each matches itself and everything under it (an entry ending in {@code _} or
 * {@code /cron} is a prefix). {@link PathClassifier} reads them; the file's examples run as a test.
 *
 * @param home places relative to the home directory, by class
 * @param system absolute places, by class
 * @param secretNames files that hold credentials by what they are called, wherever they are
 * @param examples paths with the classes they must and must not have
 * @param writtenFiles what a written file runs, by what it is: the first kind that matches a path decides
 */
public record Places(
        Map<PathClass, List<String>> home,
        Map<PathClass, List<String>> system,
        FileNames secretNames,
        List<Example> examples,
        List<WrittenFile> writtenFiles) {
    static final String RESOURCE = "/dev/lighthouse/policy/places.yaml";
    private static final int SCHEMA = 1;
    private static final Set<String> TOP = Set.of("schema", "classes", "examples", "written_files");
    private static final Set<String> WRITTEN_KEYS = Set.of(
            "reads",
            "source",
            "program",
            "names",
            "suffixes",
            "name_prefixes",
            "path_prefixes",
            "path_ends",
            "path_contains",
            "except_suffixes",
            "shebang",
            "runs_code",
            "command_keys",
            "argument_keys",
            "tables",
            "setting_command",
            "set_by",
            "examples");
    private static final Set<String> CLASS_KEYS =
            Set.of("source", "home", "system", "names", "suffixes", "name_prefixes", "path_ends", "except_suffixes");
    private static final Set<String> EXAMPLE_KEYS = Set.of("path", "is", "not");
    /** The classes that are places (the others come from the call: project, temp, dynamic, ...). */
    /** The readers that find commands under the keys a kind names. */
    private static final Set<Reader> NEEDS_COMMAND_KEYS =
            Set.of(Reader.JSON_COMMANDS, Reader.JSON_COMMAND_LINES, Reader.INI_COMMANDS, Reader.QUOTED_VALUES);

    private static final Set<PathClass> PLACE_CLASSES = Set.of(
            PathClass.HISTORY,
            PathClass.SHELL_STARTUP,
            PathClass.SECRET,
            PathClass.PERSISTENCE,
            PathClass.PRIVILEGE_CONFIG,
            PathClass.BUILD_OUTPUT);

    public Places {
        home = Map.copyOf(home);
        system = Map.copyOf(system);
        requireNonNull(secretNames, "secretNames");
        examples = List.copyOf(examples);
        writtenFiles = List.copyOf(writtenFiles);
    }

    /** How the commands of a written file are found in its text. */
    public enum Reader {
        /** The whole file is shell. */
        SHELL,
        /**
         * A Makefile: its recipe lines (tab-indented), with make's {@code $(VAR)} and {@code $$}, and the commands of
         * {@code $(shell …)} outside recipes (make runs them while it reads the file, whatever target is asked for).
         */
        MAKE_RECIPES,
        /** A justfile: its recipe lines (indented by spaces or tabs), without just's {@code @} and {@code -} marks. */
        INDENTED_RECIPES,
        /**
         * A Dockerfile: its {@code RUN} instructions, and the {@code CMD}, {@code ENTRYPOINT} and {@code HEALTHCHECK}
         * commands its containers run (continuation lines joined, {@code --mount}, {@code --interval} and other flags
         * dropped, the JSON exec form read as an argument vector). They run inside the image or its containers, not on
         * the host: what they do to the image's own files is the image's business.
         */
        DOCKERFILE_RUN,
        /** A crontab: each line's command after the schedule (and the user field of system crontabs). */
        CRONTAB,
        /** A systemd unit: its {@code Exec*=} lines. */
        UNIT_EXEC,
        /** A package manifest: the values of {@code scripts} (npm lifecycle scripts run on install). */
        PACKAGE_SCRIPTS,
        /** A CI file: its {@code run:}/{@code script:}/{@code commands:} steps. */
        CI_STEPS,
        /** A {@code .pth} file: its {@code import} lines run as Python at every interpreter start. */
        PYTHON_IMPORTS,
        /** Source code, read by the interpreter code reader of {@code program}. */
        CODE,
        /**
         * Build scripts in a language without a code reader here (Gradle's Groovy and Kotlin, Jenkinsfiles, Cargo's
         * {@code build.rs}, Maven's exec and antrun plugins): the string arguments of the calls that start processes
         * ({@code commandLine}, {@code executable}, {@code "…".execute()}, {@code ProcessBuilder}, {@code exec},
         * {@code Command::new}, Jenkins' {@code sh}), as one command line or an argument vector.
         */
        PROCESS_CALLS,
        /**
         * JSON configuration (comments and trailing commas allowed, as editors write it) whose {@code command_keys}
         * hold what a tool runs later: a string is a command line, a list an argument vector, a mapping of names to
         * either (a dev container's parallel commands) several; the list under an {@code argument_keys} key of the same
         * object is that command's arguments (an MCP server's {@code command} and {@code args}).
         */
        JSON_COMMANDS,
        /**
         * JSON or YAML configuration as {@link #JSON_COMMANDS}, except that a list under a command key is several
         * command lines, one an item, not an argument vector (Renovate's {@code postUpgradeTasks.commands},
         * GoReleaser's {@code hooks}).
         */
        JSON_COMMAND_LINES,
        /**
         * Files in any syntax whose {@code command_keys} are given a quoted string on one line: {@code KEY = "…"}
         * (Starlark's {@code cmd} and {@code bash}, a Doxyfile's {@code INPUT_FILTER}), {@code KEY: '…'} (an object
         * literal), {@code KEY="…"} (an XML attribute such as MSBuild's {@code Exec Command}), and the
         * {@code <option name="KEY" value="…"/>} of IDE settings; the string, its escapes undone (XML entities in a
         * file that opens with a tag), is a command line.
         */
        QUOTED_VALUES,
        /**
         * Configuration in any syntax whose strings are read for the shape of a command line, whatever key holds
         * them ({@link CommandStrings}): a terminal's shell, an editor's language server, a session's start-up
         * commands. A later kind that reads command strings adds them to what the first kind reads; a file holding
         * such a string is never an ordinary write.
         */
        COMMAND_STRINGS,
        /**
         * TOML task tables ({@code tables}, {@code *} matching one dotted part): each key's string, list of strings or
         * inline table's {@code cmd}/{@code shell} is a command line a task runner or build backend runs.
         */
        TOML_TASKS,
        /**
         * Settings files read as the commands that would make the same settings ({@code setting_command}, words with
         * {@code {key}} and {@code {value}}): git's INI files ({@code [filter "x"] clean = …} is
         * {@code git -c filter.x.clean=…}), {@code .npmrc} and {@code pip.conf} lines, {@code .yarnrc.yml} keys (nested
         * keys joined with dots). What a setting does (a pager, a filter driver, an alias, the registry installs fetch
         * from) is then known from the program's registry entry, as for the command.
         */
        SETTINGS,
        /**
         * INI files whose {@code command_keys} hold command lines, one a line, indented lines continuing the value
         * (tox's {@code commands}, {@code commands_pre} and {@code commands_post}; a leading {@code -} or {@code !}
         * only changes how a failure counts); with a {@code program}, each value (without one pair of enclosing
         * quotes) is code for that program instead (pylint's {@code init-hook} and {@code evaluation} are Python).
         */
        INI_COMMANDS,
        /** Configuration with no commands of its own to read: it chooses what runs or how (hooks, runners, tasks). */
        NOTHING;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * It reads every command the file can hold, by the file's own syntax (a shell script, a Makefile's recipes, a
         * Dockerfile's instructions): strings shaped like a command line add nothing to it, and a Dockerfile's would
         * be judged as if they ran on the host.
         */
        boolean readsEveryCommand() {
            return switch (this) {
                case SHELL, MAKE_RECIPES, INDENTED_RECIPES, DOCKERFILE_RUN, CRONTAB, UNIT_EXEC -> true;
                case PACKAGE_SCRIPTS,
                        CI_STEPS,
                        PYTHON_IMPORTS,
                        CODE,
                        PROCESS_CALLS,
                        JSON_COMMANDS,
                        JSON_COMMAND_LINES,
                        QUOTED_VALUES,
                        COMMAND_STRINGS,
                        TOML_TASKS,
                        SETTINGS,
                        INI_COMMANDS,
                        NOTHING -> false;
            };
        }
    }

    /**
     * When the code or configuration in a written file of a kind runs, which decides whether writing it can be
     * recognised as safe.
     */
    public enum RunsCode {
        /**
         * Only when someone runs it ({@code python app.py}, a test runner): a source file, recognised as safe when its
         * code reads as plain (no process, network, evaluation, decoding or literal path outside) and it has no
         * {@code #!} line.
         */
        WHEN_RUN,
        /**
         * A tool runs it or is configured by it without anyone naming it (installs, builds, CI, hooks, editors,
         * agents, schedulers): never recognised as safe, only allowed when nothing in it is dangerous.
         */
        BY_TOOLS,
        /** Every start of the interpreter runs it ({@code .pth} import lines, {@code sitecustomize}): code in it is reviewed. */
        AT_START;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One kind of written file: it is this kind when {@code pathContains} (if any) holds and one of the other
     * conditions does (or there are none).
     *
     * @param reader how its commands are found
     * @param program for {@link Reader#CODE}: the interpreter
     * @param names file names
     * @param suffixes file name endings (any case)
     * @param namePrefixes file name beginnings ({@code Dockerfile.})
     * @param pathPrefixes absolute path beginnings ({@code /etc/cron})
     * @param pathEnds path endings ({@code /.circleci/config.yml})
     * @param pathContains path parts of which one must be present ({@code /.github/workflows/})
     * @param shebang interpreters named as a word on a {@code #!} first line
     * @param runsCode when what it holds runs ({@link RunsCode#BY_TOOLS} unless the kind says otherwise)
     * @param commandKeys for {@link Reader#JSON_COMMANDS}, {@link Reader#JSON_COMMAND_LINES}, {@link
     *     Reader#INI_COMMANDS} and {@link Reader#QUOTED_VALUES}: the keys whose values are commands ({@code *}: every
     *     key of a JSON object, as in lint-staged's globs); for {@link Reader#CODE}: keys whose quoted strings in the
     *     source are commands the tool it configures runs (Playwright's {@code webServer.command})
     * @param argumentKeys for {@link Reader#JSON_COMMANDS}: the keys whose lists are a command's arguments
     * @param tables for {@link Reader#TOML_TASKS}: the tables whose keys are tasks
     * @param settingCommand for {@link Reader#SETTINGS}: the words of the command that makes one setting
     * @param setBy for package scripts and INI settings files: the commands that set one of the file's keys through the tool's CLI, as words with
     *     {@code {key}} and {@code {value}} in their last words ({@code npm pkg set {key}={value}}); read as a Write of
     *     the file, in the working directory, with that key (dots nest) set to the value
     * @param examples paths and contents with a command the file must and must not run
     */
    public record WrittenFile(
            Reader reader,
            String program,
            List<String> names,
            List<String> suffixes,
            List<String> namePrefixes,
            List<String> pathPrefixes,
            List<String> pathEnds,
            List<String> pathContains,
            List<String> exceptSuffixes,
            List<String> shebang,
            RunsCode runsCode,
            List<String> commandKeys,
            List<String> argumentKeys,
            List<String> tables,
            List<String> settingCommand,
            List<String> setBy,
            List<WrittenExample> examples) {
        public WrittenFile {
            settingCommand = List.copyOf(settingCommand);
            setBy = List.copyOf(setBy);
            commandKeys = List.copyOf(commandKeys);
            argumentKeys = List.copyOf(argumentKeys);
            tables = List.copyOf(tables);
            requireNonNull(reader, "reader");
            requireNonNull(runsCode, "runsCode");
            requireNonNull(program, "program");
            names = List.copyOf(names);
            suffixes = List.copyOf(suffixes);
            namePrefixes = List.copyOf(namePrefixes);
            pathPrefixes = List.copyOf(pathPrefixes);
            pathEnds = List.copyOf(pathEnds);
            pathContains = List.copyOf(pathContains);
            exceptSuffixes = List.copyOf(exceptSuffixes);
            shebang = List.copyOf(shebang);
            examples = List.copyOf(examples);
        }

        private static boolean endsWithIgnoringCase(String name, String suffix) {
            int from = name.length() - suffix.length();
            return from >= 0 && name.regionMatches(true, from, suffix, 0, suffix.length());
        }

        /** Whether the file at {@code path} (named {@code name}) with first line {@code firstLine} is of this kind. */
        boolean matches(String path, String name, String firstLine) {
            // Every write is tested against every kind, so this allocates nothing: loops by index (an iterator per
            // list was not optimised away), no lower-cased copy.
            if (!pathContains.isEmpty() && !containsAny(path, pathContains)) {
                return false;
            }
            for (int i = 0; i < exceptSuffixes.size(); i++) {
                if (endsWithIgnoringCase(name, exceptSuffixes.get(i))) {
                    return false;
                }
            }
            boolean conditions = !names.isEmpty()
                    || !suffixes.isEmpty()
                    || !namePrefixes.isEmpty()
                    || !pathPrefixes.isEmpty()
                    || !pathEnds.isEmpty()
                    || !shebang.isEmpty();
            if (!conditions || names.contains(name)) {
                return true;
            }
            for (int i = 0; i < suffixes.size(); i++) {
                if (endsWithIgnoringCase(name, suffixes.get(i))) {
                    return true;
                }
            }
            for (int i = 0; i < namePrefixes.size(); i++) {
                if (name.startsWith(namePrefixes.get(i))) {
                    return true;
                }
            }
            for (int i = 0; i < pathPrefixes.size(); i++) {
                if (path.startsWith(pathPrefixes.get(i))) {
                    return true;
                }
            }
            for (int i = 0; i < pathEnds.size(); i++) {
                if (path.endsWith(pathEnds.get(i))) {
                    return true;
                }
            }
            if (firstLine.startsWith("#!")) {
                for (String interpreter : shebang) {
                    if (namesInterpreter(firstLine, interpreter)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean containsAny(String path, List<String> parts) {
            for (int i = 0; i < parts.size(); i++) {
                if (path.contains(parts.get(i))) {
                    return true;
                }
            }
            return false;
        }

        /** {@code #!/usr/bin/env bash}, {@code #!/bin/sh -e}: the interpreter as a whole word, version digits allowed. */
        private static boolean namesInterpreter(String firstLine, String interpreter) {
            // Asked of every kind with interpreters for a written script: the split's pattern is compiled once, and
            // the version is checked without a pattern of its own per interpreter.
            for (String word : SHEBANG_WORDS.split(firstLine.substring(2))) {
                if (word.startsWith(interpreter) && isVersion(word, interpreter.length())) {
                    return true;
                }
            }
            return false;
        }

        private static final java.util.regex.Pattern SHEBANG_WORDS = java.util.regex.Pattern.compile("[\\s/]+");

        /** Nothing, or only digits and dots, from {@code from} on ({@code python3.12} after {@code python}). */
        private static boolean isVersion(String word, int from) {
            for (int i = from; i < word.length(); i++) {
                char c = word.charAt(i);
                if (!(c >= '0' && c <= '9' || c == '.')) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A written file and a command it must run ({@code runs}) or must not ({@code runsNot}); empty when not asked.
     * {@code ordinary}, when given, says whether writing it is writing an ordinary file (recognisable as safe).
     *
     * @param line where the example is written
     */
    public record WrittenExample(
            String path, String content, String runs, String runsNot, Optional<Boolean> ordinary, int line) {}

    /**
     * One example: a path, and the classes it must and must not have.
     *
     * @param line where the example is written, for a failing example's message
     */
    public record Example(String path, Set<PathClass> is, Set<PathClass> not, int line) {
        public Example {
            requireNonNull(path, "path");
            is = Set.copyOf(is);
            not = Set.copyOf(not);
        }
    }

    /**
     * Files a class holds by what they are called, wherever they are ({@code .env}, {@code id_rsa}, {@code
     * terraform.tfstate}, {@code .aws/credentials} copied into a build context).
     *
     * @param names whole file names
     * @param suffixes file name endings
     * @param prefixes file name beginnings ({@code .env.}, {@code krb5cc_})
     * @param pathEnds the last components of a path ({@code .docker/config.json})
     * @param exceptSuffixes endings that make a name a template or a public part, never the thing itself ({@code
     *     .env.example}, {@code cert.pub.pem})
     */
    public record FileNames(
            Set<String> names,
            List<String> suffixes,
            List<String> prefixes,
            List<String> pathEnds,
            List<String> exceptSuffixes) {
        public FileNames {
            names = Set.copyOf(names);
            suffixes = List.copyOf(suffixes);
            prefixes = List.copyOf(prefixes);
            pathEnds = List.copyOf(pathEnds);
            exceptSuffixes = List.copyOf(exceptSuffixes);
        }

        static final FileNames NONE = new FileNames(Set.of(), List.of(), List.of(), List.of(), List.of());

        /** Whether a file of this name is one of them. */
        public boolean matchesName(String name) {
            if (name.isEmpty() || exceptSuffixes.stream().anyMatch(name::endsWith)) {
                return false;
            }
            return names.contains(name)
                    || suffixes.stream().anyMatch(name::endsWith)
                    || prefixes.stream().anyMatch(name::startsWith);
        }

        /** Whether the file at {@code path} (absolute or relative) is one of them, by its name or its last parts. */
        public boolean matches(String path) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (matchesName(name)) {
                return true;
            }
            String slashed = "/" + path;
            return pathEnds.stream().anyMatch(end -> slashed.endsWith("/" + end));
        }
    }

    /** The places of {@code class} under home; none if the file names none. */
    List<String> home(PathClass c) {
        return home.getOrDefault(c, List.of());
    }

    /** The absolute places of {@code class}; none if the file names none. */
    List<String> system(PathClass c) {
        return system.getOrDefault(c, List.of());
    }

    /** The built-in places, read once. */
    public static Places builtIn() {
        return BuiltIn.PLACES;
    }

    private static final class BuiltIn {
        static final Places PLACES = parse("<places>", resource());
    }

    private static String resource() {
        try (InputStream in = Places.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a places file.
     *
     * @throws IllegalArgumentException listing every problem as {@code file:line:column: what}
     */
    public static Places parse(String file, String text) {
        List<String> problems = new ArrayList<>();
        Optional<YamlNode> root;
        try {
            root = YamlReader.read(text);
        } catch (MalformedYamlException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        Map<PathClass, List<String>> home = new EnumMap<>(PathClass.class);
        Map<PathClass, List<String>> system = new EnumMap<>(PathClass.class);
        FileNames[] secretNames = {FileNames.NONE};
        List<Example> examples = new ArrayList<>();
        List<WrittenFile> writtenFiles = new ArrayList<>();
        if (root.isEmpty() || !(root.get() instanceof YamlNode.Mapping m)) {
            throw new IllegalArgumentException(file + ": expected a mapping with `schema` and `classes`");
        }
        keys(file, m, TOP, problems);
        if (!(m.values().get("schema") instanceof YamlNode.Scalar s && s.value().equals(String.valueOf(SCHEMA)))) {
            problems.add(at(file, m, "expected `schema: " + SCHEMA + "`"));
        }
        if (m.values().get("classes") instanceof YamlNode.Mapping classes) {
            classes.values().forEach((name, node) -> {
                Optional<PathClass> c = pathClass(name);
                if (c.isEmpty() || !PLACE_CLASSES.contains(c.get())) {
                    problems.add(at(
                            file,
                            classes.keys().get(name),
                            "\"" + name + "\" is not a class of places; expected one of "
                                    + PLACE_CLASSES.stream()
                                            .map(PathClass::label)
                                            .sorted()
                                            .toList()));
                } else if (!(node instanceof YamlNode.Mapping entry)) {
                    problems.add(at(file, node, "class " + name + " must be a mapping, not " + node.describe()));
                } else {
                    keys(file, entry, CLASS_KEYS, problems);
                    if (!(entry.values().get("source") instanceof YamlNode.Scalar)) {
                        problems.add(at(file, entry, "class " + name + " needs a `source`"));
                    }
                    home.put(c.get(), strings(file, entry.values().get("home"), problems));
                    system.put(c.get(), strings(file, entry.values().get("system"), problems));
                    FileNames named = new FileNames(
                            Set.copyOf(strings(file, entry.values().get("names"), problems)),
                            strings(file, entry.values().get("suffixes"), problems),
                            strings(file, entry.values().get("name_prefixes"), problems),
                            strings(file, entry.values().get("path_ends"), problems),
                            strings(file, entry.values().get("except_suffixes"), problems));
                    if (c.get() == PathClass.SECRET) {
                        secretNames[0] = named;
                    } else if (!named.equals(FileNames.NONE)) {
                        problems.add(at(file, entry, "files by name are read for class secret only, not " + name));
                    }
                }
            });
        } else {
            problems.add(at(file, m, "expected `classes`, a mapping of path classes"));
        }
        if (m.values().get("examples") instanceof YamlNode.Sequence list) {
            for (YamlNode item : list.items()) {
                example(file, item, problems).ifPresent(examples::add);
            }
        }
        if (m.values().get("written_files") instanceof YamlNode.Sequence list) {
            for (YamlNode item : list.items()) {
                writtenFile(file, item, problems).ifPresent(writtenFiles::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new Places(home, system, secretNames[0], examples, writtenFiles);
    }

    private static Optional<WrittenFile> writtenFile(String file, YamlNode node, List<String> problems) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(at(file, node, "a written file kind is a mapping, not " + node.describe()));
            return Optional.empty();
        }
        int before = problems.size();
        keys(file, m, WRITTEN_KEYS, problems);
        Reader reader = null;
        if (m.values().get("reads") instanceof YamlNode.Scalar s) {
            for (Reader r : Reader.values()) {
                if (r.label().equals(s.value())) {
                    reader = r;
                }
            }
            if (reader == null) {
                problems.add(at(
                        file,
                        s,
                        "unknown reader \"" + s.value() + "\"; expected one of "
                                + java.util.Arrays.stream(Reader.values())
                                        .map(Reader::label)
                                        .toList()));
            }
        } else {
            problems.add(at(file, m, "a written file kind needs `reads`"));
        }
        if (!(m.values().get("source") instanceof YamlNode.Scalar)) {
            problems.add(at(file, m, "a written file kind needs a `source`"));
        }
        String program = m.values().get("program") instanceof YamlNode.Scalar p ? p.value() : "";
        if (reader == Reader.CODE && program.isEmpty()) {
            problems.add(at(file, m, "reads: code needs the `program` that reads it"));
        }
        RunsCode runsCode = RunsCode.BY_TOOLS;
        if (m.values().get("runs_code") instanceof YamlNode.Scalar r) {
            runsCode = java.util.Arrays.stream(RunsCode.values())
                    .filter(v -> v.label().equals(r.value()))
                    .findFirst()
                    .orElse(null);
            if (runsCode == null) {
                problems.add(at(
                        file,
                        r,
                        "unknown runs_code \"" + r.value() + "\"; expected one of "
                                + java.util.Arrays.stream(RunsCode.values())
                                        .map(RunsCode::label)
                                        .toList()));
            }
        }
        List<WrittenExample> examples = new ArrayList<>();
        if (m.values().get("examples") instanceof YamlNode.Sequence list) {
            for (YamlNode item : list.items()) {
                if (item instanceof YamlNode.Mapping e
                        && e.values().get("path") instanceof YamlNode.Scalar path
                        && e.values().get("content") instanceof YamlNode.Scalar content) {
                    keys(file, e, Set.of("path", "content", "runs", "runs_not", "ordinary"), problems);
                    Optional<Boolean> ordinary = Optional.empty();
                    if (e.values().get("ordinary") instanceof YamlNode.Scalar o) {
                        if (o.value().equals("true") || o.value().equals("false")) {
                            ordinary = Optional.of(o.value().equals("true"));
                        } else {
                            problems.add(at(file, o, "`ordinary` is true or false, not \"" + o.value() + "\""));
                        }
                    }
                    examples.add(new WrittenExample(
                            path.value(),
                            content.value(),
                            e.values().get("runs") instanceof YamlNode.Scalar r ? r.value() : "",
                            e.values().get("runs_not") instanceof YamlNode.Scalar r ? r.value() : "",
                            ordinary,
                            e.line()));
                } else {
                    problems.add(at(file, item, "an example needs a `path` and a `content`"));
                }
            }
        }
        List<String> commandKeys = strings(file, m.values().get("command_keys"), problems);
        if (reader != null && NEEDS_COMMAND_KEYS.contains(reader) && commandKeys.isEmpty()) {
            problems.add(
                    at(file, m, "reads: " + reader.label() + " needs the `command_keys` whose values are commands"));
        }
        List<String> tables = strings(file, m.values().get("tables"), problems);
        if (reader == Reader.TOML_TASKS && tables.isEmpty()) {
            problems.add(at(file, m, "reads: toml_tasks needs the `tables` whose keys are tasks"));
        }
        List<String> settingCommand = strings(file, m.values().get("setting_command"), problems);
        if (reader == Reader.SETTINGS && settingCommand.isEmpty()) {
            problems.add(at(file, m, "reads: settings needs the `setting_command` that makes one setting"));
        }
        List<String> setBy = strings(file, m.values().get("set_by"), problems);
        for (String command : setBy) {
            if (reader != Reader.PACKAGE_SCRIPTS && reader != Reader.SETTINGS
                    || SettingsSet.form(command).isEmpty()) {
                problems.add(at(
                        file,
                        m,
                        "`set_by` \"" + command + "\": expected words ending in {key}={value} or in {key} {value},"
                                + " on a kind that reads: package_scripts or settings"));
            }
        }
        if (problems.size() > before || reader == null || runsCode == null) {
            return Optional.empty();
        }
        return Optional.of(new WrittenFile(
                reader,
                program,
                strings(file, m.values().get("names"), problems),
                strings(file, m.values().get("suffixes"), problems),
                strings(file, m.values().get("name_prefixes"), problems),
                strings(file, m.values().get("path_prefixes"), problems),
                strings(file, m.values().get("path_ends"), problems),
                strings(file, m.values().get("path_contains"), problems),
                strings(file, m.values().get("except_suffixes"), problems),
                strings(file, m.values().get("shebang"), problems),
                runsCode,
                commandKeys,
                strings(file, m.values().get("argument_keys"), problems),
                tables,
                settingCommand,
                setBy,
                examples));
    }

    private static Optional<Example> example(String file, YamlNode node, List<String> problems) {
        if (!(node instanceof YamlNode.Mapping m) || !(m.values().get("path") instanceof YamlNode.Scalar path)) {
            problems.add(at(file, node, "an example is a mapping with a `path`"));
            return Optional.empty();
        }
        keys(file, m, EXAMPLE_KEYS, problems);
        Set<PathClass> is = classes(file, m.values().get("is"), problems);
        Set<PathClass> not = classes(file, m.values().get("not"), problems);
        return Optional.of(new Example(path.value(), is, not, m.line()));
    }

    private static Set<PathClass> classes(String file, YamlNode node, List<String> problems) {
        Set<PathClass> out = java.util.EnumSet.noneOf(PathClass.class);
        for (String name : strings(file, node, problems)) {
            pathClass(name)
                    .ifPresentOrElse(
                            out::add, () -> problems.add(at(file, node, "unknown path class \"" + name + "\"")));
        }
        return out;
    }

    private static Optional<PathClass> pathClass(String label) {
        for (PathClass c : PathClass.values()) {
            if (c.label().equals(label)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static List<String> strings(String file, YamlNode node, List<String> problems) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.add(at(file, node, "expected a list, got " + node.describe()));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            if (item instanceof YamlNode.Scalar s && !s.value().isBlank()) {
                out.add(s.value());
            } else {
                problems.add(at(file, item, "expected a path, got " + item.describe()));
            }
        }
        return List.copyOf(out);
    }

    private static void keys(String file, YamlNode.Mapping m, Set<String> allowed, List<String> problems) {
        m.keys().forEach((key, where) -> {
            if (!allowed.contains(key)) {
                problems.add(at(
                        file,
                        where,
                        "unknown key \"" + key + "\"; expected one of "
                                + allowed.stream().sorted().toList()));
            }
        });
    }

    private static String at(String file, YamlNode node, String what) {
        return file + ":" + node.line() + ":" + node.column() + ": " + what;
    }
}
