package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.code.CodeEffect;
import dev.lighthouse.policy.code.CodeFacts;
import dev.lighthouse.policy.code.CodeKnowledge;
import dev.lighthouse.policy.code.InterpretersParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What a written file would run, by what the file is: a shell script, git hook or shell start-up file is shell; a
 * Makefile's recipes, a Dockerfile's {@code RUN} lines, a crontab's commands, a systemd unit's {@code Exec*=} lines,
 * {@code package.json}'s scripts and a CI workflow's {@code run:}/{@code script:} steps are shell command lines;
 * Python, Node, Ruby, Perl and PHP sources (also by their {@code #!} line, and {@code .pth} import lines) are code,
 * returned as a here-document for their interpreter so the shell analysis reads them as it reads inline code. Which
 * file is which kind is data ({@code places.yaml}, {@code written_files}); how each kind is read is here.
 *
 * <p>Pure: judged from the path and the text only. Content that cannot be parsed as what its name says yields nothing
 * here (it is still written, and judged by where).
 */
final class WrittenScripts {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Editors' and agents' JSON: comments and trailing commas are allowed there (VS Code's JSONC). */
    private static final JsonMapper LENIENT_JSON = JsonMapper.builder()
            .enable(
                    JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA,
                    // gyp files are Python literals: single quotes and # comments
                    JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    // JSON5 (renovate.json5): property names without quotes
                    JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES,
                    JsonReadFeature.ALLOW_YAML_COMMENTS)
            .build();

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final String END = "LIGHTHOUSE_WRITTEN_CODE";
    private static final Set<String> CI_STEP_KEYS = Set.of(
            "run",
            "script",
            "bash",
            "before_script",
            "after_script",
            "command",
            "commands",
            "install",
            "before_install",
            "cmds",
            "cmd");

    private WrittenScripts() {}

    /**
     * Shell command lines a written file would run.
     *
     * @param commands the command lines
     * @param contained they run inside a container image build, not on the host (a Dockerfile's {@code RUN})
     * @param kind the kind of written file it is, when it is one that holds or configures code
     */
    record Script(List<String> commands, boolean contained, Optional<Places.WrittenFile> kind) {
        Script {
            commands = List.copyOf(commands);
            requireNonNull(kind, "kind");
        }

        /**
         * Its commands are settings, made by writing the file ({@code .npmrc}, {@code .git/config}): what making them
         * is (code hidden in configuration, another registry) counts now, not only what is dangerous when they run.
         */
        boolean settings() {
            return kind.map(k -> k.reader() == Places.Reader.SETTINGS).orElse(false);
        }

        /** It runs at every start of an interpreter, whatever it is started for (a {@code .pth} or sitecustomize file). */
        boolean startup() {
            return kind.map(k -> k.runsCode() == Places.RunsCode.AT_START).orElse(false);
        }
    }

    /** Shell command lines the file at {@code path} with {@code content} would run. */
    static List<String> of(String path, String content) {
        return script(path, content).commands();
    }

    /** Shell command lines the file would run, by the first of {@code kinds} it is. */
    static List<String> of(String path, String content, List<Places.WrittenFile> kinds) {
        return script(path, content, kinds).commands();
    }

    /** What plain source code may do: read and write files it names relative to where it runs, build paths and text. */
    private static final Set<CodeEffect> PLAIN_CODE =
            Set.of(CodeEffect.READS, CodeEffect.WRITES, CodeEffect.OPENS, CodeEffect.PATH, CodeEffect.FORMAT);

    private static final CodeKnowledge KNOWLEDGE = InterpretersParser.builtIn();

    /**
     * Whether writing {@code content} to {@code path} is writing an ordinary file, by what it is: a file of no kind
     * that holds or configures code (documentation, data, source in a language without a code reader here), or source
     * that runs only when someone runs it, has no {@code #!} line and whose code reads as plain: no process, network,
     * evaluation, decoding, setuid, fork, environment or literal path outside (absolute, home or climbing out). Every
     * kind the file is counts, not only the first: {@code .vscode/x.js} is editor configuration as well as source.
     * Build, CI, package, hook, editor, agent, scheduler and interpreter start-up files never are.
     */
    static boolean ordinary(String path, String content) {
        return ordinary(path, content, Places.builtIn().writtenFiles());
    }

    static boolean ordinary(String path, String content, List<Places.WrittenFile> kinds) {
        return judge(path, content, kinds).ordinary();
    }

    /**
     * Whether writing the file is ordinary ({@link #ordinary}), and the facts of its source code when deciding that
     * read them: the analysis of what the file runs reads the same code, and takes them from here instead of reading
     * it a second time.
     *
     * @param ordinary writing it is writing an ordinary file
     * @param source the code read to decide, if any
     */
    record Judged(boolean ordinary, Optional<ShellFacts.ReadCode> source) {
        Judged {
            requireNonNull(source, "source");
        }
    }

    /** {@link #ordinary} with the code it read, under the built-in kinds of written files. */
    static Judged judge(String path, String content) {
        return judge(path, content, Places.builtIn().writtenFiles());
    }

    private static Judged judge(String path, String content, List<Places.WrittenFile> kinds) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String firstLine = content.lines().findFirst().orElse("");
        List<Places.WrittenFile> all =
                kinds.stream().filter(k -> k.matches(path, name, firstLine)).toList();
        // Configuration read for command strings is ordinary unless one reaches the network: such content is never
        // vouched for, whatever the analysis makes of it.
        if (all.stream().anyMatch(k -> k.reader() == Places.Reader.COMMAND_STRINGS)
                && CommandStrings.reachesOut(content)) {
            return new Judged(false, Optional.empty());
        }
        List<Places.WrittenFile> matching = all.stream()
                .filter(k -> k.reader() != Places.Reader.COMMAND_STRINGS)
                .toList();
        if (matching.isEmpty()) {
            return new Judged(true, Optional.empty());
        }
        if (content.startsWith("#!") || matching.stream().anyMatch(k -> k.runsCode() != Places.RunsCode.WHEN_RUN)) {
            return new Judged(false, Optional.empty());
        }
        return KNOWLEDGE
                .language(matching.getFirst().program())
                .map(language -> {
                    CodeFacts code = KNOWLEDGE.read(language, content);
                    return new Judged(plain(code), Optional.of(new ShellFacts.ReadCode(language, content, code)));
                })
                .orElse(new Judged(false, Optional.empty()));
    }

    private static boolean plain(CodeFacts code) {
        return !code.truncated()
                && code.commands().isEmpty()
                && code.urls().isEmpty()
                && PLAIN_CODE.containsAll(code.effects())
                && code.paths().stream()
                        .allMatch(p -> p.path()
                                .map(path -> !path.startsWith("/") && !path.startsWith("~") && !path.contains(".."))
                                .orElse(true));
    }

    /** Readers whose kind adds what it reads to the first kind's, when a file matches both. */
    private static final Set<Places.Reader> ADDING_READERS =
            Set.of(Places.Reader.QUOTED_VALUES, Places.Reader.COMMAND_STRINGS);

    /** What the file at {@code path} with {@code content} would run, and where. */
    static Script script(String path, String content) {
        return script(path, content, Places.builtIn().writtenFiles());
    }

    private static Script script(String path, String content, List<Places.WrittenFile> kinds) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String firstLine = content.lines().findFirst().orElse("");
        List<String> out = new ArrayList<>();
        Places.WrittenFile first = null;
        for (Places.WrittenFile kind : kinds) {
            if (first == null && kind.matches(path, name, firstLine)) {
                first = kind;
                read(kind, path, content, out);
            } else if (first != null
                    && ADDING_READERS.contains(kind.reader())
                    && !(kind.reader() == Places.Reader.COMMAND_STRINGS
                            && first.reader().readsEveryCommand())
                    && kind.matches(path, name, firstLine)) {
                // The first kind decides what the file is; a later one that reads quoted values under named keys adds
                // them (a .bzl file's ctx.execute([…]) is a process call, its run_shell(command = "…") a quoted value).
                read(kind, path, content, out);
            }
        }
        // a command string the file's own kind reads as well (a CI step's run:) is analysed once
        List<String> once = List.copyOf(new java.util.LinkedHashSet<>(out));
        return first == null
                ? new Script(once, false, Optional.empty())
                : new Script(once, first.reader() == Places.Reader.DOCKERFILE_RUN, Optional.of(first));
    }

    private static void read(Places.WrittenFile kind, String path, String content, List<String> out) {
        switch (kind.reader()) {
            case PACKAGE_SCRIPTS -> packageScripts(content, out);
            case JSON_COMMANDS, JSON_COMMAND_LINES ->
                (yaml(path) ? yamlDocument(content) : jsonDocument(content))
                        .ifPresent(doc -> jsonCommands(doc.root(), kind, out, 0));
            case QUOTED_VALUES -> QuotedValues.read(content, kind.commandKeys(), out);
            case COMMAND_STRINGS -> CommandStrings.read(content, out);
            case TOML_TASKS -> tomlTasks(content, kind.tables(), out);
            case CI_STEPS -> ciSteps(content, out);
            case MAKE_RECIPES -> makefile(content, out);
            case INDENTED_RECIPES -> indentedRecipes(content, out);
            case DOCKERFILE_RUN -> dockerfileRun(content, out);
            case CRONTAB -> crontab(path, content, out);
            case UNIT_EXEC ->
                content.lines()
                        .map(String::strip)
                        .filter(l -> l.startsWith("Exec") && l.indexOf('=') > 0)
                        .map(l -> l.substring(l.indexOf('=') + 1).replaceFirst("^[-@+!:]+", ""))
                        .forEach(out::add);
            case PYTHON_IMPORTS -> {
                String imports = String.join(
                        "\n",
                        content.lines().filter(l -> l.startsWith("import")).toList());
                if (!imports.isEmpty()) {
                    out.add(code("python3", imports));
                }
            }
            case SHELL -> out.add(content);
            case CODE -> {
                out.add(code(kind.program(), content));
                // source that is also a tool's configuration: the strings it gives command keys are run by the tool
                QuotedValues.read(content, kind.commandKeys(), out);
            }
            case PROCESS_CALLS -> ProcessCalls.read(content, out);
            case INI_COMMANDS -> {
                List<String> values = new ArrayList<>();
                iniCommands(content, kind.commandKeys(), values);
                if (kind.program().isEmpty()) {
                    out.addAll(values);
                } else {
                    // the values are code for the program (pylint's init-hook), a quoted value the code itself
                    values.forEach(v -> out.add(code(kind.program(), unquoted(v))));
                }
            }
            case SETTINGS -> settings(yaml(path) ? yamlSettings(content) : iniSettings(content), kind, out);
            case NOTHING -> {}
        }
    }

    /**
     * A Dockerfile's {@code RUN} instructions: continuation lines ({@code \} at the end) joined, flags such as
     * {@code --mount=type=secret,id=x} dropped, the exec form {@code ["sh", "-c", "…"]} read as its words.
     */
    private static void dockerfileRun(String content, List<String> out) {
        List<String> lines = content.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int space = line.indexOf(' ');
            String instruction = space < 0 ? "" : line.substring(0, space).toUpperCase(java.util.Locale.ROOT);
            if (!DOCKERFILE_COMMANDS.contains(instruction)) {
                continue;
            }
            StringBuilder run = new StringBuilder(line.substring(space + 1));
            while (endsContinued(run) && i + 1 < lines.size()) {
                run.setLength(run.length() - 1);
                String next = lines.get(++i).strip();
                if (!next.startsWith("#")) {
                    run.append(' ').append(next);
                }
            }
            String command = run.toString().strip();
            while (command.startsWith("--")) {
                int flagEnd = command.indexOf(' ');
                command = flagEnd < 0 ? "" : command.substring(flagEnd + 1).strip();
            }
            if (instruction.equals("HEALTHCHECK")) {
                // HEALTHCHECK [options] CMD command, or NONE
                command = command.regionMatches(true, 0, "CMD ", 0, 4)
                        ? command.substring(4).strip()
                        : "";
            }
            if (command.startsWith("[")) {
                try {
                    List<String> words = new ArrayList<>();
                    JSON.readTree(command).forEach(w -> words.add(ProcessCalls.quote(w.asString())));
                    command = String.join(" ", words);
                } catch (JacksonException e) {
                    // not the exec form after all: read as shell
                }
            }
            if (!command.isEmpty()) {
                out.add(command);
            }
        }
    }

    /** The Dockerfile instructions that give a command: the build's and the containers'. */
    private static final Set<String> DOCKERFILE_COMMANDS = Set.of("RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK");

    private static boolean endsContinued(StringBuilder run) {
        int end = run.length();
        while (end > 0 && Character.isWhitespace(run.charAt(end - 1))) {
            end--;
        }
        run.setLength(end);
        return end > 0 && run.charAt(end - 1) == '\\';
    }

    /**
     * A Makefile's recipe lines, and the commands make runs while reading it: {@code $(shell …)} anywhere outside a
     * recipe and the right side of a {@code VAR != …} assignment.
     */
    private static void makefile(String content, List<String> out) {
        for (String line : content.lines().toList()) {
            if (line.startsWith("\t")) {
                out.add(makeVariables(line.strip().replaceFirst("^[@+-]+", "")));
                continue;
            }
            Matcher assignment = SHELL_ASSIGNMENT.matcher(line);
            if (assignment.matches()) {
                out.add(makeVariables(assignment.group(1).strip()));
            }
            for (int at = line.indexOf("$(shell "); at >= 0; at = line.indexOf("$(shell ", at + 1)) {
                int depth = 0;
                int end = at + 1;
                for (; end < line.length(); end++) {
                    char ch = line.charAt(end);
                    if (ch == '(') {
                        depth++;
                    } else if (ch == ')' && --depth == 0) {
                        break;
                    }
                }
                out.add(makeVariables(line.substring(at + "$(shell ".length(), Math.min(end, line.length()))
                        .strip()));
            }
        }
    }

    private static final Pattern SHELL_ASSIGNMENT = Pattern.compile("^\\s*[A-Za-z_][A-Za-z0-9_.]*\\s*!=(.*)$");

    /**
     * A justfile's recipe lines: indented lines under a recipe header, without just's {@code @} (quiet) and {@code -}
     * (ignore errors) marks. A recipe whose body starts with a {@code #!} line is a script in that language, not read.
     */
    private static void indentedRecipes(String content, List<String> out) {
        boolean bodyStarts = false;
        boolean script = false;
        for (String line : content.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                bodyStarts = true;
                script = false;
                continue;
            }
            String body = line.strip();
            if (bodyStarts) {
                script = body.startsWith("#!");
                bodyStarts = false;
            }
            if (!script) {
                out.add(body.replaceFirst("^[@-]+", ""));
            }
        }
    }

    /** A recipe line as the shell sees it: make's {@code $(HOME)} is the variable, {@code $$} a dollar. */
    private static String makeVariables(String line) {
        return line.replace("$$", "\u0000")
                .replaceAll("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)", "\\${$1}")
                .replace('\u0000', '$');
    }

    /** Code for an interpreter, as a here-document it reads (the shell analysis then reads the code). */
    private static String code(String program, String text) {
        return program + " - <<'" + END + "'\n" + text.replace("\n" + END, "\n " + END) + "\n" + END + "\n";
    }

    private static void packageScripts(String content, List<String> out) {
        jsonDocument(content).ifPresent(doc -> {
            JsonNode scripts = doc.root().path("scripts");
            // An Edit's fragment of the scripts object has no "scripts" key of its own: its entries are scripts.
            JsonNode entries = scripts.isObject() || !doc.fragment() ? scripts : doc.root();
            // npm, pnpm and yarn take one command per script; Composer also a list of commands.
            entries.properties().forEach(e -> steps(e.getValue(), out));
        });
    }

    /**
     * A JSON document as written, or an Edit's fragment of one ({@code "a": "x",\n "b": "y"}): members without their
     * braces are read as an object of their own.
     *
     * @param root the document or the fragment's members
     * @param fragment it is a fragment
     */
    private record JsonDocument(JsonNode root, boolean fragment) {}

    private static Optional<JsonDocument> jsonDocument(String content) {
        try {
            return Optional.of(new JsonDocument(LENIENT_JSON.readTree(content), false));
        } catch (JacksonException e) {
            // not a whole document: perhaps the members an Edit puts into one
        }
        String members = content.strip();
        if (members.endsWith(",")) {
            members = members.substring(0, members.length() - 1);
        }
        try {
            JsonNode root = LENIENT_JSON.readTree("{" + members + "\n}");
            return root.isObject() ? Optional.of(new JsonDocument(root, true)) : Optional.empty();
        } catch (JacksonException e) {
            // not JSON (yet): judged by where it is written
            return Optional.empty();
        }
    }

    private static boolean yaml(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".yml") || lower.endsWith(".yaml");
    }

    private static Optional<JsonDocument> yamlDocument(String content) {
        try {
            JsonNode root = YAML.readTree(content);
            return root != null && (root.isObject() || root.isArray())
                    ? Optional.of(new JsonDocument(root, false))
                    : Optional.empty();
        } catch (JacksonException e) {
            // not YAML: judged by where it is written
            return Optional.empty();
        }
    }

    /** The command lines under {@code keys} of an INI file, one a line, indented lines continuing the value. */
    private static void iniCommands(String content, List<String> keys, List<String> out) {
        boolean inCommands = false;
        for (String raw : content.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (inCommands && Character.isWhitespace(raw.charAt(0))) {
                out.add(line.replaceFirst("^[-!]\\s*", ""));
                continue;
            }
            int equals = line.indexOf('=');
            inCommands = !line.startsWith("[")
                    && equals > 0
                    && keys.contains(line.substring(0, equals).strip());
            String value = inCommands ? line.substring(equals + 1).strip() : "";
            if (!value.isEmpty()) {
                out.add(value.replaceFirst("^[-!]\\s*", ""));
            }
        }
    }

    /** A value wholly in one pair of matching quotes without them, as INI readers take it. */
    private static String unquoted(String value) {
        boolean quoted = value.length() >= 2
                && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0);
        return quoted ? value.substring(1, value.length() - 1) : value;
    }

    /** One setting of a settings file: its full key ({@code section.subsection.name}) and its value. */
    private record Setting(String key, String value) {}

    /** Each setting as the command that would make it, so the command analysis judges what the setting does. */
    private static void settings(List<Setting> settings, Places.WrittenFile kind, List<String> out) {
        for (Setting setting : settings) {
            out.add(String.join(
                    " ",
                    kind.settingCommand().stream()
                            .map(w -> ProcessCalls.quote(
                                    w.replace("{key}", setting.key()).replace("{value}", setting.value())))
                            .toList()));
        }
    }

    private static final Pattern SUBSECTION = Pattern.compile("(\\S+)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * INI settings as git-config(5) reads them (also the lines of {@code .npmrc} and {@code pip.conf}):
     * {@code [section "subsection"]} headers, {@code name = value} lines, a name alone meaning true, values in double
     * quotes with backslash escapes, {@code #} and {@code ;} starting a comment outside quotes.
     */
    private static List<Setting> iniSettings(String content) {
        List<Setting> settings = new ArrayList<>();
        String section = "";
        for (String raw : content.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.lastIndexOf(']');
                String header =
                        line.substring(1, close < 0 ? line.length() : close).strip();
                Matcher sub = SUBSECTION.matcher(header);
                section = sub.matches()
                        ? sub.group(1).toLowerCase(java.util.Locale.ROOT) + "."
                                + sub.group(2).replaceAll("\\\\(.)", "$1")
                        : header.toLowerCase(java.util.Locale.ROOT);
                continue;
            }
            int equals = line.indexOf('=');
            String name = (equals < 0 ? line : line.substring(0, equals)).strip();
            String value = equals < 0 ? "true" : iniValue(line.substring(equals + 1));
            if (!name.isEmpty()) {
                settings.add(new Setting(section.isEmpty() ? name : section + "." + name, value));
            }
        }
        return settings;
    }

    private static String iniValue(String text) {
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                value.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
            } else if (!quoted && (ch == '#' || ch == ';')) {
                break;
            } else {
                value.append(ch);
            }
        }
        return value.toString().strip();
    }

    /** YAML settings: each scalar, its key the path of keys to it joined with dots ({@code npmScopes.acme.npmRegistryServer}). */
    private static List<Setting> yamlSettings(String content) {
        List<Setting> settings = new ArrayList<>();
        yamlDocument(content).ifPresent(doc -> flatten("", doc.root(), settings, 0));
        return settings;
    }

    private static void flatten(String prefix, JsonNode node, List<Setting> settings, int depth) {
        if (depth > 16) {
            return;
        }
        if (node.isObject()) {
            node.properties()
                    .forEach(e -> flatten(
                            prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                            e.getValue(),
                            settings,
                            depth + 1));
        } else if (node.isValueNode() && !prefix.isEmpty()) {
            settings.add(new Setting(prefix, node.asString()));
        }
    }

    private static void jsonCommands(JsonNode node, Places.WrittenFile kind, List<String> out, int depth) {
        if (depth > 32 || node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> jsonCommands(n, kind, out, depth + 1));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        List<String> arguments = new ArrayList<>();
        for (String key : kind.argumentKeys()) {
            JsonNode list = node.get(key);
            if (list != null && list.isArray()) {
                list.forEach(a -> {
                    if (a.isString()) {
                        arguments.add(ProcessCalls.quote(a.asString()));
                    }
                });
            }
        }
        node.properties().forEach(e -> {
            JsonNode value = e.getValue();
            if (!kind.commandKeys().contains(e.getKey()) && !kind.commandKeys().contains("*")) {
                jsonCommands(value, kind, out, depth + 1);
            } else if (value.isString()) {
                out.add(arguments.isEmpty() ? value.asString() : value.asString() + " " + String.join(" ", arguments));
            } else if (value.isArray() && kind.reader() == Places.Reader.JSON_COMMAND_LINES) {
                value.forEach(line -> {
                    if (line.isString()) {
                        out.add(line.asString());
                    }
                });
            } else if (value.isArray()) {
                argumentVector(value).ifPresent(out::add);
            } else if (value.isObject()) {
                // a dev container's commands run in parallel: a name for each command line or argument vector
                value.properties().forEach(c -> {
                    if (c.getValue().isString()) {
                        out.add(c.getValue().asString());
                    } else {
                        argumentVector(c.getValue()).ifPresent(out::add);
                    }
                });
            }
        });
    }

    private static Optional<String> argumentVector(JsonNode list) {
        List<String> words = new ArrayList<>();
        list.forEach(w -> {
            if (w.isString()) {
                words.add(ProcessCalls.quote(w.asString()));
            }
        });
        return words.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", words));
    }

    /**
     * The tasks of TOML task tables ({@code [tool.pdm.scripts]}, {@code [tool.poe.tasks]}): a key's basic or literal
     * string, list of strings (an argument vector) or inline table's {@code cmd} or {@code shell} string.
     * A line reader, not a TOML parser: multi-line values are not read.
     */
    private static void tomlTasks(String content, List<String> tables, List<String> out) {
        boolean inTasks = false;
        for (String raw : content.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                String table = line.replaceAll("^\\[+\\s*|\\s*\\]+.*$", "");
                inTasks = !line.startsWith("[[") && tables.stream().anyMatch(t -> tableMatches(t, table));
                continue;
            }
            int equals = line.indexOf('=');
            if (!inTasks || line.startsWith("#") || equals < 1) {
                continue;
            }
            String value = line.substring(equals + 1).strip();
            if (value.startsWith("{")) {
                Matcher inline = INLINE_COMMAND.matcher(value);
                if (inline.find()) {
                    out.add(unquoteToml(inline.group(1)));
                }
            } else if (value.startsWith("[")) {
                List<String> words = new ArrayList<>();
                Matcher string = TOML_STRING.matcher(value);
                while (string.find()) {
                    words.add(ProcessCalls.quote(unquoteToml(string.group())));
                }
                if (!words.isEmpty()) {
                    out.add(String.join(" ", words));
                }
            } else {
                Matcher string = TOML_STRING.matcher(value);
                if (string.lookingAt()) {
                    out.add(unquoteToml(string.group()));
                }
            }
        }
    }

    private static final Pattern TOML_STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
    private static final Pattern INLINE_COMMAND =
            Pattern.compile("\\b(?:cmd|shell)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*')");

    private static boolean tableMatches(String pattern, String table) {
        String[] want = pattern.split("\\.");
        String[] got = table.split("\\.");
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!want[i].equals("*") && !want[i].equals(got[i].replace("\"", ""))) {
                return false;
            }
        }
        return true;
    }

    private static String unquoteToml(String quoted) {
        String inner = quoted.substring(1, quoted.length() - 1);
        return quoted.startsWith("'") ? inner : inner.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static void ciSteps(String content, List<String> out) {
        try {
            collect(YAML.readTree(content), out, 0);
        } catch (JacksonException e) {
            // not YAML: judged by where it is written
        }
    }

    private static void collect(JsonNode node, List<String> out, int depth) {
        if (depth > 32 || node == null) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (CI_STEP_KEYS.contains(e.getKey()) && !e.getValue().isObject()) {
                    steps(e.getValue(), out);
                } else {
                    collect(e.getValue(), out, depth + 1);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out, depth + 1));
        }
    }

    private static void steps(JsonNode value, List<String> out) {
        if (value.isString()) {
            out.add(value.asString());
        } else if (value.isArray()) {
            value.forEach(v -> {
                if (v.isString()) {
                    out.add(v.asString());
                }
            });
        }
    }

    private static void crontab(String path, String content, List<String> out) {
        // The system crontabs have a user field, also those of another root mounted here (/mnt/host/etc/crontab).
        boolean userField = path.contains("/etc/cron.d/") || path.endsWith("/etc/crontab");
        // anacrontab(5): a period (days or @monthly), a delay and a job identifier come before the command
        boolean anacron = path.endsWith("anacrontab");
        for (String line : content.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#") || line.matches("[A-Za-z_]+\\s*=.*")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            int skip = anacron ? 3 : (line.startsWith("@") ? 1 : 5) + (userField ? 1 : 0);
            if (fields.length > skip) {
                out.add(String.join(" ", java.util.Arrays.asList(fields).subList(skip, fields.length)));
            }
        }
    }
}
