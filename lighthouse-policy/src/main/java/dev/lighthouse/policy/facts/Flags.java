package dev.lighthouse.policy.facts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Normalises flags so rules need one spelling: {@code -rf}, {@code -r -f}, {@code -fr}, {@code -R --force} and
 * {@code --recursive --force} all give {@code recursive, force} for {@code rm}. Long flags lose their dashes and any
 * {@code =value}; short flags are split and named through a per-program table, else kept as the letter.
 */
final class Flags {
    private Flags() {}

    private static final Map<String, Map<Character, String>> SHORT = Map.ofEntries(
            Map.entry(
                    "rm",
                    Map.of(
                            'r',
                            "recursive",
                            'R',
                            "recursive",
                            'f',
                            "force",
                            'i',
                            "interactive",
                            'v',
                            "verbose",
                            'd',
                            "dir")),
            Map.entry("cp", Map.of('r', "recursive", 'R', "recursive", 'f', "force", 'a', "archive")),
            Map.entry("chmod", Map.of('R', "recursive")),
            Map.entry("chown", Map.of('R', "recursive")),
            Map.entry("chgrp", Map.of('R', "recursive")),
            Map.entry("shred", Map.of('u', "remove", 'z', "zero", 'f', "force", 'n', "iterations")),
            Map.entry("git push", Map.of('f', "force", 'u', "set-upstream", 'd', "delete")),
            Map.entry(
                    "git clean",
                    Map.of('f', "force", 'd', "directories", 'x', "ignored", 'X', "only-ignored", 'n', "dry-run")),
            Map.entry("git branch", Map.of('D', "force-delete", 'd', "delete", 'f', "force")),
            Map.entry("git checkout", Map.of('f', "force", 'b', "branch", 'B', "force-branch")),
            Map.entry("git reset", Map.of('q', "quiet")),
            Map.entry("git commit", Map.of('m', "message", 'a', "all", 'n', "no-verify")),
            Map.entry("sed", Map.of('i', "in-place", 'n', "quiet", 'e', "expression", 'E', "regexp-extended")),
            Map.entry("kill", Map.of('s', "signal", 'l', "list")),
            Map.entry(
                    "nc",
                    Map.of(
                            'l',
                            "listen",
                            'e',
                            "exec",
                            'c',
                            "command",
                            'p',
                            "port",
                            'v',
                            "verbose",
                            'n',
                            "numeric",
                            'k',
                            "keep-open",
                            'u',
                            "udp")),
            Map.entry(
                    "curl",
                    Map.of(
                            'd',
                            "data",
                            'F',
                            "form",
                            'T',
                            "upload-file",
                            'o',
                            "output",
                            'O',
                            "remote-name",
                            's',
                            "silent",
                            'S',
                            "show-error",
                            'L',
                            "location",
                            'f',
                            "fail",
                            'X',
                            "request")),
            Map.entry(
                    "docker run",
                    Map.of('v', "volume", 'p', "publish", 'd', "detach", 'i', "interactive", 't', "tty", 'e', "env")));

    static Set<String> normalise(String program, String subcommand, List<String> args) {
        Map<Character, String> table = SHORT.get(subcommand.isEmpty() ? program : program + " " + subcommand);
        if (table == null) {
            table = SHORT.getOrDefault(program, Map.of());
        }
        Set<String> flags = new LinkedHashSet<>();
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.startsWith("--") && arg.length() > 2) {
                int eq = arg.indexOf('=');
                flags.add(eq < 0 ? arg.substring(2) : arg.substring(2, eq));
            } else if (arg.startsWith("-") && arg.length() > 1 && !Character.isDigit(arg.charAt(1))) {
                for (int i = 1; i < arg.length(); i++) {
                    char c = arg.charAt(i);
                    if (!Character.isLetter(c)) {
                        break;
                    }
                    flags.add(table.getOrDefault(c, String.valueOf(c)));
                }
            }
        }
        if (flags.contains("R") && (program.equals("rm") || program.equals("cp"))) {
            flags.add("recursive");
        }
        return flags;
    }
}
