package dev.lighthouse.shell;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Shells and script interpreters: how they take code ({@code -c}, {@code -e}...), and a heuristic scan of interpreter
 * code for destructive or network calls.
 *
 * <p>The scan is documented as a heuristic on purpose: it looks for well-known API names of Python, Perl, Ruby, Node,
 * PHP and Lua as plain substrings of the text (e.g. {@code shutil.rmtree}, {@code child_process}, {@code socket}), so
 * obfuscated code can evade it and harmless code that merely mentions those names (or a JavaScript template literal,
 * read as backquote command substitution) is flagged. A network finding together with a process
 * or descriptor-duplication finding, or {@code /dev/tcp/}, is reported as {@link FindingKind#REVERSE_SHELL}.
 */
final class Interpreters {
    /**
     * How an interpreter takes code.
     *
     * @param language normalised name
     * @param codeFlags options (or subcommands: {@code deno eval}) whose value is the code; also written
     *     {@code --flag=CODE}
     * @param codeLetter the letter that, in a cluster of short options, takes the code: the rest of the cluster
     *     ({@code ruby -e'puts 1'}) or, ending it, the next argument ({@code perl -ne CODE}); 0 if none
     * @param optionsWithValue other options that take a value
     * @param fileFlags options whose value is a script file ({@code gdb -x FILE}, {@code lldb -s FILE})
     * @param gathersCode whether every code option counts, in order, as lines of one script ({@code gdb -ex A -ex B})
     * @param operandsAreScripts whether the first operand is a script file; a debugger's operand is the program it
     *     debugs
     * @param encodedFlags options whose value is the code in base64 of UTF-16LE text (PowerShell's
     *     {@code -EncodedCommand})
     * @param optionsIgnoreCase whether options are matched whatever their case ({@code -Command}, {@code -command})
     * @param codeTakesRest whether every argument after the code option is part of the code (PowerShell joins them)
     */
    record Spec(
            String language,
            Set<String> codeFlags,
            char codeLetter,
            Set<String> optionsWithValue,
            Set<String> fileFlags,
            boolean gathersCode,
            boolean operandsAreScripts,
            Set<String> encodedFlags,
            boolean optionsIgnoreCase,
            boolean codeTakesRest) {
        Spec(String language, Set<String> codeFlags, char codeLetter, Set<String> optionsWithValue) {
            this(language, codeFlags, codeLetter, optionsWithValue, Set.of(), false, true);
        }

        Spec(
                String language,
                Set<String> codeFlags,
                char codeLetter,
                Set<String> optionsWithValue,
                Set<String> fileFlags,
                boolean gathersCode,
                boolean operandsAreScripts) {
            this(
                    language,
                    codeFlags,
                    codeLetter,
                    optionsWithValue,
                    fileFlags,
                    gathersCode,
                    operandsAreScripts,
                    Set.of(),
                    false,
                    false);
        }
    }

    private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "yash", "fish");

    /**
     * Programs that run code of a language of their own: the interpreters below by their usual names, {@code deno},
     * and awk, whose program is its first operand (the policy's code readers read those two; this analysis does not).
     */
    private static final Set<String> NAMES = Set.of(
            "python",
            "python2",
            "python3",
            "pypy",
            "pypy3",
            "perl",
            "ruby",
            "irb",
            "jruby",
            "node",
            "nodejs",
            "bun",
            "deno",
            "php",
            "lua",
            "luajit",
            "crystal",
            "groovy",
            "jshell",
            "jrunscript",
            "pwsh",
            "powershell",
            "Rscript",
            "julia",
            "tclsh",
            "wish",
            "expect",
            "jimsh",
            "gdb",
            "gdb-multiarch",
            "lldb",
            "awk",
            "gawk",
            "mawk",
            "nawk");

    private static final Spec PYTHON = new Spec("python", Set.of("-c"), 'c', Set.of("-W", "-X", "-m", "-Q"));
    private static final Spec PERL = new Spec("perl", Set.of("-e", "-E"), 'e', Set.of("-I", "-M", "-m", "-x"));
    private static final Spec RUBY = new Spec("ruby", Set.of("-e"), 'e', Set.of("-I", "-r", "-C"));
    private static final Spec NODE =
            new Spec("node", Set.of("-e", "--eval", "-p", "--print"), 'e', Set.of("-r", "--require", "--import"));
    private static final Spec PHP = new Spec("php", Set.of("-r"), 'r', Set.of("-d", "-c", "-f"));
    private static final Spec LUA = new Spec("lua", Set.of("-e"), 'e', Set.of("-l"));
    private static final Spec R = new Spec("r", Set.of("-e"), 'e', Set.of());
    /** julia(1): {@code julia -e CODE}, {@code -E CODE} evaluates and prints. */
    private static final Spec JULIA = new Spec(
            "julia",
            Set.of("-e", "-E", "--eval", "--print"),
            (char) 0,
            Set.of("-p", "-t", "-J", "-L", "-C", "-O", "-g"));
    /** deno(1): {@code deno eval CODE}; the language is JavaScript with Deno's own API. */
    private static final Spec DENO = new Spec("node", Set.of("eval"), (char) 0, Set.of());
    /** crystal(1): {@code crystal eval CODE}. */
    private static final Spec CRYSTAL = new Spec("crystal", Set.of("eval"), (char) 0, Set.of());
    /** groovy(1): {@code groovy -e CODE}. */
    private static final Spec GROOVY =
            new Spec("groovy", Set.of("-e"), 'e', Set.of("-cp", "-classpath", "--classpath", "-c", "--encoding"));
    /** jshell(1): snippets from script files or standard input. */
    private static final Spec JSHELL = new Spec(
            "java",
            Set.of(),
            (char) 0,
            Set.of("--class-path", "--module-path", "--add-modules", "--add-exports", "--startup", "--feedback"));
    /**
     * jrunscript(1): {@code jrunscript -e CODE} or a script operand; the script engine's code calls Java's own API
     * ({@code java.lang.Runtime.getRuntime().exec(…)}, {@code new java.net.Socket(…)}), so it is read as Java.
     */
    private static final Spec JRUNSCRIPT =
            new Spec("java", Set.of("-e"), 'e', Set.of("-cp", "-classpath", "--class-path", "-l"));
    /**
     * pwsh(1) and powershell.exe: {@code -Command}/{@code -c} takes the rest of the line as code,
     * {@code -EncodedCommand}/{@code -e}/{@code -ec}/{@code -enc} takes it as base64 of UTF-16LE text; parameter names
     * are matched whatever their case and may be cut to an unambiguous prefix (about_Pwsh, about_PowerShell_exe).
     */
    private static final Spec POWERSHELL = new Spec(
            "powershell",
            Set.of("-c", "-com", "-comm", "-comma", "-comman", "-command"),
            (char) 0,
            Set.of(
                    "-ex",
                    "-exe",
                    "-exec",
                    "-ep",
                    "-executionpolicy",
                    "-w",
                    "-win",
                    "-window",
                    "-windowstyle",
                    "-if",
                    "-inputformat",
                    "-o",
                    "-of",
                    "-outputformat",
                    "-configurationname",
                    "-settingsfile",
                    "-wd",
                    "-workingdirectory",
                    "-custompipename",
                    "-v",
                    "-version",
                    "-psconsolefile",
                    "-ea",
                    "-encodedarguments"),
            Set.of("-f", "-file"),
            false,
            true,
            Set.of("-e", "-ec", "-en", "-enc", "-enco", "-encod", "-encode", "-encoded", "-encodedcommand"),
            true,
            true);
    /** tclsh(1), wish(1): a script file or standard input; expect(1) also takes {@code -c CMDS}. */
    private static final Spec TCL = new Spec(
            "tcl",
            Set.of("-c"),
            (char) 0,
            Set.of("-encoding", "-display", "-geometry", "-name", "-use", "-visual", "-colormap"),
            Set.of("-f"),
            true,
            true);
    /** gdb(1) "Command Files" and "Mode Options": {@code -ex}/{@code -iex} lines, {@code -x} files. */
    private static final Spec GDB = new Spec(
            "gdb",
            Set.of(
                    "-ex",
                    "--ex",
                    "-eval-command",
                    "--eval-command",
                    "-iex",
                    "--iex",
                    "-init-eval-command",
                    "--init-eval-command"),
            (char) 0,
            Set.of(
                    "-p",
                    "--pid",
                    "-c",
                    "--core",
                    "-cd",
                    "--cd",
                    "-d",
                    "--directory",
                    "-s",
                    "--symbols",
                    "-e",
                    "--exec",
                    "-se",
                    "-b",
                    "-tty",
                    "--tty",
                    "-D",
                    "--data-directory",
                    "-l",
                    "-i",
                    "--interpreter"),
            Set.of("-x", "--x", "-command", "--command", "-ix", "--ix", "-init-command", "--init-command"),
            true,
            false);
    /** lldb(1): {@code -o}/{@code -O}/{@code -k} lines, {@code -s}/{@code -S} files. */
    private static final Spec LLDB = new Spec(
            "lldb",
            Set.of("-o", "--one-line", "-O", "--one-line-before-file", "-k", "--one-line-on-crash"),
            (char) 0,
            Set.of(
                    "-f",
                    "--file",
                    "-c",
                    "--core",
                    "-p",
                    "--attach-pid",
                    "-n",
                    "--attach-name",
                    "-a",
                    "--arch",
                    "-l",
                    "--script-language",
                    "-r",
                    "--repl-language"),
            Set.of("-s", "--source", "-S", "--source-before-file", "-K", "--source-on-crash"),
            true,
            false);

    private Interpreters() {}

    static Set<String> shells() {
        return SHELLS;
    }

    static Set<String> names() {
        return NAMES;
    }

    /** Whether {@code program} runs code of a language of its own, by its usual name or a versioned one. */
    static boolean isInterpreter(String program) {
        return NAMES.contains(program) || interpreter(program).isPresent();
    }

    static boolean isShell(String program) {
        return SHELLS.contains(program);
    }

    static Optional<Spec> interpreter(String program) {
        if (versioned(program, "python") || versioned(program, "pypy")) {
            return Optional.of(PYTHON);
        }
        if (versioned(program, "tclsh") || versioned(program, "wish")) {
            return Optional.of(TCL);
        }
        if (versioned(program, "lua")) {
            return Optional.of(LUA);
        }
        return Optional.ofNullable(
                switch (program) {
                    case "perl" -> PERL;
                    case "ruby", "irb", "jruby" -> RUBY;
                    case "node", "nodejs", "bun" -> NODE;
                    case "php" -> PHP;
                    case "lua", "luajit" -> LUA;
                    case "Rscript" -> R;
                    case "julia" -> JULIA;
                    case "tclsh", "wish", "expect", "jimsh" -> TCL;
                    case "gdb", "gdb-multiarch" -> GDB;
                    case "lldb" -> LLDB;
                    case "deno" -> DENO;
                    case "crystal" -> CRYSTAL;
                    case "groovy" -> GROOVY;
                    case "jshell" -> JSHELL;
                    case "jrunscript" -> JRUNSCRIPT;
                    case "pwsh", "pwsh.exe", "powershell", "powershell.exe" -> POWERSHELL;
                    default -> null;
                });
    }

    /** {@code python}, {@code python3}, {@code python3.12}: the name followed only by digits and dots. */
    private static boolean versioned(String program, String name) {
        if (!program.startsWith(name)) {
            return false;
        }
        for (int i = name.length(); i < program.length(); i++) {
            char c = program.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Well-known API names per finding, matched as plain substrings (fast, and easy to read); the order within a kind
     * decides which evidence is reported.
     */
    private static final Map<FindingKind, List<String>> NEEDLES = new EnumMap<>(Map.of(
            FindingKind.DELETES_FILES,
            List.of(
                    "shutil.rmtree",
                    "os.remove",
                    "os.unlink",
                    "os.rmdir",
                    "os.removedirs",
                    "rmtree",
                    "unlink",
                    "rmdir",
                    "rmSync",
                    "fs.rm",
                    "FileUtils.rm",
                    "rm_rf",
                    "File.delete",
                    "rimraf",
                    "Dir.rmdir",
                    "remove_dir",
                    "delete_file"),
            FindingKind.WRITES_FILES,
            List.of(
                    "writeFile",
                    "File.write",
                    "fwrite",
                    "file_put_contents",
                    ".write_text",
                    ".write_bytes",
                    "open(F, '>",
                    "open(F,'>",
                    ", 'w')",
                    ", \"w\")",
                    ", 'wb')",
                    ", \"wb\")",
                    ", 'a')",
                    ", \"a\")"),
            FindingKind.SPAWNS_PROCESS,
            List.of(
                    "os.system",
                    "subprocess",
                    "os.popen",
                    "os.exec",
                    "os.spawn",
                    "pty.spawn",
                    "child_process",
                    "execSync",
                    "spawnSync",
                    "spawn(",
                    "exec(",
                    "exec \"",
                    "exec '",
                    "system(",
                    "system \"",
                    "system '",
                    "Popen",
                    "proc_open",
                    "shell_exec",
                    "passthru",
                    "popen(",
                    "Kernel.exec",
                    "IO.popen",
                    "%x{",
                    "os.execute",
                    "io.popen"),
            FindingKind.NETWORK,
            List.of(
                    "socket",
                    "Socket",
                    "urllib",
                    "requests.",
                    "http.client",
                    "httplib",
                    "fetch(",
                    "net.connect",
                    "XMLHttpRequest",
                    "LWP::",
                    "Net::HTTP",
                    "fsockopen",
                    "curl_",
                    "http://",
                    "https://",
                    "/dev/tcp/"),
            FindingKind.DYNAMIC_CODE,
            List.of(
                    "eval(",
                    "exec(",
                    "compile(",
                    "Function(",
                    "__import__",
                    "b64decode",
                    "atob(",
                    "decode_base64",
                    "base64_decode",
                    "unpack(\"m",
                    "unpack('m")));

    private static final List<String> SHELL_WIRING =
            List.of("dup2", "pty.spawn", "/bin/sh", "/bin/bash", "sh -i", "cmd.exe", "fileno()", "fdopen", ">&");

    /** The heuristic scan; see the class comment for what it can and cannot see. */
    static List<Finding> scan(String code) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<FindingKind, List<String>> e : NEEDLES.entrySet()) {
            first(code, e.getValue()).ifPresent(needle -> out.add(new Finding(e.getKey(), needle)));
        }
        if (code.indexOf('`') != code.lastIndexOf('`')
                && out.stream().noneMatch(f -> f.kind() == FindingKind.SPAWNS_PROCESS)) {
            out.add(new Finding(FindingKind.SPAWNS_PROCESS, "`...`"));
        }
        boolean network = out.stream().anyMatch(f -> f.kind() == FindingKind.NETWORK);
        Optional<String> wiring = first(code, SHELL_WIRING);
        if (network && (wiring.isPresent() || code.contains("/dev/tcp/"))) {
            out.add(new Finding(FindingKind.REVERSE_SHELL, wiring.orElse("/dev/tcp/")));
        }
        return out;
    }

    private static Optional<String> first(String code, List<String> needles) {
        for (String n : needles) {
            if (code.contains(n)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
