package dev.lighthouse.shell;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Commands that run another command given as their remaining arguments ({@code sudo rm}, {@code env X=1 rm},
 * {@code timeout 5 rm}, {@code xargs rm}): which of their options take a value, how many operands come before the
 * command, and what running through them implies. The wrapper itself is not an effective command; the command it
 * runs is, with the wrapper in its {@code via}.
 */
final class Wrappers {
    /**
     * How to find the wrapped command.
     *
     * @param optionsWithValue options whose value is the next word (when not attached)
     * @param operandsBefore operands between the options and the command ({@code timeout DURATION cmd})
     * @param assignments {@code NAME=value} words may precede the command ({@code env}, {@code sudo})
     * @param traits what running through this wrapper implies
     * @param defaultCommand the command run when none is given ({@code xargs} runs {@code echo})
     */
    record Spec(
            Set<String> optionsWithValue,
            int operandsBefore,
            boolean assignments,
            Set<Trait> traits,
            Optional<String> defaultCommand) {}

    /**
     * The wrapped command found in argv.
     *
     * @param start index in argv of the wrapped program; argv.size() when there is none
     * @param assignments variables the wrapper sets for it
     */
    record Unwrapped(int start, List<Assignment> assignments) {}

    private static final Set<Trait> NONE = Set.of();
    private static final Set<Trait> PRIVILEGED = EnumSet.of(Trait.PRIVILEGED);
    private static final Set<Trait> FROM_INPUT = EnumSet.of(Trait.ARGUMENTS_FROM_INPUT);

    private static final Map<String, Spec> SPECS = Map.ofEntries(
            Map.entry(
                    "sudo",
                    spec(
                            PRIVILEGED,
                            true,
                            0,
                            "-u",
                            "-g",
                            "-h",
                            "-p",
                            "-C",
                            "-D",
                            "-r",
                            "-t",
                            "-T",
                            "-U",
                            "-R",
                            "--user",
                            "--group",
                            "--host",
                            "--prompt",
                            "--chdir",
                            "--role",
                            "--type",
                            "--other-user",
                            "--close-from",
                            "--command-timeout")),
            Map.entry("doas", spec(PRIVILEGED, false, 0, "-u", "-C")),
            Map.entry("pkexec", spec(PRIVILEGED, false, 0, "--user")),
            Map.entry("runuser", spec(PRIVILEGED, false, 0, "-u", "-g", "-G", "--user", "--group")),
            Map.entry("env", spec(NONE, true, 0, "-u", "--unset", "-C", "--chdir", "-S", "--split-string")),
            Map.entry("nice", spec(NONE, false, 0, "-n", "--adjustment")),
            Map.entry("nohup", spec(NONE, false, 0)),
            Map.entry("setsid", spec(NONE, false, 0)),
            Map.entry("timeout", spec(NONE, false, 1, "-s", "--signal", "-k", "--kill-after")),
            Map.entry("time", spec(NONE, false, 0, "-f", "--format", "-o", "--output")),
            Map.entry("stdbuf", spec(NONE, false, 0, "-i", "-o", "-e", "--input", "--output", "--error")),
            Map.entry("ionice", spec(NONE, false, 0, "-c", "-n", "--class", "--classdata")),
            Map.entry("chrt", spec(NONE, false, 1)),
            Map.entry("taskset", spec(NONE, false, 1)),
            Map.entry("chroot", spec(NONE, false, 1, "--userspec", "--groups")),
            Map.entry("flock", spec(NONE, false, 1, "-w", "--timeout", "-E", "--conflict-exit-code")),
            Map.entry("command", spec(NONE, false, 0)),
            Map.entry("builtin", spec(NONE, false, 0)),
            Map.entry("exec", spec(NONE, false, 0, "-a")),
            Map.entry("busybox", spec(NONE, false, 0)),
            Map.entry("toybox", spec(NONE, false, 0)),
            Map.entry("unbuffer", spec(NONE, false, 0)),
            Map.entry("torsocks", spec(NONE, false, 0)),
            Map.entry("proxychains", spec(NONE, false, 0, "-f")),
            Map.entry("proxychains4", spec(NONE, false, 0, "-f")),
            Map.entry("strace", spec(NONE, false, 0, "-o", "-e", "-p", "-s", "-u", "-E", "-P")),
            Map.entry("ltrace", spec(NONE, false, 0, "-o", "-e", "-p", "-s", "-u")),
            Map.entry("caffeinate", spec(NONE, false, 0, "-t", "-w")),
            Map.entry(
                    "xargs",
                    new Spec(
                            Set.of(
                                    "-I",
                                    "-n",
                                    "-P",
                                    "-L",
                                    "-d",
                                    "-E",
                                    "-s",
                                    "-a",
                                    "--arg-file",
                                    "--delimiter",
                                    "--max-args",
                                    "--max-procs",
                                    "--max-lines",
                                    "--eof",
                                    "--replace",
                                    "--max-chars",
                                    "--process-slot-var"),
                            0,
                            false,
                            FROM_INPUT,
                            Optional.of("echo"))),
            Map.entry(
                    "parallel",
                    new Spec(
                            Set.of(
                                    "-j",
                                    "-S",
                                    "--jobs",
                                    "-a",
                                    "--arg-file",
                                    "-d",
                                    "-I",
                                    "--colsep",
                                    "-n",
                                    "-N",
                                    "-L",
                                    "--sshlogin",
                                    "--delimiter",
                                    "--joblog",
                                    "--results"),
                            0,
                            false,
                            FROM_INPUT,
                            Optional.empty())));

    private Wrappers() {}

    static Optional<Spec> spec(String program) {
        return Optional.ofNullable(SPECS.get(program));
    }

    private static Spec spec(Set<Trait> traits, boolean assignments, int operandsBefore, String... optionsWithValue) {
        return new Spec(Set.of(optionsWithValue), operandsBefore, assignments, traits, Optional.empty());
    }

    /**
     * Skips the wrapper's options (and {@code NAME=value} words where allowed) in {@code argv} (argv[0] is the
     * wrapper) and returns where the wrapped command starts.
     */
    static Unwrapped unwrap(Spec spec, List<Word> argv) {
        List<Assignment> assignments = new ArrayList<>();
        int i = 1;
        while (i < argv.size()) {
            String a = argv.get(i).value();
            if (a.equals("--")) {
                i++;
                break;
            }
            if (a.startsWith("-") && a.length() > 1) {
                i += spec.optionsWithValue().contains(a) ? 2 : 1;
                continue;
            }
            int eq = a.indexOf('=');
            if (spec.assignments() && eq > 0 && Scope.isVariableName(a.substring(0, eq))) {
                Word w = argv.get(i);
                assignments.add(new Assignment(
                        a.substring(0, eq), new Word(a.substring(eq + 1), w.dynamic(), Optional.empty(), w.span())));
                i++;
                continue;
            }
            break;
        }
        i += spec.operandsBefore();
        return new Unwrapped(Math.min(i, argv.size()), assignments);
    }
}
