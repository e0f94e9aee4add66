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
     * @param codeFlags options whose value is the code ({@code -c}, {@code -e})
     * @param codeLetter the letter that, ending a cluster of short options, takes the code ({@code perl -ne CODE})
     * @param optionsWithValue other options that take a value
     */
    record Spec(String language, Set<String> codeFlags, char codeLetter, Set<String> optionsWithValue) {}

    private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "yash", "fish");

    private static final Spec PYTHON = new Spec("python", Set.of("-c"), 'c', Set.of("-W", "-X", "-m", "-Q"));
    private static final Spec PERL = new Spec("perl", Set.of("-e", "-E"), 'e', Set.of("-I", "-M", "-m", "-x"));
    private static final Spec RUBY = new Spec("ruby", Set.of("-e"), 'e', Set.of("-I", "-r", "-C"));
    private static final Spec NODE =
            new Spec("node", Set.of("-e", "--eval", "-p", "--print"), 'e', Set.of("-r", "--require", "--import"));
    private static final Spec PHP = new Spec("php", Set.of("-r"), 'r', Set.of("-d", "-c", "-f"));
    private static final Spec LUA = new Spec("lua", Set.of("-e"), 'e', Set.of("-l"));
    private static final Spec R = new Spec("r", Set.of("-e"), 'e', Set.of());

    private Interpreters() {}

    static boolean isShell(String program) {
        return SHELLS.contains(program);
    }

    static Optional<Spec> interpreter(String program) {
        if (versioned(program, "python") || versioned(program, "pypy")) {
            return Optional.of(PYTHON);
        }
        return Optional.ofNullable(
                switch (program) {
                    case "perl" -> PERL;
                    case "ruby", "irb" -> RUBY;
                    case "node", "nodejs", "bun" -> NODE;
                    case "php" -> PHP;
                    case "lua", "luajit" -> LUA;
                    case "Rscript" -> R;
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
