package dev.lighthouse.policy.facts;

import dev.lighthouse.policy.call.Guard;
import dev.lighthouse.shell.Assignment;
import dev.lighthouse.shell.Command;
import dev.lighthouse.shell.Redirect;
import dev.lighthouse.shell.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an effective command does to Lighthouse itself: the signals {@link Signal#LIGHTHOUSE_ADMIN}, {@link
 * Signal#BRIDGE_REQUEST}, {@link Signal#STOP_BRIDGE}, {@link Signal#LIGHTHOUSE_ENV}, and reads of its data dir by
 * programs whose arguments are not known to be paths ({@code sqlite3 events.db}, interpreter code naming the dir).
 *
 * <p>Judged against the call's {@link Guard}: the data dirs and listen addresses the bridge reported, so a bridge on
 * another port or data dir is protected as well as the default one. Pure: no I/O.
 */
final class SelfFacts {
    /**
     * The Lighthouse subcommands that act as the owner (their CLI reads the owner's credential from the data dir):
     * by first subcommand, the second-level ones, or every one when the set is empty.
     */
    private static final Map<String, Set<String>> ADMIN_COMMANDS = Map.of(
            "review", Set.of(),
            "agents", Set.of(),
            "serve", Set.of(),
            "load", Set.of(),
            "policy", Set.of("apply", "rollback", "promote", "abort", "history", "shadow"),
            "hook", Set.of("install", "uninstall"),
            "events", Set.of("import", "export", "rotate-key"));
    /** Global options of the CLI that take a value, skipped to find the subcommand. */
    private static final Set<String> GLOBAL_VALUE_OPTIONS =
            Set.of("--config", "--data-dir", "--log-format", "-D", "--set");

    private static final Set<String> ENV_BUILTINS =
            Set.of("export", "declare", "typeset", "local", "readonly", "unset", "printenv", "env", "set", "getenv");
    private static final Set<String> KILLERS = Set.of("pkill", "killall", "skill", "pgrep");
    private static final String ENV_PREFIX = "LIGHTHOUSE_";
    /** The decision endpoints: asking for a decision is what every caller may do. */
    private static final List<String> DECISION_PATHS = List.of("/v1/hooks/", "/health/");

    private final Guard guard;

    SelfFacts(Guard guard) {
        this.guard = guard;
    }

    /** Adds the self-protection facts of {@code c} to its reading. */
    void read(Command c, CommandReader.Reading r, CommandReader reader) {
        if (runsLighthouseAdmin(c)) {
            r.signals.add(Signal.LIGHTHOUSE_ADMIN);
        }
        if (requestsBridge(c, r.connects)) {
            r.signals.add(Signal.BRIDGE_REQUEST);
        }
        if (stopsBridge(c)) {
            r.signals.add(Signal.STOP_BRIDGE);
        }
        if (touchesEnvironment(c)) {
            r.signals.add(Signal.LIGHTHOUSE_ENV);
        }
        dataDirArguments(c, r, reader);
    }

    // ------------------------------------------------------------------ lighthouse admin commands

    private static boolean runsLighthouseAdmin(Command c) {
        List<String> argv = lighthouseArgs(c);
        if (argv == null) {
            return false;
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < argv.size() && words.size() < 2; i++) {
            String a = argv.get(i);
            if (a.startsWith("-")) {
                if (GLOBAL_VALUE_OPTIONS.contains(a)) {
                    i++;
                }
                continue;
            }
            words.add(a);
        }
        if (words.isEmpty()) {
            return false;
        }
        Set<String> seconds = ADMIN_COMMANDS.get(words.getFirst());
        if (seconds == null) {
            return false;
        }
        return seconds.isEmpty() || (words.size() > 1 && seconds.contains(words.get(1)));
    }

    /** The CLI's arguments when {@code c} runs Lighthouse: the launcher, {@code java -jar lighthouse…jar}, or its class. */
    private static List<String> lighthouseArgs(Command c) {
        List<String> args = c.argValues();
        if (c.program().equals("lighthouse") || c.program().startsWith("lighthouse-")) {
            return args;
        }
        if (!c.program().equals("java")) {
            return null;
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.substring(a.lastIndexOf('/') + 1);
            boolean jar = i > 0 && args.get(i - 1).equals("-jar") && name.startsWith("lighthouse");
            if (jar || a.equals("dev.lighthouse.cli.Lighthouse")) {
                return args.subList(i + 1, args.size());
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ requests to the bridge

    private boolean requestsBridge(Command c, boolean connects) {
        for (Word w : c.args()) {
            if (namesBridgeEndpoint(w.value())) {
                return true;
            }
        }
        for (Redirect redirect : c.redirects()) {
            if (namesBridgeEndpoint(redirect.target().value())) {
                return true;
            }
        }
        if (connects && separateHostAndPort(c.argValues())) {
            return true;
        }
        // interpreter code: the host and the port may be apart, ('127.0.0.1', 8765). Split into words only when a
        // bridge's port is in it at all: code can be 64 KB, and most names no port.
        return c.code().isPresent()
                && mentionsBridgePort(c.code().get().text())
                && separateHostAndPort(List.of(c.code().get().text().split("[^A-Za-z0-9.:\\[\\]-]+")));
    }

    private boolean mentionsBridgePort(String text) {
        for (Guard.Address a : guard.listen()) {
            if (text.contains(Integer.toString(a.port()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether text names the bridge's host and port ({@code http://127.0.0.1:8765/v1/reviews}, {@code localhost:8765},
     * {@code /dev/tcp/127.0.0.1/8765}, {@code [::1]:8765}) with a path other than a decision endpoint. One pass, each
     * host read back to the previous separator, so long text costs linear time.
     */
    private boolean namesBridgeEndpoint(String text) {
        for (int i = 1; i < text.length() - 1; i++) {
            char sep = text.charAt(i);
            if ((sep != ':' && sep != '/') || !isDigit(text.charAt(i + 1))) {
                continue;
            }
            int digitsEnd = i + 1;
            while (digitsEnd < text.length() && isDigit(text.charAt(digitsEnd)) && digitsEnd - i <= 6) {
                digitsEnd++;
            }
            if (digitsEnd - i - 1 > 5) {
                continue;
            }
            String host = hostBefore(text, i);
            if (host.isEmpty() || !isBridge(host, Integer.parseInt(text.substring(i + 1, digitsEnd)))) {
                continue;
            }
            int pathEnd = digitsEnd;
            while (pathEnd < text.length() && " \t\n'\"`".indexOf(text.charAt(pathEnd)) < 0) {
                pathEnd++;
            }
            String path = text.substring(digitsEnd, pathEnd);
            if (DECISION_PATHS.stream().noneMatch(path::startsWith)) {
                return true;
            }
        }
        return false;
    }

    private static String hostBefore(String text, int end) {
        if (text.charAt(end - 1) == ']') {
            int open = text.lastIndexOf('[', end - 1);
            return open < 0 ? "" : text.substring(open, end);
        }
        int start = end;
        while (start > 0 && isHostChar(text.charAt(start - 1))) {
            start--;
        }
        return text.substring(start, end);
    }

    private static boolean isHostChar(char ch) {
        return ch == '.' || ch == '-' || ch < 128 && Character.isLetterOrDigit(ch);
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private boolean separateHostAndPort(List<String> words) {
        for (Guard.Address a : guard.listen()) {
            boolean port = words.contains(Integer.toString(a.port()));
            if (port && words.stream().anyMatch(w -> isBridgeHost(w, a))) {
                return true;
            }
        }
        return false;
    }

    private boolean isBridge(String host, int port) {
        for (Guard.Address a : guard.listen()) {
            if (a.port() == port && isBridgeHost(host, a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBridgeHost(String written, Guard.Address a) {
        String host = written.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals(a.host().toLowerCase(Locale.ROOT))) {
            return true;
        }
        // A bridge on loopback or on every interface answers on every loopback name.
        boolean local =
                isLoopback(a.host()) || a.host().equals("0.0.0.0") || a.host().equals("::");
        return local && isLoopback(host);
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost")
                || host.endsWith(".localhost")
                || host.equals("ip6-localhost")
                || host.equals("ip6-loopback")
                || host.startsWith("127.")
                || host.equals("127")
                || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1")
                || host.equals("0.0.0.0")
                || host.equals("0")
                || host.equals("::")
                || host.equals("2130706433")
                || host.equals("0x7f000001")
                || host.equals("0177.0.0.1")
                || host.startsWith("::ffff:127.");
    }

    // ------------------------------------------------------------------ stopping the bridge

    private boolean stopsBridge(Command c) {
        List<String> args = c.argValues();
        if (KILLERS.contains(c.program()) && !c.program().equals("pgrep")) {
            for (String a : args) {
                String lower = a.toLowerCase(Locale.ROOT);
                if (!a.startsWith("-") && (lower.contains("lighthouse") || lower.equals("java"))) {
                    return true;
                }
            }
        }
        if (c.program().equals("fuser") && args.stream().anyMatch(a -> a.startsWith("-") && a.contains("k"))) {
            for (Guard.Address a : guard.listen()) {
                if (args.contains(a.port() + "/tcp") || args.contains(Integer.toString(a.port()))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ LIGHTHOUSE_* variables

    private static boolean touchesEnvironment(Command c) {
        for (Assignment a : c.assignments()) {
            if (a.name().startsWith(ENV_PREFIX)) {
                return true;
            }
        }
        for (Word w : c.args()) {
            String v = w.value();
            if (ENV_BUILTINS.contains(c.program()) && v.startsWith(ENV_PREFIX)) {
                return true;
            }
            if (w.dynamic()
                    && (v.contains("$" + ENV_PREFIX)
                            || v.contains("${" + ENV_PREFIX)
                            || v.contains("${!" + ENV_PREFIX))) {
                return true;
            }
        }
        // interpreter code reading the environment by name: os.environ["LIGHTHOUSE_TOKEN"], process.env.LIGHTHOUSE_URL
        return c.code().isPresent() && c.code().get().text().contains(ENV_PREFIX);
    }

    // ------------------------------------------------------------------ the data dir named where no path is expected

    private void dataDirArguments(Command c, CommandReader.Reading r, CommandReader reader) {
        // awk's program is code: `awk '/[n]ode/ {print $2}'` names a pattern, not a file under `/`.
        Word awkProgram = ShellFacts.awkProgram(c).orElse(null);
        for (Word w : c.args()) {
            // Most arguments are no such place: asked first, that costs no full classification of each.
            if (w.path().isPresent()
                    && !w.dynamic()
                    && w != awkProgram
                    && reader.isLighthouseData(w.path().get())) {
                Target t = reader.target(w);
                if (r.ops.stream().noneMatch(o -> o.target().equals(t))) {
                    r.op(OpKind.READ, t, false);
                }
            }
        }
        if (c.code().isPresent()) {
            String code = c.code().get().text();
            for (java.nio.file.Path dir : guard.dataDirs()) {
                if (code.contains(dir.toString()) || code.contains("~/" + dir.getFileName())) {
                    r.op(OpKind.READ, reader.targetOf(dir.toString(), false), true);
                }
            }
        }
    }
}
