package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.shell.ShellAnalyser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Knowledge about programs, as data: for each program family, which subcommands, options and arguments run code,
 * read, write, send, listen, change accounts or the system, or destroy. Loaded from {@code programs.yaml} (see
 * {@code rules.ProgramsParser}), extended by the {@code programs:} sections of policy layers.
 *
 * <p>Immutable and thread-safe; {@link #find} costs a map lookup and a scan of the program's few entries.
 *
 * @param programs entries by program name (a later entry for a name replaces the earlier one)
 * @param version the registry's schema version
 * @param words the generic word lists, each as a set (every {@link WordList} present, possibly empty)
 */
public record ProgramRegistry(Map<String, Program> programs, int version, Map<WordList, Set<String>> words) {
    public ProgramRegistry {
        programs = Map.copyOf(programs);
        EnumMap<WordList, Set<String>> all = new EnumMap<>(WordList.class);
        for (WordList list : WordList.values()) {
            all.put(list, Set.copyOf(words.getOrDefault(list, Set.of())));
        }
        words = Collections.unmodifiableMap(all);
    }

    /** A registry of programs and destroying verbs only, without the other word lists. */
    public ProgramRegistry(Map<String, Program> programs, Set<String> verbs, int version) {
        this(programs, version, Map.of(WordList.VERBS, verbs));
    }

    /** An empty registry: no program knowledge beyond the built-in readers. */
    public static ProgramRegistry empty() {
        return new ProgramRegistry(Map.of(), Set.of(), 1);
    }

    /** The words of one generic list. */
    public Set<String> words(WordList list) {
        return words.get(list);
    }

    /** This registry with {@code more} programs added (replacing same-named ones), and {@code moreWords} added. */
    public ProgramRegistry extend(List<Program> more, Map<WordList, Set<String>> moreWords) {
        Map<String, Program> all = new HashMap<>(programs);
        for (Program p : more) {
            for (String name : p.names()) {
                all.put(name, p);
            }
        }
        EnumMap<WordList, Set<String>> merged = new EnumMap<>(WordList.class);
        for (WordList list : WordList.values()) {
            Set<String> words = new LinkedHashSet<>(words(list));
            words.addAll(moreWords.getOrDefault(list, Set.of()));
            merged.put(list, words);
        }
        return new ProgramRegistry(all, version, merged);
    }

    /** This registry with the programs and word lists of {@code more} added (a policy layer's {@code programs:}). */
    public ProgramRegistry extend(ProgramRegistry more) {
        return extend(List.copyOf(new LinkedHashSet<>(more.programs().values())), more.words());
    }

    /**
     * The options of {@code program}'s family that take the next word as their value when it is run with {@code args}
     * (the family's, and those of the subcommand given); none if it is unknown.
     */
    public Set<String> valueOptions(String program, List<String> args) {
        Program p = programs.get(program);
        return p == null ? Set.of() : p.valueOptions(args);
    }

    /**
     * Whether the program builds or runs a project it is pointed at: a family with subcommands and a local bound
     * ({@code make}, {@code go run}, {@code cargo build}), so a path among its arguments is code it runs.
     */
    public boolean buildsProjects(String program) {
        Program p = programs.get(program);
        return p != null && p.depth() > 0 && p.bounds().stream().anyMatch(b -> b.scope() == Scope.LOCAL);
    }

    /** How many program names the registry knows. */
    public int size() {
        return programs.size();
    }

    private static final Set<String> INFO_OPTIONS = Set.of("--version", "--help", "-version");

    /** How an entry's payload is read from the option value or the arguments. */
    public enum Payload {
        /** No payload. */
        NONE,
        /** The option's value as it is. */
        VALUE,
        /** The option's value after its first {@code =} (a leading {@code !} dropped: git aliases). */
        AFTER_EQUALS,
        /** The option's value after its first {@code !} (vim {@code :!cmd}, gdb {@code !cmd}). */
        AFTER_BANG,
        /**
         * The file named after the first {@code @} or {@code <} of the option's value (curl-style {@code -d @FILE},
         * {@code -F f=@FILE;type=x}, {@code -F f=<FILE}): its content is sent; nothing when the value names none.
         */
        AFTER_AT,
        /** The operands after the subcommand words. */
        OPERANDS,
        /** The first operand after the subcommand words (the archive of {@code zip ARCHIVE FILES}). */
        FIRST_OPERAND,
        /** The operands after the first one (the files of {@code zip ARCHIVE FILES}). */
        LATER_OPERANDS,
        /**
         * The files named after {@code @} in operands of the form {@code field@FILE}, {@code field=@FILE} or
         * {@code field:=@FILE} (HTTPie's file fields: the file's content is sent).
         */
        AT_FILES,
        /** The words after the option up to {@code ;} or {@code +}, as one command line ({@code find -exec}). */
        COMMAND,
        /**
         * What the program reads on its standard input (HTTPie's redirected input is the request body, {@code rclone
         * rcat} uploads it): the entry holds only when the input is fed (a pipe, a {@code <} file, a here-string).
         */
        STDIN,
        /**
         * The command lines the option's AppleScript or JXA code hands to the shell ({@code do shell script "…"},
         * {@code doShellScript("…")}), one per line (see {@link EmbeddedShell}).
         */
        APPLESCRIPT,
        /** The last operand (the local file of {@code certutil -urlcache -f URL FILE}). */
        LAST_OPERAND,
        /**
         * The last operand when it is a local path and an earlier operand is remote ({@code host:path},
         * {@code user@host:path}, {@code scheme://…}): where a copy from another machine lands ({@code scp h:x.sh
         * /tmp/}); without such operands the fact does not hold.
         */
        LOCAL_DESTINATION,
        /**
         * The names remote operands get when saved under their own name in the working directory: the last part of
         * a URL's path or a {@code host:path} ({@code wget URL}, {@code curl -O URL}, {@code git clone URL} without
         * a directory, a {@code .git} suffix dropped). Used only when no other fact names where the download lands.
         */
        REMOTE_NAME,
        /** The working directory ({@code tar -x} without {@code -C}); used only when no other fact names a place. */
        WORKING_DIRECTORY,
        /**
         * The home directory: where a dotfile manager puts what it manages ({@code chezmoi apply}, {@code yadm
         * checkout}, whose work tree is the home).
         */
        HOME_DIRECTORY,
        /** Each operand without its last suffix: where a decompressor writes ({@code gunzip k.gz} writes {@code k}). */
        UNSUFFIXED_OPERANDS;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether this form only says where something lands when no other fact of the capability does. */
        boolean fallback() {
            return this == REMOTE_NAME || this == WORKING_DIRECTORY;
        }
    }

    /**
     * One fact about a program: when it holds, and what it does.
     *
     * @param does the capability
     * @param signal a signal this entry raises besides its capability's own, if any
     * @param words leading subcommand words that must be present, in order ({@code *} matches any word)
     * @param options options of which at least one must be present ({@code -D} also matches {@code -Df}; globs
     *     such as {@code -set*} allowed)
     * @param args globs of which at least one must match a non-option argument; empty: no condition
     * @param option the option whose value is the payload, if any
     * @param values globs the option's value must match ({@code *} any run of characters); empty: any value; the
     *     empty glob: the option given without a value (last, or before another option: {@code vite --host})
     * @param payload where the payload is
     * @param env environment variables set for the command of which one must be present ({@code GIT_PAGER=… git
     *     log}); with payload {@code value} the variable's value is the payload; empty: no condition
     * @param unless options that keep the entry from holding ({@code tcpdump -r}); {@code NAME=} there: the variable
     *     set to a directory other than the root, in the environment or as an argument ({@code DESTDIR=})
     * @param tree a directory among the payloads is read whole, every file below it ({@code zip -r}, {@code 7z a},
     *     {@code rclone copy}): a tree holding secret places reads them
     */
    public record Entry(
            Capability does,
            Optional<Signal> signal,
            List<String> words,
            List<String> options,
            List<String> args,
            Optional<String> option,
            List<String> values,
            Payload payload,
            List<String> env,
            List<String> unless,
            boolean tree) {
        public Entry {
            args = List.copyOf(args);
            env = List.copyOf(env);
            unless = List.copyOf(unless);
            requireNonNull(does, "does");
            requireNonNull(signal, "signal");
            words = List.copyOf(words);
            options = List.copyOf(options);
            requireNonNull(option, "option");
            values = List.copyOf(values);
            requireNonNull(payload, "payload");
        }
    }

    /**
     * An invocation whose most is known: the program with these leading subcommand words (a prefix of the
     * invocation's, {@code *} any word; all of them when {@code exact}) and none of the {@code unless} options only
     * reads ({@link Scope#READ_ONLY}) or stays local ({@link Scope#LOCAL}), given one of the {@code with} options
     * when there are any.
     *
     * @param scope what such an invocation can at most do
     * @param words leading subcommand words; empty: any invocation of the program
     * @param exact the invocation has no subcommand words beyond {@code words} ({@code git branch}, not
     *     {@code git branch new-name})
     * @param with options of which one must be given ({@code crontab -l}); empty: no condition
     * @param unless options that take the invocation out of the scope ({@code sort -o}, {@code tree -o})
     */
    public record Bound(Scope scope, List<String> words, boolean exact, List<String> with, List<String> unless) {
        public Bound {
            requireNonNull(scope, "scope");
            words = List.copyOf(words);
            with = List.copyOf(with);
            unless = List.copyOf(unless);
        }
    }

    /**
     * Which argument convention ({@link Reader}) the program's arguments follow, for some or all of a family's names.
     *
     * @param reader the convention
     * @param names the family's names it is for; empty: all of them
     * @param when globs of which one must match an argument for the convention to apply ({@code cryptsetup
     *     luksFormat}); empty: always
     * @param unless options ({@code -l}) or words ({@code print}) that keep it from applying ({@code fdisk -l})
     */
    public record ReaderUse(Reader reader, List<String> names, List<String> when, List<String> unless) {
        public ReaderUse {
            requireNonNull(reader, "reader");
            names = List.copyOf(names);
            when = List.copyOf(when);
            unless = List.copyOf(unless);
        }

        /** Whether the convention applies to {@code args}: one of {@link #when} given, none of {@link #unless}. */
        public boolean appliesTo(List<String> args) {
            boolean given = when.isEmpty();
            for (String a : args) {
                for (String u : unless) {
                    if (u.startsWith("-") ? isOption(a, u) : a.equals(u)) {
                        return false;
                    }
                }
                for (String w : when) {
                    given |= glob(w, a);
                }
            }
            return given;
        }
    }

    /**
     * Options that make an invocation only read ({@code chage -l}, {@code visudo -c}, {@code rclone purge
     * --dry-run}): given one of them, none of the family's facts and none of the generic destructive verbs holds, and
     * the invocation is read-only unless a subcommand word names a secret. What a fact cannot say ("changes accounts,
     * unless it only lists them"), said once for the family.
     *
     * @param options the options; one with a value ({@code --dry-run=client}) matches only that value, one without
     *     matches itself, its {@code --option=value} form and short clusters ({@code -n} in {@code -nv})
     * @param names the family's names it is for; empty: all of them
     * @param scope what such an invocation then at most does: read-only (the default), local (a dry run that still
     *     builds the project: {@code cargo publish --dry-run}), or none (a dry run that still talks to a remote
     *     repository: {@code rclone purge --dry-run remote:b}, vouched for by nobody)
     */
    public record ReadOnlyWith(List<String> options, List<String> names, Optional<Scope> scope) {
        public ReadOnlyWith {
            options = List.copyOf(options);
            names = List.copyOf(names);
            requireNonNull(scope, "scope");
            if (options.isEmpty()) {
                throw new IllegalArgumentException("read_only_with needs at least one option");
            }
        }

        /**
         * {@code --dry-run} is given as itself or {@code --dry-run=true}, never {@code --dry-run=false}; {@code -n}
         * also in a cluster ({@code -nv}); an option written with its value only as exactly that.
         */
        private static boolean given(String arg, String option) {
            if (option.contains("=") || arg.equals(option)) {
                return arg.equals(option);
            }
            return option.startsWith("--") ? isWithValue(arg, option, "true") : isOption(arg, option);
        }

        /** Whether it is for {@code program} and one of its options is among {@code args} (before {@code --}). */
        boolean holds(String program, List<String> args) {
            if (!names.isEmpty() && !names.contains(program)) {
                return false;
            }
            for (String a : args) {
                if (a.equals("--")) {
                    return false;
                }
                for (String option : options) {
                    if (given(a, option)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * How some of a family's names run a module by name ({@code python -m pytest}, {@code uv run -m pytest}): the
     * invocation is read as the program of the module's name, when the registry describes one, with the arguments
     * after it; a module the registry does not name leaves the invocation as it is (code nobody read).
     *
     * @param option the option whose value names the module ({@code -m}; also attached, {@code -mpytest}); empty: the
     *     script operand names it by its file name ({@code python manage.py flush} is {@code manage.py flush})
     * @param names the family's names it is for; empty: all of them
     * @param words leading subcommand words that must come first ({@code run} of {@code uv run -m}); empty: none
     * @param runner the family runs a package's program that it may first fetch ({@code npx prisma migrate reset}):
     *     what the program does is added to what the runner itself does, and the runner's scope stays
     */
    public record ModuleRun(String option, List<String> names, List<String> words, boolean runner) {
        public ModuleRun {
            requireNonNull(option, "option");
            names = List.copyOf(names);
            words = List.copyOf(words);
        }

        /** A module run that is read as its program alone. */
        public ModuleRun(String option, List<String> names, List<String> words) {
            this(option, names, words, false);
        }
    }

    /**
     * A module run by name: the program it is read as, and the arguments it is given.
     *
     * @param runner whether the runner's own facts stay beside the program's ({@link ModuleRun#runner()})
     */
    public record Module(String program, List<String> args, boolean runner) {
        public Module {
            requireNonNull(program, "program");
            args = List.copyOf(args);
        }
    }

    /**
     * The module {@code program} run with {@code args} runs by name, when its family says how ({@link ModuleRun}) and
     * the registry describes a program of that name: {@code python3 -u -m http.server 8000} is {@code http.server
     * 8000}.
     */
    /** Interpreter options whose value is code to run, not a script: {@code python -c}, {@code php -r}, {@code node -e}. */
    private static final Set<String> INLINE_CODE_OPTIONS = Set.of("-c", "-r", "-e", "-E", "-R", "-B", "-F", "-p");

    public Optional<Module> module(String program, List<String> args) {
        Program p = programs.get(program);
        if (p == null || p.modules().isEmpty()) {
            return Optional.empty();
        }
        Set<String> valueOptions = p.valueOptions(args);
        runs:
        for (ModuleRun run : p.modules()) {
            if (!run.names().isEmpty() && !run.names().contains(program)) {
                continue;
            }
            int i = 0;
            for (String word : run.words()) {
                while (i < args.size() && args.get(i).startsWith("-")) {
                    i += valueOptions.contains(args.get(i)) ? 2 : 1;
                }
                if (i >= args.size() || !args.get(i).equals(word)) {
                    continue runs;
                }
                i++;
            }
            for (; i < args.size(); i++) {
                String a = args.get(i);
                String name = null;
                int rest = i + 1;
                if (run.option().isEmpty() && INLINE_CODE_OPTIONS.contains(a)) {
                    return Optional.empty(); // inline code runs (python -c, php -r), not a script
                }
                if (run.option().isEmpty() && !a.startsWith("-")) {
                    String script = a.substring(a.lastIndexOf('/') + 1);
                    if (run.runner()) {
                        script = script.replaceFirst("(?<=.)@[^@]*$", ""); // npx prisma@5: the package's version
                    }
                    // A runner handed a shell or an interpreter (`bundle exec sh -c CODE`) runs code the registry
                    // does not read: it stays the runner's own invocation, which no bound vouches for.
                    if (ShellAnalyser.shells().contains(script)
                            || ShellAnalyser.interpreters().contains(script)) {
                        return Optional.empty();
                    }
                    Program described = programs.get(script);
                    return described == null || described == p
                            ? Optional.empty()
                            : Optional.of(new Module(script, args.subList(rest, args.size()), run.runner()));
                }
                if (!run.option().isEmpty() && a.equals(run.option()) && i + 1 < args.size()) {
                    name = args.get(i + 1);
                    rest = i + 2;
                } else if (!run.option().isEmpty()
                        && a.startsWith(run.option())
                        && a.length() > run.option().length()
                        && !a.startsWith("--")) {
                    name = a.substring(run.option().length());
                }
                if (name != null) {
                    Program module = programs.get(name);
                    return module == null
                            ? Optional.empty()
                            : Optional.of(new Module(name, args.subList(rest, args.size()), false));
                }
                if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
                    continue runs; // a script, standard input or inline code runs, not a module
                }
                if (valueOptions.contains(a)) {
                    i++;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * One program family.
     *
     * @param names the program names it covers
     * @param source where its facts come from (a manual page, vendor docs, a published technique)
     * @param depth how many leading positional words form the subcommand, 0 to 3 (0: the program takes operands
     *     only, so generic verbs do not apply)
     * @param verbs whether the generic destructive verbs apply to its subcommand words (off where the program's own
     *     facts say better, e.g. {@code git rm} only untracks what history keeps)
     * @param valueOptions options that take the next word as their value (skipped when finding subcommand words)
     * @param subcommandValueOptions options that take a value only after a subcommand, by its first word: {@code git
     *     clone -b BRANCH} names a branch, while {@code git diff -b} takes none
     * @param entries its facts
     * @param bounds the invocations that only read or stay local (none: the registry does not vouch for it)
     * @param readers how the Java reads the arguments of its names (none: only the facts and redirects count)
     * @param readOnlyWith options that make an invocation only read, whatever its facts say
     * @param modules how its names run a module by name ({@code python -m})
     * @param changes whether its subcommands change what it manages (a cloud, a cluster, a store, a service, the
     *     system) unless one of their words is a reading verb or a bound vouches for the invocation: then every other
     *     subcommand, named or not, raises {@link Signal#STATE_CHANGE}
     * @param unchanged subcommands of a family that {@code changes} which change nothing it manages though they are not
     *     reads ({@code gh pr checkout}); only their words, options and exactness count, not their scope
     * @param versionOptions options that, as the only argument, print the version and exit like {@code --version}:
     *     {@code -v} for all the family's names, or {@code node -v} for one name ({@code ruby -v} and {@code python -v}
     *     go on to run what standard input holds, so the option is given per name)
     * @param actionOptions options that name what a tool without subcommands does ({@code kafka-topics --delete},
     *     {@code --alter}, {@code --list}): each one given is read as a verb by its name, so a destroying verb destroys,
     *     a publishing verb publishes, a reading verb only reads and any other changes what the tool manages
     * @param keepsSecrets whether it is a password manager or secret store: every name under it is a secret, so a
     *     reveal word among its subcommand words reveals one with no secret word beside it ({@code op document get},
     *     {@code gopass otp}, {@code keepassxc-cli attachment-export})
     */
    public record Program(
            List<String> names,
            String source,
            int depth,
            boolean verbs,
            Set<String> valueOptions,
            Map<String, Set<String>> subcommandValueOptions,
            List<Entry> entries,
            List<Bound> bounds,
            List<ReaderUse> readers,
            List<ReadOnlyWith> readOnlyWith,
            List<ModuleRun> modules,
            boolean changes,
            List<Bound> unchanged,
            Set<String> versionOptions,
            List<String> actionOptions,
            boolean keepsSecrets) {

        public Program {
            actionOptions = List.copyOf(actionOptions);
            names = List.copyOf(names);
            requireNonNull(source, "source");
            valueOptions = Set.copyOf(valueOptions);
            subcommandValueOptions = Map.copyOf(subcommandValueOptions);
            entries = List.copyOf(entries);
            bounds = List.copyOf(bounds);
            readers = List.copyOf(readers);
            readOnlyWith = List.copyOf(readOnlyWith);
            modules = List.copyOf(modules);
            unchanged = List.copyOf(unchanged);
            versionOptions = Set.copyOf(versionOptions);
        }

        /**
         * The options that take the next word as their value in an invocation with {@code args}: the family's, and
         * those of the subcommand its first positional word names.
         */
        Set<String> valueOptions(List<String> args) {
            if (subcommandValueOptions.isEmpty()) {
                return valueOptions;
            }
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--")) {
                    break;
                }
                if (valueOptions.contains(a)) {
                    i++;
                } else if (!a.startsWith("-")) {
                    Set<String> own = subcommandValueOptions.get(a);
                    if (own == null) {
                        break;
                    }
                    Set<String> all = new HashSet<>(valueOptions);
                    all.addAll(own);
                    return all;
                }
            }
            return valueOptions;
        }

        /** The first of its options that make an invocation only read that is among {@code args}, if any. */
        Optional<ReadOnlyWith> onlyReads(String program, List<String> args) {
            for (int i = 0; i < readOnlyWith.size(); i++) {
                ReadOnlyWith r = readOnlyWith.get(i);
                if (r.holds(program, args)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }

        /** The most leading words any of its bounds names (0 without bounds). */
        int boundDepth() {
            int most = 0;
            for (int i = 0; i < bounds.size(); i++) {
                most = Math.max(most, bounds.get(i).words().size());
            }
            return most;
        }
    }

    /**
     * What a command does by the registry.
     *
     * @param capabilities every capability found
     * @param signals signals named by the matching entries
     * @param payloads the payloads of matching entries, by capability (code to run, files read, written or sent)
     * @param scope the most the invocation does, when a bound of the program holds and no fact other than a read does
     * @param scopeOfWrapper the scope it would have if it ran no code: what a wrapper that runs commands
     *     ({@code find -exec}, {@code watch}) at most does itself, once each command it runs is vouched for as an act
     *     of its own; empty when it runs no code
     * @param trees the payloads read whole, every file below a directory ({@link Entry#tree})
     */
    public record Found(
            Set<Capability> capabilities,
            Set<Signal> signals,
            Map<Capability, List<String>> payloads,
            Optional<Scope> scope,
            Optional<Scope> scopeOfWrapper,
            Set<String> trees) {
        static final Found NOTHING =
                new Found(Set.of(), Set.of(), Map.of(), Optional.empty(), Optional.empty(), Set.of());

        public Found {
            requireNonNull(scope, "scope");
            requireNonNull(scopeOfWrapper, "scopeOfWrapper");
            trees = Set.copyOf(trees);
        }
    }

    /**
     * The argument convention {@code program} follows, when its family names one for it and it applies to
     * {@code args}.
     */
    public Optional<Reader> reader(String program, List<String> args) {
        Program p = programs.get(program);
        if (p == null) {
            return Optional.empty();
        }
        // The first use naming the program that applies: `jq -n env` prints the environment, `jq .a f.json` reads
        // f.json.
        List<ReaderUse> uses = p.readers();
        for (int i = 0; i < uses.size(); i++) {
            ReaderUse use = uses.get(i);
            if ((use.names().isEmpty() || use.names().contains(program)) && use.appliesTo(args)) {
                return Optional.of(use.reader());
            }
        }
        return Optional.empty();
    }

    /** How many leading words of a program the registry does not describe may be subcommand words. */
    private static final int UNKNOWN_DEPTH = 3;

    /** A word shaped like a subcommand ({@code delete}, {@code apps:destroy}, {@code DeleteInstance}). */
    private static final com.google.re2j.Pattern SUBCOMMAND_WORD =
            com.google.re2j.Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_:][A-Za-z0-9]+)*");

    /** What {@code program} run with {@code args} and no variables set for it does, by the registry. */
    public Found find(String program, List<String> args) {
        return find(program, args, Map.of());
    }

    /** What {@code program} run with {@code args} and the variables {@code env} set for it does, by the registry. */
    public Found find(String program, List<String> args, Map<String, String> env) {
        return find(program, args, env, false);
    }

    /**
     * What {@code program} run with {@code args}, the variables {@code env} set for it and its standard input fed
     * ({@code stdinFed}: piped, redirected from a file or given a here-string) or not does, by the registry.
     */
    public Found find(String program, List<String> args, Map<String, String> env, boolean stdinFed) {
        Optional<Module> module = module(program, args);
        if (module.isPresent()) {
            Found run = find(module.get().program(), module.get().args(), env, stdinFed); // shorter each time: it ends
            return module.get().runner() ? alongside(own(program, args, env, stdinFed), run) : run;
        }
        return own(program, args, env, stdinFed);
    }

    /**
     * What a runner does beside the program it starts ({@code npx prisma migrate reset}): both's capabilities, signals
     * and payloads, and the runner's own scope, since it may fetch the program first.
     */
    private static Found alongside(Found runner, Found program) {
        EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
        capabilities.addAll(runner.capabilities());
        capabilities.addAll(program.capabilities());
        EnumSet<Signal> signals = EnumSet.noneOf(Signal.class);
        signals.addAll(runner.signals());
        signals.addAll(program.signals());
        Map<Capability, List<String>> payloads = new HashMap<>();
        for (Found f : List.of(runner, program)) {
            f.payloads()
                    .forEach((c, v) ->
                            payloads.computeIfAbsent(c, k -> new ArrayList<>()).addAll(v));
        }
        Set<String> trees = new HashSet<>(runner.trees());
        trees.addAll(program.trees());
        return new Found(capabilities, signals, payloads, runner.scope(), runner.scopeOfWrapper(), trees);
    }

    /** What {@code program} itself does by the registry, not reading a module or script it runs by name. */
    private Found own(String program, List<String> args, Map<String, String> env, boolean stdinFed) {
        Program p = programs.get(program);
        Set<String> valueOptions = p == null ? Set.of() : p.valueOptions(args);
        // A CLI nobody described may nest its verbs (okta apps delete, consul acl token delete): up to three leading
        // words that look like subcommands, not files, URLs or values.
        int depth = p == null ? UNKNOWN_DEPTH : p.depth();
        List<String> words = new ArrayList<>(3);
        // Where each subcommand word ends: an entry naming fewer words than the family's depth (`gcloud storage cp
        // SRC DST` in a family three words deep) has its operands right after its own words.
        List<Integer> wordEnds = new ArrayList<>(3);
        // A bound may name more words than the family's subcommand depth (`npm run build`, `kubectl config view`):
        // those are the leading positional words, read as far as the longest bound reaches.
        int boundDepth = p == null ? 0 : Math.max(depth, p.boundDepth());
        List<String> boundWords = new ArrayList<>(boundDepth);
        // Reading verbs may sit below a family's depth (`openstack security group rule list`).
        List<String> leading = new ArrayList<>(UNKNOWN_DEPTH + 1);
        int operandsFrom = depth == 0 ? 0 : args.size();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                operandsFrom = Math.min(operandsFrom, i + 1);
                break;
            }
            if (p == null && !a.startsWith("-") && !SUBCOMMAND_WORD.matcher(a).matches()) {
                break;
            }
            if (valueOptions.contains(a)) {
                i++;
            } else if (!a.startsWith("-") || a.equals("-")) {
                if (words.size() < depth) {
                    words.add(a);
                    wordEnds.add(i + 1);
                    if (words.size() == depth) {
                        operandsFrom = i + 1;
                    }
                }
                if (boundWords.size() < boundDepth) {
                    boundWords.add(a);
                }
                if (leading.size() <= UNKNOWN_DEPTH) {
                    leading.add(a);
                }
            }
        }
        EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
        EnumSet<Signal> signals = EnumSet.noneOf(Signal.class);
        Map<Capability, List<String>> payloads = new HashMap<>();
        Set<String> trees = new HashSet<>();
        // `chage -l root` only lists: an option the family names as read-only outweighs every fact and verb.
        Optional<ReadOnlyWith> readOnlyWith = p == null ? Optional.empty() : p.onlyReads(program, args);
        boolean onlyReads = readOnlyWith.isPresent();
        if (p != null && !onlyReads) {
            Map<Capability, List<String>> fallbacks = new HashMap<>();
            List<Entry> entries = p.entries();
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                int from = !e.words().isEmpty() && e.words().size() < words.size()
                        ? wordEnds.get(e.words().size() - 1)
                        : operandsFrom;
                List<String> found = e.payload() == Payload.STDIN && !stdinFed
                        ? null
                        : matches(e, words, args, from, valueOptions, env);
                if (found != null) {
                    capabilities.add(e.does());
                    e.signal().ifPresent(signals::add);
                    if (e.tree()) {
                        trees.addAll(found);
                    }
                    if (!found.isEmpty()) {
                        (e.payload().fallback() ? fallbacks : payloads)
                                .computeIfAbsent(e.does(), k -> new ArrayList<>())
                                .addAll(found);
                    }
                }
            }
            fallbacks.forEach(payloads::putIfAbsent);
        }
        // The word right after a described family's subcommand words: nested CLIs put their verb below noun groups
        // deeper than the family was described (`ibmcloud ks worker reload`, `earthly secret get NAME`).
        Optional<String> below = p != null && p.depth() > 0 && words.size() == p.depth() && leading.size() > p.depth()
                ? Optional.of(leading.get(p.depth()).toLowerCase(Locale.ROOT))
                : Optional.empty();
        if (reveals(words)
                || revealsBelow(words, below)
                || (p == null || p.depth() > 0 && !buildsProjects(program))
                        && (endsWithCredential(words) || revealsNamedCredential(words, args) || mintsCredential(words))
                || namedForCredential(program, p)
                || (p == null || p.depth() > 0) && asksCredentialHelper(program, leading)
                || (p != null && p.keepsSecrets() && revealsKept(words))
                || revealsHidden(args, valueOptions)
                || selectsSecretField(args)
                || readsSecretSetting(words, args)) {
            signals.add(Signal.CREDENTIAL_ACCESS);
        }
        if (!onlyReads && (p == null || p.verbs())) {
            for (int wi = 0; wi < words.size(); wi++) {
                String w = words.get(wi);
                if (isVerb(w, words(WordList.VERBS))) {
                    capabilities.add(Capability.DESTROYS);
                }
                // `dart pub publish --dry-run`, `cargo publish --dry-run`: a rehearsal ships nothing
                if (isPublishVerb(w) && !rehearses(args)) {
                    signals.add(Signal.PUBLISH);
                }
                // `gcloud compute os-login describe-profile`: a reading verb after it makes the word a group's name
                if (hasVerb(w, words(WordList.LOGIN_VERBS)) && !readsAfter(words, wi + 1)) {
                    signals.add(Signal.SIGN_IN);
                }
            }
        }
        if (!onlyReads && (p == null || p.verbs()) && installsExtension(leading, args)) {
            signals.add(Signal.PACKAGE_INSTALL);
        }
        if (!onlyReads && (p == null || p.verbs()) && publishesByOption(args)) {
            signals.add(Signal.PUBLISH);
        }
        if (p != null && !onlyReads) {
            actions(p, args, capabilities, signals);
        }
        if (p == null && sendsByVerb(program, words)) {
            capabilities.add(Capability.SENDS);
            payloads.computeIfAbsent(Capability.SENDS, k -> new ArrayList<>()).addAll(sentArguments(args, words));
        }
        if (p == null && onDisk(program, leading, args)) {
            capabilities.add(Capability.SYSTEM);
        }
        if (p == null && installedUnderVerb(program)) {
            capabilities.add(Capability.DESTROYS);
        }
        Set<Capability> judged = judged(capabilities, payloads);
        if (!onlyReads && changesByVerb(program, p, words, below, boundWords, args, judged, signals)) {
            signals.add(Signal.STATE_CHANGE);
        }
        if (!onlyReads && opensToEveryAddress(program, p, leading, args)) {
            signals.add(Signal.STATE_CHANGE);
        }
        if (p != null
                && p.changes()
                && !onlyReads
                && changesState(p, words, leading, boundWords, args, judged, signals)) {
            signals.add(Signal.STATE_CHANGE);
        }
        boolean namesSecret = p == null;
        for (int i = 0; i < boundWords.size() && !namesSecret; i++) {
            namesSecret = namesSecret(boundWords.get(i));
        }
        Optional<Scope> scope = namesSecret
                ? Optional.empty()
                : onlyReads
                        ? readOnlyWith.get().scope().filter(s -> signals.isEmpty())
                        : asksForInformation(p, program, args, judged, signals)
                                        || onlyLists(p, leading, args, judged, signals)
                                ? Optional.of(Scope.READ_ONLY)
                                : scope(p, boundWords, args, judged, signals);
        // The scope the invocation has once the commands it runs are vouched for one by one (`find . -exec wc -l {}
        // +`):
        // running them is then no more than what each of them does, which the policy judges as acts of their own.
        Optional<Scope> scopeOfWrapper = namesSecret || !capabilities.contains(Capability.RUNS_CODE)
                ? Optional.empty()
                : scope(p, boundWords, args, withoutRunsCode(judged), signals);
        if (capabilities.isEmpty() && signals.isEmpty() && scope.isEmpty()) {
            return Found.NOTHING;
        }
        return new Found(capabilities, signals, payloads, scope, scopeOfWrapper, trees);
    }

    /**
     * A subcommand of a family that changes what it manages ({@code openstack server stop}, {@code nomad job run},
     * {@code argocd app sync}), unless one of its words is a reading verb ({@code nomad alloc logs}, {@code consul
     * operator raft list-peers}, also below the family's depth), a bound vouches for it, the family names it as
     * changing nothing, or it only asks for help or the version; a verb the registry already reads as destroying or
     * publishing says more and stands alone.
     */
    private boolean changesState(
            Program p,
            List<String> words,
            List<String> leading,
            List<String> boundWords,
            List<String> args,
            Set<Capability> capabilities,
            Set<Signal> signals) {
        if (words.isEmpty()
                || capabilities.contains(Capability.DESTROYS)
                || signals.contains(Signal.PUBLISH)
                || asksForInformation(p, "", args, capabilities, signals)) {
            return false;
        }
        for (String w : leading) {
            if (isVerb(w, words(WordList.READ_VERBS))) {
                return false;
            }
        }
        for (Bound b : p.unchanged()) {
            if (holds(b, leading, args)) {
                return false;
            }
        }
        return scope(p, boundWords, args, capabilities, signals).isEmpty();
    }

    /** The readers that read a service manager's verbs themselves: systemctl's units, an init script's action. */
    private static final Set<Reader> SERVICE_READERS = EnumSet.of(Reader.SYSTEMD_UNITS, Reader.SERVICE_SCRIPT);

    /**
     * A subcommand word that stops, restarts, reloads, scales, upgrades or applies what the program manages ({@code
     * svcadm restart network/ssh}, {@code supervisorctl stop all}, {@code vultr-cli instance stop ID}): a change verb
     * among its subcommand words, in a program nobody described run by its name (a script run by its path is the
     * project's own) or in a described family whose generic verbs apply, which is not marked {@code changes} (those
     * read their own verbs) and whose bounds do not vouch for the invocation ({@code npm restart} runs the project's
     * own script); or, in a program nobody described, a change option among its arguments ({@code acmepkg install --assumeyes
     * nginx}). A verb read as destroying or publishing says more.
     */
    private boolean changesByVerb(
            String program,
            Program p,
            List<String> words,
            Optional<String> below,
            List<String> boundWords,
            List<String> args,
            Set<Capability> capabilities,
            Set<Signal> signals) {
        if (capabilities.contains(Capability.DESTROYS) || signals.contains(Signal.PUBLISH)) {
            return false;
        }
        // Service managers' readers judge their own verbs as service control (`systemctl restart nginx`).
        if (p == null
                ? program.indexOf('/') >= 0
                : !p.verbs()
                        || p.changes()
                        || p.readers().stream().anyMatch(u -> SERVICE_READERS.contains(u.reader()))) {
            return false;
        }
        boolean changing = false;
        // A family nesting noun groups two words deep or more is a managing CLI whose compound words are verbs on a
        // noun (`ibmcloud is instance-stop`), as its destroying verbs are read (`service-instance-delete`); in one
        // word deep families only the whole word: its own words may be names (`make stop-logs`, a target).
        boolean nested = p != null && p.depth() >= 2;
        for (String w : words) {
            changing |= p == null || nested
                    ? isVerb(w, words(WordList.CHANGE_VERBS))
                    : words(WordList.CHANGE_VERBS).contains(w) || camelVerb(w, words(WordList.CHANGE_VERBS));
        }
        // and the verb below its noun groups (`ibmcloud ks worker reload`), as a whole word
        changing |=
                nested && below.filter(words(WordList.CHANGE_VERBS)::contains).isPresent();
        // An option that answers the program's confirmation in advance (`--yes`, `--force`): it would have asked, so
        // it changes something. Only where nobody described the program: a family's own options mean what it says.
        for (String a : p == null ? args : List.<String>of()) {
            if (a.equals("--")) {
                break;
            }
            for (String option : words(WordList.CHANGE_VERBS)) {
                changing |= option.startsWith("-") && isOption(a, option);
            }
        }
        return changing
                && (p == null
                        || scope(p, boundWords, args, capabilities, signals).isEmpty());
    }

    /**
     * A CLI told to add code to itself: an extension noun followed by an install verb among its leading words ({@code
     * docker plugin install vieux/sshfs}, {@code gcloud components install kubectl}, {@code kubectl krew install ctx}),
     * or a long option made of both ({@code codium --install-extension ms-python.python}). What it installs is fetched
     * and later run by the program, as a package is.
     */
    private boolean installsExtension(List<String> leading, List<String> args) {
        Set<String> nouns = words(WordList.EXTENSION_NOUNS);
        Set<String> verbs = words(WordList.INSTALL_VERBS);
        for (int i = 0; i + 1 < leading.size(); i++) {
            if (hasPart(leading.get(i), nouns) && verbs.contains(leading.get(i + 1))) {
                return true;
            }
        }
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            String option = a.startsWith("--") ? a.substring(2, a.indexOf('=') > 0 ? a.indexOf('=') : a.length()) : "";
            if (hasVerb(option, verbs) && hasPart(option, nouns)) {
                return true;
            }
        }
        return false;
    }

    /** The whole IPv4 or IPv6 address space as a CIDR, standing alone in a value ({@code v4-cidrs=[0.0.0.0/0]}). */
    private static final com.google.re2j.Pattern EVERY_ADDRESS =
            com.google.re2j.Pattern.compile("(?:^|[^0-9A-Fa-f.:])(?:0\\.0\\.0\\.0/0|::/0)(?:$|[^0-9])");

    /**
     * A CLI run by its name, told to do something other than read, with the whole address space among its arguments
     * ({@code civo firewall rule create fw1 --cidr 0.0.0.0/0}, {@code atlas accessLists create 0.0.0.0/0}, {@code yc
     * vpc security-group update-rules sg1 --add-rule 'v4-cidrs=[0.0.0.0/0]'}): it opens what it manages - a firewall,
     * a security group, a database's access list - to every address on the internet, whatever the program. Not a
     * call without subcommand words ({@code ipcalc 0.0.0.0/0}), a program that takes only operands ({@code grep -rn
     * 0.0.0.0/0 infra/}), one whose words read ({@code aws ec2 describe-security-groups --filters …0.0.0.0/0}), nor a
     * script run by its path.
     */
    private boolean opensToEveryAddress(String program, Program p, List<String> leading, List<String> args) {
        boolean everyAddress = false;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            // the pattern only where the text can hold it: this is asked of every command
            everyAddress |= a.contains("/0") && EVERY_ADDRESS.matcher(a).find();
        }
        if (!everyAddress || program.indexOf('/') >= 0 || p != null && p.depth() == 0) {
            return false;
        }
        return leading.stream().anyMatch(w -> SUBCOMMAND_WORD.matcher(w).matches())
                && leading.stream().noneMatch(w -> isVerb(w, words(WordList.READ_VERBS)));
    }

    /** Where programs are installed for the whole machine; a script run from there is not the project's own. */
    private static final List<String> INSTALLED_PROGRAM_DIRS =
            List.of("/usr/local/bin/", "/usr/local/sbin/", "/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/", "/opt/");

    /**
     * A program nobody described, installed for the whole machine and run by its path, whose name is a destroying verb
     * or starts or ends with one ({@code /usr/local/bin/k3s-uninstall.sh}, {@code rke2-killall.sh}): a vendor's
     * uninstaller or process killer, read by its name as a subcommand word would be. A project's script run by its
     * path ({@code ./scripts/reset-db.sh}) stays the project's own.
     */
    private boolean installedUnderVerb(String program) {
        boolean installed = false;
        for (String dir : INSTALLED_PROGRAM_DIRS) {
            installed |= program.startsWith(dir);
        }
        if (!installed) {
            return false;
        }
        String name = program.substring(program.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        return isVerb(dot > 0 ? name.substring(0, dot) : name, words(WordList.VERBS));
    }

    /**
     * Disks and partitions by the names kernels give them ({@code /dev/sdb1}, {@code /dev/nvme0n1}, {@code
     * /dev/mapper/vg-data}, macOS {@code /dev/disk2s1}); not terminals, serial ports or pseudo devices, which boards
     * and consoles name in ordinary work ({@code picocom /dev/ttyUSB0}).
     */
    private static final com.google.re2j.Pattern BLOCK_DEVICE = com.google.re2j.Pattern.compile(
            "/dev/(?:(?:sd|hd|vd|xvd)[a-z]+[0-9]*|nvme[0-9]+(?:n[0-9]+(?:p[0-9]+)?)?|mmcblk[0-9]+(?:p[0-9]+)?|md[0-9]+"
                    + "|dm-[0-9]+|loop[0-9]+|r?disk[0-9]+(?:s[0-9]+)?|mapper/[^/]+|disk/by-[a-z]+/[^/]+"
                    + "|mtd[0-9]+|mtdblock[0-9]+)");

    /**
     * The disks and partitions a call erases: its program's name or one of its first two subcommand words has an
     * erase verb ({@code flash_erase /dev/mtd0 0 0}, {@code cryptsetup luksErase /dev/sda2}), and these operands, or
     * option values, name disks. Empty for any other call.
     */
    public List<String> erasedDisks(String program, List<String> args) {
        Set<String> erase = words(WordList.ERASE_VERBS);
        boolean erases = hasErasePart(program.substring(program.lastIndexOf('/') + 1), erase);
        for (int i = 0, words = 0; i < args.size() && words < 2 && !erases; i++) {
            if (!args.get(i).startsWith("-")) {
                erases = hasErasePart(args.get(i), erase);
                words++;
            }
        }
        if (!erases) {
            return List.of();
        }
        List<String> disks = new ArrayList<>();
        for (String a : args) {
            String value = a.indexOf('=') > 0 ? a.substring(a.indexOf('=') + 1) : a;
            if (BLOCK_DEVICE.matcher(value).matches()) {
                disks.add(value);
            }
        }
        return disks;
    }

    /** A part of the word, between separators or starting with a capital ({@code luksErase}), is an erase verb. */
    private static boolean hasErasePart(String word, Set<String> verbs) {
        if (hasPart(word, verbs)) {
            return true;
        }
        // without making strings: this is asked of every command's name and first words
        for (String v : verbs) {
            if (v.isEmpty()) {
                continue;
            }
            char first = Character.toUpperCase(v.charAt(0));
            for (int at = word.indexOf(first); at >= 0; at = word.indexOf(first, at + 1)) {
                int end = at + v.length();
                if (word.regionMatches(at + 1, v, 1, v.length() - 1)
                        && (end == word.length() || end < word.length() && word.charAt(end) == '-')) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A program nobody described, run by its name, handed a disk or a partition ({@code stratis pool create p1
     * /dev/sdb}, {@code targetcli /backstores/block create dev=/dev/sdb}) and not told to list or show it: it changes
     * the machine's storage ({@link Capability#SYSTEM}), as a described disk tool does. What it does to the disk is
     * unknown, so it is not read as formatting.
     */
    private boolean onDisk(String program, List<String> leading, List<String> args) {
        if (program.indexOf('/') >= 0 || leading.stream().anyMatch(w -> isVerb(w, words(WordList.READ_VERBS)))) {
            return false;
        }
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            String value = a.indexOf('=') > 0 ? a.substring(a.indexOf('=') + 1) : a;
            if (BLOCK_DEVICE.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A CLI nobody described whose verb, or whose own name, sends ({@code croc send FILE}, {@code ffsend upload
     * FILE}, {@code gdrive files upload FILE}, {@code ntfy publish TOPIC MESSAGE}, {@code telegram-send --file
     * FILE}): what it is given goes to its service. Not a script run by its path, whose verbs are the project's.
     */
    private boolean sendsByVerb(String program, List<String> words) {
        if (program.indexOf('/') >= 0) {
            return false;
        }
        Set<String> sendVerbs = words(WordList.SEND_VERBS);
        if (hasPart(program, sendVerbs)) {
            return true;
        }
        for (String w : words) {
            if (hasPart(w, sendVerbs)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What such a sender is given: its operands after the subcommand words and the values of its options, whether
     * apart ({@code --file F}) or attached ({@code --file=F}); a file among them is read and sent.
     */
    private static List<String> sentArguments(List<String> args, List<String> words) {
        List<String> sent = new ArrayList<>();
        int skip = words.size();
        for (String a : args) {
            if (a.equals("--")) {
                continue;
            }
            if (a.startsWith("-") && !a.equals("-")) {
                int eq = a.indexOf('=');
                if (eq > 0 && eq + 1 < a.length()) {
                    sent.add(a.substring(eq + 1));
                }
            } else if (skip > 0 && words.contains(a)) {
                skip--;
            } else {
                sent.add(a);
            }
        }
        return sent;
    }

    /**
     * A listing of what a managing family manages ({@code zpool status}, {@code nomad alloc logs}, {@code openstack
     * security group rule list}): a listing verb among the leading words, nothing the registry knows of holding, no
     * bound of the family's own saying otherwise, and no word or option that makes it print stored values or change
     * what it checks ({@code heroku config:get}, {@code mc alias list}, {@code ceph auth ls}, {@code borg check
     * --repair}).
     */
    private boolean onlyLists(
            Program p, List<String> leading, List<String> args, Set<Capability> capabilities, Set<Signal> signals) {
        if (p == null
                || !p.changes()
                || !capabilities.isEmpty()
                || !signals.isEmpty()
                || words(WordList.LISTING_VERBS).isEmpty()) {
            return false;
        }
        boolean lists = false;
        for (String w : leading) {
            if (namesSecret(w) || hasPart(w, words(WordList.NOT_LISTING))) {
                return false;
            }
            lists |= isVerb(w, words(WordList.LISTING_VERBS));
        }
        if (!lists) {
            return false;
        }
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            for (String option : words(WordList.NOT_LISTING)) {
                if (option.startsWith("-") && isOption(a, option)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The action options given ({@code kafka-topics --alter}, {@code kafka-acls --remove}), each read by its name as
     * the subcommand words of other CLIs are: a destroying verb destroys, a publishing verb publishes, a reading verb
     * only reads ({@code --list}, {@code --describe}), and any other action changes what the tool manages.
     */
    private void actions(Program p, List<String> args, Set<Capability> capabilities, Set<Signal> signals) {
        if (p.actionOptions().isEmpty()) {
            return;
        }
        Set<String> valueOptions = p.valueOptions(args);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                return;
            }
            if (valueOptions.contains(a)) {
                i++; // `--topic --delete` names a topic
                continue;
            }
            for (String option : p.actionOptions()) {
                if (!isOption(a, option)) {
                    continue;
                }
                String name = option.replaceFirst("^-+", "");
                if (isVerb(name, words(WordList.VERBS))) {
                    capabilities.add(Capability.DESTROYS);
                } else if (isPublishVerb(name)) {
                    signals.add(Signal.PUBLISH);
                } else if (!isVerb(name, words(WordList.READ_VERBS))) {
                    signals.add(Signal.STATE_CHANGE);
                }
            }
        }
    }

    /**
     * The capabilities a bound is weighed against: a download or an unpacking into a named place is a write there (what
     * later runs it is judged on its own), and one that only prints ({@code curl URL}) changes nothing.
     */
    private static Set<Capability> judged(Set<Capability> capabilities, Map<Capability, List<String>> payloads) {
        if (!capabilities.contains(Capability.FETCHES) && !capabilities.contains(Capability.UNPACKS)) {
            return capabilities;
        }
        EnumSet<Capability> judged = EnumSet.copyOf(capabilities);
        for (Capability c : List.of(Capability.FETCHES, Capability.UNPACKS)) {
            if (judged.remove(c) && payloads.containsKey(c)) {
                judged.add(Capability.WRITES);
            }
        }
        return judged;
    }

    private static Set<Capability> withoutRunsCode(Set<Capability> capabilities) {
        EnumSet<Capability> rest = EnumSet.copyOf(capabilities);
        rest.remove(Capability.RUNS_CODE);
        return rest;
    }

    /**
     * {@code --version}, {@code --help} or Java's {@code -version} as the only argument of a program the registry
     * knows: it prints and exits (GNU Coding Standards, "--version" and "--help"; java(1)). Not for a family with a
     * project's own wrapper ({@code ./gradlew --version} downloads and runs a build tool).
     */
    private static boolean asksForInformation(
            Program p, String program, List<String> args, Set<Capability> capabilities, Set<Signal> signals) {
        return args.size() == 1
                && (INFO_OPTIONS.contains(args.getFirst())
                        || p.versionOptions().contains(args.getFirst())
                        || p.versionOptions().contains(program + " " + args.getFirst()))
                && capabilities.isEmpty()
                && signals.isEmpty()
                && p.names().stream().noneMatch(n -> n.contains("/") || n.equals("gradlew") || n.equals("mvnw"));
    }

    /**
     * The scope of the first bound that holds, read-only bounds first; none when any fact other than a read holds,
     * except that a write of a named file stays within a local bound (the policy then judges where it writes): a
     * bound says what the program does when nothing the registry knows about it makes it do more.
     */
    private static Optional<Scope> scope(
            Program p, List<String> words, List<String> args, Set<Capability> capabilities, Set<Signal> signals) {
        if (p.bounds().isEmpty() || !signals.isEmpty()) {
            return Optional.empty();
        }
        boolean writes = false;
        for (Capability c : capabilities) {
            if (c == Capability.WRITES) {
                writes = true;
            } else if (c != Capability.READS) {
                return Optional.empty();
            }
        }
        Optional<Scope> found = Optional.empty();
        List<Bound> bounds = p.bounds();
        for (int i = 0; i < bounds.size(); i++) {
            Bound b = bounds.get(i);
            if (writes && b.scope() == Scope.READ_ONLY) {
                continue;
            }
            if (holds(b, words, args) && (found.isEmpty() || b.scope().compareTo(found.get()) < 0)) {
                found = Optional.of(b.scope());
            }
        }
        return found;
    }

    private static boolean holds(Bound b, List<String> words, List<String> args) {
        if (words.size() < b.words().size()
                || (b.exact() && words.size() != b.words().size())) {
            return false;
        }
        for (int i = 0; i < b.words().size(); i++) {
            if (!glob(b.words().get(i), words.get(i))) {
                return false;
            }
        }
        List<String> unless = b.unless();
        List<String> with = b.with();
        boolean given = with.isEmpty();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            for (int j = 0; j < unless.size(); j++) {
                if (isOption(a, unless.get(j))) {
                    return false;
                }
            }
            for (int j = 0; j < with.size(); j++) {
                given |= isOption(a, with.get(j));
            }
        }
        return given;
    }

    /**
     * What splits a subcommand word into its parts; compiled once, as {@code String.split} would compile it for every
     * word of every command.
     */
    private static final java.util.regex.Pattern WORD_PARTS = java.util.regex.Pattern.compile("[-_:.]");

    /** A secret word and a reveal word among the subcommand words ({@code secret show}, {@code get-secret-value}). */
    private boolean reveals(List<String> words) {
        if (words(WordList.REVEAL_WORDS).isEmpty() || words.isEmpty()) {
            return false;
        }
        boolean secret = false;
        boolean reveal = false;
        for (String word : words) {
            secret = secret || hasPart(word, words(WordList.SECRET_WORDS));
            reveal = reveal || hasPart(word, words(WordList.REVEAL_WORDS));
        }
        return secret && reveal;
    }

    /**
     * A secret noun as the last subcommand word and a reveal word right after it, below the family's depth
     * ({@code earthly secret get NAME}, {@code acmectl vault secret show db}): noun-then-verb CLIs print the secret
     * so named. Verb-then-noun ones list names ({@code kubectl get secrets}) and have no reveal word after the noun.
     */
    private boolean revealsBelow(List<String> words, Optional<String> below) {
        return !words.isEmpty()
                && hasPart(words.getLast(), words(WordList.SECRET_WORDS))
                && below.filter(words(WordList.REVEAL_WORDS)::contains).isPresent();
    }

    /**
     * Subcommand words whose last names a credential, with no verb after it ({@code cf oauth-token}, {@code azd auth
     * token}, {@code crane auth token REPO}, {@code ibmcloud iam oauth-tokens}): a CLI asked for its credential prints
     * it. Only where the words are subcommands, not in a family without them ({@code grep -rn password}) nor in one
     * that builds the project ({@code make token}, {@code just password} run the project's tasks). {@code npm token
     * list} and {@code drone secret ls} end with a verb and are not this.
     */
    private boolean endsWithCredential(List<String> words) {
        if (words.isEmpty()) {
            return false;
        }
        String[] parts = WORD_PARTS.split(words.getLast().toLowerCase(Locale.ROOT));
        if (parts.length == 0) {
            return false; // "-", the standard input
        }
        String last = parts[parts.length - 1];
        Set<String> nouns = words(WordList.CREDENTIAL_NOUNS);
        if (!nouns.contains(last) && !nouns.contains(last.replaceFirst("s$", ""))) {
            return false;
        }
        // `list-tokens`, `describe-token`: a reading verb other than a reveal word lists or describes them
        for (int i = 0; i < parts.length - 1; i++) {
            if (words(WordList.READ_VERBS).contains(parts[i])
                    && !words(WordList.REVEAL_WORDS).contains(parts[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * A reveal word among the subcommand words and, after it, an operand or an option's value whose name ends with a
     * credential's noun ({@code bao kv get -field=password secret/app}, {@code airflow variables get stripe_api_key},
     * {@code puppet lookup profile::db::password}, {@code vals get ref+awssecrets://prod/db/password}): the CLI is
     * asked for that credential's value and prints it. A file name is not such a name ({@code git show
     * HEAD:src/auth/token.ts} shows source), nor a noun inside a longer name ({@code tokenizer}).
     */
    private boolean revealsNamedCredential(List<String> words, List<String> args) {
        boolean asked = false;
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (!asked) {
                asked = !a.startsWith("-") && words.contains(a) && hasPart(a, words(WordList.REVEAL_WORDS));
            } else if (!a.startsWith("-") && !words.contains(a)) {
                if (namesCredential(a)) {
                    return true;
                }
            } else if (a.startsWith("-") && a.indexOf('=') > 0 && namesCredential(a.substring(a.indexOf('=') + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A subcommand word naming a credential, with a mint verb in it or in a word after it ({@code pscale password
     * create DB BRANCH NAME}, {@code turso db tokens create DB}, {@code confluent api-key create}, {@code aws iam
     * create-access-key}): the CLI makes a new credential and prints it. {@code npm token list} lists them.
     */
    private boolean mintsCredential(List<String> words) {
        boolean named = false;
        for (String word : words) {
            named |= namesCredential(word);
            if (named && hasPart(word, words(WordList.MINT_VERBS))) {
                return true;
            }
        }
        return false;
    }

    /** {@code password}, {@code db/creds}, {@code STRIPE_API_KEY}: a name whose last part (or two) is a credential's noun. */
    private boolean namesCredential(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (FILE_NAME.matcher(lower).find()) {
            return false;
        }
        String[] parts = NAME_PARTS.split(lower);
        if (parts.length == 0) {
            return false;
        }
        Set<String> nouns = words(WordList.CREDENTIAL_NOUNS);
        String last = parts[parts.length - 1];
        String lastTwo = parts.length > 1 ? parts[parts.length - 2] + last : last;
        return nouns.contains(last) || nouns.contains(last.replaceFirst("s$", "")) || nouns.contains(lastTwo);
    }

    private static final java.util.regex.Pattern NAME_PARTS = java.util.regex.Pattern.compile("[^a-z0-9]+");

    /** {@code token.ts}, {@code passwords.txt}: an operand that names a file by its extension. */
    private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile("\\.[a-z][a-z0-9]{0,4}$");

    /**
     * A program nobody described, run by its name, whose own name ends with a credential's noun ({@code oidc-token
     * ACCOUNT}, oidc-agent's printer): such a tool exists to print that credential, as a subcommand named so does.
     * Not a script run by its path, which is the project's own ({@code ./scripts/rotate-token}).
     */
    private boolean namedForCredential(String program, Program p) {
        return p == null && program.indexOf('/') < 0 && endsWithCredential(List.of(program));
    }

    /**
     * The credential-helper protocol (gitcredentials(7), docker-credential-helpers): a helper, named for credentials
     * as a program ({@code docker-credential-gcr}, {@code git-credential-libsecret}) or as its first subcommand
     * ({@code git credential-store}), asked to {@code get} prints the stored secret; {@code store}, {@code erase},
     * {@code list} and {@code configure} do not.
     */
    private static boolean asksCredentialHelper(String program, List<String> leading) {
        boolean helper = hasPart(program, CREDENTIAL_HELPER)
                || !leading.isEmpty() && hasPart(leading.getFirst(), CREDENTIAL_HELPER);
        return helper && leading.contains("get");
    }

    private static final Set<String> CREDENTIAL_HELPER = Set.of("credential", "credentials");

    /** A reveal word among the subcommand words of a secret store, where whatever they name is a secret. */
    private boolean revealsKept(List<String> words) {
        for (String word : words) {
            if (hasPart(word, words(WordList.REVEAL_WORDS))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A configuration subcommand ({@code config}, {@code configure}) in its reading form (a reveal word among the
     * subcommand words, or an option named by one: {@code --get}, {@code --get-all}) given a setting that holds a
     * credential: one of its name's parts ends with one of the {@link #secretSettings} ({@code _authToken},
     * {@code npmAuthToken}, {@code global.password}). Setting such a value ({@code npm config set …}) prints nothing.
     */
    private boolean readsSecretSetting(List<String> words, List<String> args) {
        if (words(WordList.SECRET_SETTINGS).isEmpty() || words.isEmpty() || !hasPart(words.getFirst(), CONFIG_WORDS)) {
            return false;
        }
        boolean reading = false;
        boolean secret = false;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            String lower = a.toLowerCase(Locale.ROOT);
            boolean option = a.startsWith("-");
            // `get` as an operand (`npm config get KEY`), a part of a subcommand word (`get-value`) or of an option
            reading |= words(WordList.REVEAL_WORDS).contains(lower);
            for (String part : WORD_PARTS.split(option ? lower.replaceFirst("^-+", "") : lower)) {
                reading |= words(WordList.REVEAL_WORDS).contains(part) && (option || words.contains(a));
                secret |= !option && endsWithAny(part, words(WordList.SECRET_SETTINGS));
            }
        }
        return reading && secret;
    }

    private static final Set<String> CONFIG_WORDS = Set.of("config", "configure", "configuration");

    private static boolean endsWithAny(String part, Set<String> ends) {
        for (String end : ends) {
            if (part.endsWith(end)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One of the {@link #revealOptions} among the options ({@code --show-secrets}, {@code --reveal=true}, Go-style
     * {@code -show-sensitive}), not as another option's value nor after {@code --}.
     */
    private boolean revealsHidden(List<String> args, Set<String> valueOptions) {
        if (words(WordList.REVEAL_OPTIONS).isEmpty()) {
            return false;
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                return false;
            }
            if (valueOptions.contains(a)) {
                i++;
            } else if (a.startsWith("-")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                name = name.startsWith("--") ? name : "-" + name; // -show-sensitive is --show-sensitive
                if (words(WordList.REVEAL_OPTIONS).contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An output selector that picks a credential's field out of what the program shows ({@code --format
     * '{{.Pass}}'}, {@code -o jsonpath='{.data.password}'}, {@code --query accessToken}, {@code --jq .token}): the
     * program prints the credential itself. A field named like a page token ({@code NextToken}) is not one.
     */
    private static boolean selectsSecretField(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                return false;
            }
            int eq = a.indexOf('=');
            String option = eq > 0 && a.startsWith("-") ? a.substring(0, eq) : a;
            String value =
                    eq > 0 && a.startsWith("-") ? a.substring(eq + 1) : i + 1 < args.size() ? args.get(i + 1) : "";
            boolean selector = SELECTOR_OPTIONS.contains(option)
                    || (option.equals("-o") || option.equals("--output"))
                            && (value.startsWith("jsonpath") || value.contains("template="));
            if (selector && namesSecretField(value)) {
                return true;
            }
        }
        return false;
    }

    /** Options that choose what a program prints; AWS's {@code --attribute} picks one attribute of a resource. */
    private static final Set<String> SELECTOR_OPTIONS =
            Set.of("--format", "--template", "--query", "--jq", "--attribute", "--attribute-name");

    private static boolean namesSecretField(String selector) {
        for (String field : SELECTOR_FIELD.split(selector.toLowerCase(Locale.ROOT))) {
            if (field.contains("next") || field.contains("page") || field.contains("continuation")) {
                continue;
            }
            for (String end : SECRET_FIELD_ENDS) {
                if (field.endsWith(end)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern SELECTOR_FIELD = java.util.regex.Pattern.compile("[^a-z0-9_]+");

    /**
     * Ends of field names that hold credentials; also an instance's user data and a function's or container's
     * environment, where deployments put them ({@code --attribute userData}, {@code --query Environment}).
     */
    private static final List<String> SECRET_FIELD_ENDS = List.of(
            "password",
            "passwd",
            "pass",
            "secret",
            "token",
            "apikey",
            "privatekey",
            "secretaccesskey",
            "userdata",
            "environment",
            "env");

    /** {@code secret}, {@code get-secret-value}, {@code print-access-token}: a word with a part that names a secret. */
    private boolean namesSecret(String word) {
        return !words(WordList.SECRET_WORDS).isEmpty() && hasPart(word, words(WordList.SECRET_WORDS));
    }

    /**
     * {@code env}, {@code config:get}, {@code list-appsettings}: one of {@code parts} is a part of the word, lower-cased
     * and split at {@code - _ : .} as {@link #WORD_PARTS} splits it (empty parts but trailing ones count), without a
     * regular expression or an array per word: every subcommand word of every command is tested.
     */
    private static boolean hasPart(String word, Set<String> parts) {
        if (parts.isEmpty()) {
            return false;
        }
        String w = word.toLowerCase(Locale.ROOT);
        boolean emptyBefore = w.isEmpty();
        int start = 0;
        for (int i = 0; i <= w.length(); i++) {
            if (i < w.length() && !isPartSeparator(w.charAt(i))) {
                continue;
            }
            if (i == start) {
                emptyBefore = true; // an empty part counts only if a non-empty one follows (String.split)
            } else {
                if (emptyBefore && parts.contains("") || parts.contains(w.substring(start, i))) {
                    return true;
                }
                emptyBefore = false;
            }
            start = i + 1;
        }
        return w.isEmpty() && parts.contains("");
    }

    private static boolean isPartSeparator(char c) {
        return c == '-' || c == '_' || c == ':' || c == '.';
    }

    /** {@code delete}, {@code delete-stack}, {@code apps:destroy}: one of {@code verbs} first or last in the word. */
    private static boolean isVerb(String word, Set<String> verbs) {
        String w = word.toLowerCase(Locale.ROOT);
        if (verbs.contains(w)) {
            return true;
        }
        if (camelVerb(word, verbs)) {
            return true;
        }
        int first = indexOfSeparator(w);
        if (first < 0) {
            return false;
        }
        int last = Math.max(w.lastIndexOf('-'), Math.max(w.lastIndexOf('_'), w.lastIndexOf(':')));
        return verbs.contains(w.substring(0, first)) || verbs.contains(w.substring(last + 1));
    }

    /** Whether a subcommand word from {@code from} on is a reading verb ({@code describe-profile}, {@code list}). */
    private boolean readsAfter(List<String> words, int from) {
        for (int i = from; i < words.size(); i++) {
            if (hasVerb(words.get(i), words(WordList.READ_VERBS))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code --dry-run}, {@code --dryRun}, {@code --dryrun}, {@code --dry_run}: the invocation only rehearses, whatever
     * the program's spelling.
     */
    private static boolean rehearses(List<String> args) {
        for (String a : args) {
            if (a.startsWith("--")
                    && a.substring(2).replace("-", "").replace("_", "").equalsIgnoreCase("dryrun")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A publishing option ({@code publish_options}: {@code --push}, {@code --publish}) given as a switch ({@code pack
     * build IMAGE --publish}, {@code cr index --push}, {@code mike set-default --push latest}) ships what the program
     * builds. Not one with a port mapping for its value ({@code docker run --publish 8080:80}), nor a rehearsal.
     */
    private boolean publishesByOption(List<String> args) {
        Set<String> options = words(WordList.PUBLISH_OPTIONS);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                return false;
            }
            String name = a.indexOf('=') < 0 ? a : a.substring(0, a.indexOf('='));
            if (!options.contains(name) || a.endsWith("=false")) {
                continue;
            }
            String value =
                    a.indexOf('=') >= 0 ? a.substring(a.indexOf('=') + 1) : i + 1 < args.size() ? args.get(i + 1) : "";
            if (!PORT_MAPPING.matcher(value).matches() && !rehearses(args)) {
                return true;
            }
        }
        return false;
    }

    /** {@code 8080:80}, {@code 127.0.0.1:5432:5432}, {@code 53:53/udp}, {@code 8080}: a port published, not an artifact. */
    private static final com.google.re2j.Pattern PORT_MAPPING =
            com.google.re2j.Pattern.compile("[0-9.:\\[\\]-]*[0-9](/(tcp|udp|sctp))?");

    /**
     * {@code deploy}, {@code gh-deploy}, {@code apps:promote}: a publishing verb, the whole word or its first or last
     * part. Not API-style words: {@code publishToMavenLocal} and {@code publishLocal} only install into a local
     * repository.
     */
    private boolean isPublishVerb(String word) {
        return hasVerb(word, words(WordList.PUBLISH_VERBS));
    }

    /** The word is one of {@code verbs}, or its first or last part ({@code gh-deploy}, {@code registry:login}) is. */
    private static boolean hasVerb(String word, Set<String> verbs) {
        String w = word.toLowerCase(Locale.ROOT);
        if (verbs.contains(w)) {
            return true;
        }
        int first = indexOfSeparator(w);
        if (first < 0) {
            return false;
        }
        int last = Math.max(w.lastIndexOf('-'), Math.max(w.lastIndexOf('_'), w.lastIndexOf(':')));
        return verbs.contains(w.substring(0, first)) || verbs.contains(w.substring(last + 1));
    }

    /** {@code DeleteInstance}, {@code purgeQueue}: an API-style word whose first or last part is a verb. */
    private static boolean camelVerb(String word, Set<String> verbs) {
        int first = -1;
        int last = -1;
        for (int i = 1; i < word.length(); i++) {
            if (Character.isUpperCase(word.charAt(i)) && Character.isLowerCase(word.charAt(i - 1))) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        return first > 0
                && (verbs.contains(word.substring(0, first).toLowerCase(Locale.ROOT))
                        || verbs.contains(word.substring(last).toLowerCase(Locale.ROOT)));
    }

    /**
     * Whether {@code NAME=} ({@code DESTDIR=}) is set, in the command's environment or as a make-style
     * {@code NAME=VALUE} argument, to somewhere other than the root: the act then lands below that directory.
     */
    private static boolean redirects(String assignment, Map<String, String> env, List<String> args) {
        String name = assignment.substring(0, assignment.length() - 1);
        String value = env.get(name);
        for (String a : args) {
            if (a.startsWith(assignment)) {
                value = a.substring(assignment.length());
            }
        }
        return value != null && !value.isBlank() && !value.replace("/", "").isEmpty();
    }

    private static int indexOfSeparator(String w) {
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c == '-' || c == '_' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    /** The entry's payloads if it holds (an empty list when it has none), or null when it does not hold. */
    private static List<String> matches(
            Entry e,
            List<String> words,
            List<String> args,
            int operandsFrom,
            Set<String> valueOptions,
            Map<String, String> env) {
        // Every program's entries are tried on each of its commands: the cheap tests that turn most away come first,
        // and nothing is allocated until the entry holds.
        if (words.size() < e.words().size()) {
            return null;
        }
        for (int i = 0; i < e.words().size(); i++) {
            String w = e.words().get(i);
            if (!glob(w, words.get(i))) {
                return null;
            }
        }
        if (!e.options().isEmpty() && !anyOption(args, e.options())) {
            return null;
        }
        // `tcpdump -r capture.pcap` reads a file instead of capturing; `emerge --pretend` only lists.
        if (!e.unless().isEmpty() && anyOption(args, e.unless())) {
            return null;
        }
        // `DESTDIR=/tmp/stage ninja install`, `make DESTDIR=pkg install`: a variable that sends the act elsewhere
        for (int i = 0; i < e.unless().size(); i++) {
            String o = e.unless().get(i);
            if (o.endsWith("=") && redirects(o, env, args)) {
                return null;
            }
        }
        List<String> variables = List.of();
        if (!e.env().isEmpty()) {
            variables = new ArrayList<>();
            for (String name : e.env()) {
                String value = env.get(name);
                if (value != null) {
                    variables.add(value);
                }
            }
            if (variables.isEmpty()) {
                return null;
            }
        }
        if (!e.args().isEmpty() && !anyOperand(args, valueOptions, e.args())) {
            return null;
        }
        List<String> payloads = new ArrayList<>();
        if (!e.env().isEmpty()) {
            // The variable's value is the payload: GIT_PAGER='sh -c id' git log runs its value.
            return e.payload() == Payload.VALUE ? variables : payloads;
        }
        if (e.option().isPresent()) {
            String option = e.option().get();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String value;
                if (e.payload() == Payload.COMMAND) {
                    if (!a.equals(option)) {
                        continue;
                    }
                    StringBuilder line = new StringBuilder();
                    for (i++;
                            i < args.size()
                                    && !args.get(i).equals(";")
                                    && !args.get(i).equals("+");
                            i++) {
                        line.append(line.isEmpty() ? "" : " ").append(quote(args.get(i)));
                    }
                    payloads.add(line.toString());
                    continue;
                } else if (a.equals(option) && e.values().contains("") && !takesNextWord(args, i)) {
                    value = ""; // `vite --host`: an option whose value may be left out, given without one
                } else if (a.equals(option) && i + 1 < args.size()) {
                    value = args.get(++i);
                } else if (endsCluster(a, option) && i + 1 < args.size()) {
                    value = args.get(++i);
                } else if (option.startsWith("--") && a.startsWith(option + "=")) {
                    value = a.substring(option.length() + 1);
                } else if (!option.startsWith("--")
                        && option.length() == 2
                        && a.startsWith(option)
                        && a.length() > 2
                        && !a.startsWith("--")) {
                    value = a.substring(2);
                } else {
                    continue;
                }
                if (e.values().isEmpty() || anyGlob(e.values(), value)) {
                    payloads.add(payload(e.payload(), value));
                }
            }
            return payloads.isEmpty()
                    ? null
                    : payloads.stream().filter(s -> !s.isEmpty()).toList();
        }
        if (e.payload() == Payload.WORKING_DIRECTORY) {
            payloads.add(".");
            return payloads;
        }
        if (e.payload() == Payload.HOME_DIRECTORY) {
            payloads.add("~/");
            return payloads;
        }
        if (e.payload() == Payload.LAST_OPERAND
                || e.payload() == Payload.LOCAL_DESTINATION
                || e.payload() == Payload.REMOTE_NAME
                || e.payload() == Payload.UNSUFFIXED_OPERANDS) {
            // A URL may stand where a subcommand word would (`http --download URL`): remote names are read from all.
            return placeOperands(
                    e.payload(), operands(args, e.payload() == Payload.REMOTE_NAME ? 0 : operandsFrom, valueOptions));
        }
        if (e.payload() == Payload.OPERANDS
                || e.payload() == Payload.FIRST_OPERAND
                || e.payload() == Payload.LATER_OPERANDS
                || e.payload() == Payload.AT_FILES) {
            int n = 0;
            for (int i = Math.min(operandsFrom, args.size()); i < args.size(); i++) {
                String a = args.get(i);
                if (valueOptions.contains(a)) {
                    i++;
                } else if (!a.startsWith("-") || a.equals("-")) { // "-": standard input or output
                    n++;
                    switch (e.payload()) {
                        case FIRST_OPERAND -> {
                            if (n == 1) {
                                payloads.add(a);
                            }
                        }
                        case LATER_OPERANDS -> {
                            if (n > 1) {
                                payloads.add(a);
                            }
                        }
                        case AT_FILES -> atFile(a).ifPresent(payloads::add);
                        default -> payloads.add(a);
                    }
                }
            }
            if (e.payload() == Payload.AT_FILES && payloads.isEmpty()) {
                return null; // no file field: nothing is uploaded
            }
        }
        return payloads;
    }

    /** Whether the word after {@code args[at]} is there and is not itself an option. */
    private static boolean takesNextWord(List<String> args, int at) {
        return at + 1 < args.size() && !args.get(at + 1).startsWith("-");
    }

    private static boolean anyGlob(List<String> patterns, String text) {
        for (int i = 0; i < patterns.size(); i++) {
            if (glob(patterns.get(i), text)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of {@code args} is one of {@code options} ({@link #isOption}). */
    private static boolean anyOption(List<String> args, List<String> options) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            for (int j = 0; j < options.size(); j++) {
                String o = options.get(j);
                if (isOption(a, o)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The arguments after the subcommand words that are neither options nor their values. */
    private static List<String> operands(List<String> args, int operandsFrom, Set<String> valueOptions) {
        List<String> operands = new ArrayList<>();
        for (int i = Math.min(operandsFrom, args.size()); i < args.size(); i++) {
            String a = args.get(i);
            if (valueOptions.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                operands.add(a);
            }
        }
        return operands;
    }

    /** The places {@link Payload#LAST_OPERAND} and the forms after it name; null when the fact does not hold. */
    private static List<String> placeOperands(Payload form, List<String> operands) {
        if (operands.isEmpty()) {
            return form == Payload.LAST_OPERAND || form == Payload.UNSUFFIXED_OPERANDS ? List.of() : null;
        }
        String last = operands.getLast();
        return switch (form) {
            case LAST_OPERAND -> List.of(last);
            case LOCAL_DESTINATION ->
                !isRemote(last)
                                && operands.subList(0, operands.size() - 1).stream()
                                        .anyMatch(ProgramRegistry::isRemote)
                        ? List.of(last)
                        : null;
            case REMOTE_NAME -> {
                List<String> names = operands.stream()
                        .filter(ProgramRegistry::isRemote)
                        .map(ProgramRegistry::remoteName)
                        .filter(n -> !n.isEmpty())
                        .toList();
                yield names.isEmpty() ? null : names;
            }
            default ->
                operands.stream()
                        .map(o -> o.lastIndexOf('.') > o.lastIndexOf('/') + 1 ? o.substring(0, o.lastIndexOf('.')) : o)
                        .toList();
        };
    }

    /**
     * {@code scheme://…}, {@code host:path}, {@code user@host:path}, rsync's {@code host::module}: a place on another
     * machine (a colon before any slash, and not a drive letter such as {@code C:}).
     */
    static boolean isRemote(String operand) {
        if (operand.contains("://")) {
            return true;
        }
        int colon = operand.indexOf(':');
        int slash = operand.indexOf('/');
        return colon > 1 && (slash < 0 || colon < slash);
    }

    /** The name a remote file or repository gets when saved under its own name: its last part, {@code .git} dropped. */
    private static String remoteName(String operand) {
        String path = operand.contains("://") ? operand.substring(operand.indexOf("://") + 3) : operand;
        path = path.split("[?#]", 2)[0];
        int host = path.indexOf(operand.contains("://") ? '/' : ':');
        if (host < 0) {
            return "";
        }
        path = path.substring(host + 1);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
    }

    /** {@code file@~/.ssh/id_rsa}, {@code data=@f.json}, {@code cfg:=@c.json}: the file after a field's {@code @}. */
    private static Optional<String> atFile(String operand) {
        int at = operand.indexOf('@');
        if (at < 0 || at == operand.length() - 1) {
            return Optional.empty();
        }
        for (int i = 0; i < at; i++) {
            char c = operand.charAt(i);
            boolean separator = (c == '=' || c == ':') && i >= at - 2;
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || separator)) {
                return Optional.empty();
            }
        }
        return Optional.of(operand.substring(at + 1));
    }

    /**
     * {@code -czf} ends with {@code -f}, {@code curl -fsSLo} with {@code -o}: a short option clustered last takes the
     * next word as its value.
     */
    static boolean endsCluster(String arg, String option) {
        return option.length() == 2
                && option.charAt(0) == '-'
                && option.charAt(1) != '-'
                && arg.length() > 2
                && arg.charAt(0) == '-'
                && arg.charAt(1) != '-'
                && arg.charAt(arg.length() - 1) == option.charAt(1)
                && lettersFrom(arg, 1);
    }

    /** Whether every character of {@code arg} from {@code from} on is a letter (a cluster of short options). */
    private static boolean lettersFrom(String arg, int from) {
        for (int i = from; i < arg.length(); i++) {
            if (!Character.isLetter(arg.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether an argument that is neither an option nor an option's value matches one of {@code globs}. */
    private static boolean anyOperand(List<String> args, Set<String> valueOptions, List<String> globs) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (valueOptions.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                for (String g : globs) {
                    if (glob(g, a)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** One word as shell text that reads back as the same word. */
    private static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static String payload(Payload form, String value) {
        return switch (form) {
            case NONE,
                    OPERANDS,
                    FIRST_OPERAND,
                    LATER_OPERANDS,
                    AT_FILES,
                    COMMAND,
                    STDIN,
                    LAST_OPERAND,
                    LOCAL_DESTINATION,
                    REMOTE_NAME,
                    UNSUFFIXED_OPERANDS -> "";
            case WORKING_DIRECTORY -> ".";
            case HOME_DIRECTORY -> "~/";
            case VALUE -> value;
            case AFTER_EQUALS -> {
                String v = value.substring(value.indexOf('=') + 1);
                yield v.startsWith("!") ? v.substring(1) : v;
            }
            case AFTER_BANG -> value.indexOf('!') < 0 ? "" : value.substring(value.indexOf('!') + 1);
            case AFTER_AT -> afterAt(value);
            case APPLESCRIPT -> String.join("\n", EmbeddedShell.appleScript(value));
        };
    }

    /** {@code @f.json} and {@code f=@id_rsa;type=text/plain}: the file; {@code @-} (standard input) and text: none. */
    private static String afterAt(String value) {
        int at = -1;
        for (int i = 0; i < value.length() && at < 0; i++) {
            if (value.charAt(i) == '@' || value.charAt(i) == '<') {
                at = i;
            }
        }
        if (at < 0) {
            return "";
        }
        String file = value.substring(at + 1).split(";", 2)[0];
        return file.equals("-") ? "" : file;
    }

    /** {@code -D} matches {@code -D} and short clusters such as {@code -Df}; {@code --force} also {@code --force=x}. */
    static boolean isOption(String arg, String option) {
        if (arg.equals(option)) {
            return true;
        }
        if (option.contains("*")) {
            return glob(option, arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
        }
        if (option.startsWith("--")) {
            return arg.length() > option.length() && arg.charAt(option.length()) == '=' && arg.startsWith(option);
        }
        return option.length() == 2
                && arg.length() > 2
                && arg.charAt(0) == '-'
                && arg.charAt(1) != '-'
                && arg.indexOf(option.charAt(1), 1) > 0
                && lettersFrom(arg, 1);
    }

    /** {@code --option=value} exactly, without building the text to compare with. */
    private static boolean isWithValue(String arg, String option, String value) {
        return arg.length() == option.length() + 1 + value.length()
                && arg.startsWith(option)
                && arg.charAt(option.length()) == '='
                && arg.endsWith(value);
    }

    /**
     * Case-insensitive glob: {@code *} matches any run of characters. Asked for every word, option and operand a
     * registry entry names, so ASCII text (nearly all) is compared character by character, lowering A to Z on the
     * way, without lower-cased copies; other text is lower-cased whole first, which may change its length.
     */
    static boolean glob(String pattern, String text) {
        if (ascii(pattern) && ascii(text)) {
            return glob(pattern, text, true);
        }
        return glob(pattern.toLowerCase(Locale.ROOT), text.toLowerCase(Locale.ROOT), false);
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The glob's loop; {@code foldAscii}: letters compare without case (the texts are ASCII), else exactly. */
    private static boolean glob(String p, String t, boolean foldAscii) {
        int pi = 0, ti = 0, star = -1, mark = 0;
        while (ti < t.length()) {
            char pc = pi < p.length() ? p.charAt(pi) : 0;
            char tc = t.charAt(ti);
            if (pi < p.length() && (foldAscii ? asciiLower(pc) == asciiLower(tc) : pc == tc)) {
                pi++;
                ti++;
            } else if (pi < p.length() && pc == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
