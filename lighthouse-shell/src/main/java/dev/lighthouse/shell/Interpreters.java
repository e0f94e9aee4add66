package dev.lighthouse.shell;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shells and script interpreters: how they take code ({@code -c}, {@code -e}...), and a heuristic scan of interpreter
 * code for destructive or network calls.
 *
 * <p>The scan is documented as a heuristic on purpose: it looks for well-known API names of Python, Perl, Ruby, Node,
 * PHP and Lua in the text (e.g. {@code shutil.rmtree}, {@code child_process}, {@code socket}), so obfuscated code can
 * evade it and harmless code that merely mentions those names is flagged. A network finding together with a process
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
        if (program.matches("python[0-9.]*|pypy[0-9.]*")) {
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

    private static final Map<FindingKind, Pattern> PATTERNS = new EnumMap<>(Map.of(
            FindingKind.DELETES_FILES,
            Pattern.compile(
                    "os\\.(?:remove|unlink|rmdir|removedirs)|shutil\\.rmtree|\\bunlink\\b|\\b(?:rmdir|rm)(?:Sync)?\\s*\\("
                            + "|rmtree|File\\.delete|FileUtils\\.rm\\w*|\\.unlink\\(|rimraf|fs\\.rm\\w*|Dir\\.rmdir"),
            FindingKind.WRITES_FILES,
            Pattern.compile("open\\([^)]*['\"][wa]b?\\+?['\"]|writeFile(?:Sync)?|File\\.write|fwrite|file_put_contents"
                    + "|\\.write_(?:text|bytes)|open\\s*\\(?\\s*\\w+\\s*,\\s*['\"]>"),
            FindingKind.SPAWNS_PROCESS,
            Pattern.compile("os\\.system|subprocess|os\\.popen|os\\.exec\\w*|os\\.spawn\\w*|pty\\.spawn|child_process"
                    + "|execSync|spawnSync|\\bspawn\\s*\\(|\\bsystem\\s*\\(?|Popen|proc_open|shell_exec|passthru"
                    + "|\\bpopen\\s*\\(|Kernel\\.exec|IO\\.popen|%x\\{|`[^`]+`|\\bexec\\s*\\(?\\s*['\"/]"),
            FindingKind.NETWORK,
            Pattern.compile(
                    "socket|urllib|requests\\.|http\\.client|httplib|\\bfetch\\s*\\(|net\\.connect|XMLHttpRequest"
                            + "|LWP::|Net::HTTP|IO::Socket|fsockopen|curl_\\w+|TCPSocket|https?://|/dev/tcp/"),
            FindingKind.DYNAMIC_CODE,
            Pattern.compile("\\beval\\s*\\(|\\bexec\\s*\\(|\\bcompile\\s*\\(|new\\s+Function\\s*\\(|__import__"
                    + "|base64\\.b64decode|atob\\s*\\(|decode_base64|base64_decode|unpack\\(['\"]m")));

    private static final Pattern SHELL_WIRING = Pattern.compile(
            "dup2|pty\\.spawn|/bin/(?:ba)?sh|\\bsh -i|cmd\\.exe|fileno\\(\\)|STDIN->fdopen|exec\\s+\\d*[<>]&");

    /** The heuristic scan; see the class comment for what it can and cannot see. */
    static List<Finding> scan(String code) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<FindingKind, Pattern> e : PATTERNS.entrySet()) {
            Matcher m = e.getValue().matcher(code);
            if (m.find()) {
                out.add(new Finding(e.getKey(), m.group()));
            }
        }
        boolean network = out.stream().anyMatch(f -> f.kind() == FindingKind.NETWORK);
        Matcher wiring = SHELL_WIRING.matcher(code);
        boolean wired = wiring.find();
        if (network && (wired || code.contains("/dev/tcp/"))) {
            out.add(new Finding(FindingKind.REVERSE_SHELL, wired ? wiring.group() : "/dev/tcp/"));
        }
        return out;
    }
}
