package dev.lighthouse.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile lines of every shape the pathological-input benchmark times (nested, long, many commands and pipes,
 * interpreter code, arithmetic, expansions that multiply), generated up to the 64 KB a hook may send: the analysis'
 * output, which is what the policy reads command by command and byte by byte, stays linear in the input. Measured in
 * characters and commands, not time, so the bound holds on any machine: {@link #work} of a 64 KB line is at most
 * {@link #MAX_WORK_PER_CHAR} per input character, and at most {@link #MAX_GROWTH} times that of the same shape at a
 * quarter of the size (4 for linear growth; quadratic growth gives 16).
 *
 * <p>Fillers are drawn from a seeded generator (printed), so each run reads different but repeatable lines.
 */
class PathologicalInputWorkTest {
    private static final long SEED = Long.getLong("lighthouse.seed", 26_2026_12_06L);
    private static final int LIMIT = 64 * 1024;
    private static final int MAX_WORK_PER_CHAR = 32;
    private static final double MAX_GROWTH = 5.0;

    static Stream<Arguments> shapes() {
        return Stream.of(
                shape("nested subshells", n -> nest("( ", "rm -rf ~", " )", n)),
                shape("nested substitutions", n -> "echo " + nest("$(echo ", "hi", ")", n)),
                shape("nested backquotes in substitutions", n -> "echo " + nest("$(echo `echo ", "hi", "`)", n)),
                shape("nested substitutions in quotes", n -> "echo " + nest("\"$(echo ", "hi", ")\"", n)),
                shape("nested eval", n -> "eval ".repeat((n - 16) / 5) + "rm -rf ~"),
                shape("nested bash -c", n -> nest("bash -c \"", "rm -rf ~", "\"", n)),
                shape("nested if", n -> nest("if true; then ", "ls", "; fi", n)),
                shape("nested parameters", n -> "echo " + nest("${a:-", "x", "}", n)),
                shape("nested arithmetic", n -> "echo " + nest("$((1+", "1", "))", n)),
                shape("long word", n -> "echo " + "a".repeat(n - 5)),
                shape("many commands", n -> fill("ls; ", n)),
                shape("many distinct commands", n -> words(n, "; ")),
                shape("many pipes", n -> fill("cat f | ", n - 2) + "sh"),
                shape("many distinct arguments", n -> "rm " + words(n - 3, " ")),
                shape("node code", n -> "node -e \"" + fill("child_process /bin/sh ", n - 12) + "\""),
                shape("python code", n -> "python3 -c \"" + fill("os.system('ls'); ", n - 14) + "\""),
                shape("arithmetic names", PathologicalInputWorkTest::arithmeticNames),
                shape(
                        "for arithmetic header",
                        n -> "for ((" + fill("i+=$(ls)1,", n - 24) + "i=0;i<1;i++)); do :; done"),
                shape("glob with many stars", n -> fill("X=" + "a".repeat(400) + "; echo ${X#*a*a*a*a*a*b}; ", n)),
                shape("doubling expansion", n -> "x=ab; " + fill("x=$x$x; ", n - 16) + "echo $x"),
                shape(
                        "here-document into bash",
                        n -> "bash <<'EOF'\n" + fill("rm -rf /tmp/scratch/x\n", n - 20) + "EOF\n"),
                shape("base64 into sh", PathologicalInputWorkTest::base64IntoShell));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void hostileLine_workIsLinearInItsLength(String name, IntFunction<String> line) {
        String quarter = line.apply(LIMIT / 4);
        String full = line.apply(LIMIT);
        assertThat(full.length()).as("%s fits a hook's 64 KB", name).isLessThanOrEqualTo(LIMIT);

        long small = work(ShellAnalyser.analyse(quarter, Table.CONTEXT));
        long large = work(ShellAnalyser.analyse(full, Table.CONTEXT));

        assertThat(large)
                .as("%s: work %d over %d characters (seed=%d)", name, large, full.length(), SEED)
                .isLessThanOrEqualTo((long) MAX_WORK_PER_CHAR * full.length());
        assertThat((double) large)
                .as("%s: work %d at 64 KB against %d at 16 KB (seed=%d)", name, large, small, SEED)
                .isLessThanOrEqualTo(MAX_GROWTH * Math.max(small, quarter.length()));
    }

    @Test
    void arithmeticNestedThousandsDeep_isReadFlatAndKeepsItsCommands() {
        int levels = 5_000;
        String line = "rm -rf ~; echo " + "$((1+".repeat(levels) + "$(rm -rf /)" + "))".repeat(levels);

        Analysis a = ShellAnalyser.analyse(line, Table.CONTEXT);

        assertThat(a.problems()).noneMatch(p -> p.message().startsWith("internal error"));
        assertThat(a.incomplete()).isTrue();
        assertThat(a.commandsNamed("rm"))
                .extracting(c -> c.args().getLast().value())
                .contains("/home/u", "/");
    }

    @Test
    void evalChainOfPlainWords_isReadOnceAndKeepsItsCommand() {
        String line = "eval ".repeat(13_000) + "rm -rf ~";

        Analysis a = ShellAnalyser.analyse(line, Table.CONTEXT);

        // eval eval … rm is eval rm: nothing is left unread (an eval chain of other words nests, and is read flat
        // past the limit: ShellAnalyserTest).
        assertThat(a.incomplete()).isFalse();
        assertThat(a.commandsNamed("rm"))
                .singleElement()
                .satisfies(rm -> assertThat(rm.argValues()).containsExactly("-rf", "/home/u"))
                .satisfies(rm -> assertThat(rm.via()).containsExactly("eval"));
        // One eval holding the words, and the code it runs: not one re-read of the line per level.
        assertThat(work(a)).as("work over %d characters", line.length()).isLessThanOrEqualTo(2L * line.length());
    }

    @Test
    void evalChainWhoseWordsReadBackDifferently_isReadLevelByLevel() {
        // The quotes inside the word are read by the second eval: skipping it would run the one word 'rm -rf /'.
        Analysis a = ShellAnalyser.analyse("eval eval \"'rm -rf /'\"", Table.CONTEXT);

        assertThat(a.commandsNamed("rm")).extracting(Command::toString).containsExactly("rm -rf /");
    }

    /**
     * What the policy reads of an analysis: a fixed cost per command (64) and per upstream command it is fed by (8),
     * plus every character of its name, arguments, assignments, redirection targets, route and code.
     */
    static long work(Analysis a) {
        long work = 0;
        for (Command c : a.commands()) {
            work += 64 + c.programAsWritten().length();
            for (Word w : c.args()) {
                work += w.value().length();
            }
            for (Assignment s : c.assignments()) {
                work += s.name().length() + s.value().value().length();
            }
            for (Redirect r : c.redirects()) {
                work += r.target().value().length();
            }
            for (String v : c.via()) {
                work += v.length();
            }
            if (c.stdin() instanceof Input.Pipe(var upstream)) {
                work += 8L * upstream.size();
            }
            work += c.code().map(code -> code.text().length()).orElse(0);
        }
        return work;
    }

    private static Arguments shape(String name, IntFunction<String> line) {
        return Arguments.of(name, line);
    }

    private static String nest(String open, String inner, String close, int limit) {
        int levels = (limit - inner.length() - 16) / (open.length() + close.length());
        return open.repeat(levels) + inner + close.repeat(levels);
    }

    private static String fill(String unit, int limit) {
        return unit.repeat((limit - 32) / unit.length());
    }

    /** Distinct random words (seeded) joined by {@code separator}, up to {@code limit} characters. */
    private static String words(int limit, String separator) {
        Random random = new Random(SEED);
        StringBuilder sb = new StringBuilder();
        while (true) {
            String w = "w" + Integer.toString(random.nextInt(1 << 30), 36);
            if (sb.length() + w.length() + separator.length() > limit - 16) {
                return sb.toString();
            }
            sb.append(w).append(separator);
        }
    }

    /** Each name's value names the previous one four times: evaluated naively, 4^25 reads per mention. */
    private static String arithmeticNames(int limit) {
        StringBuilder s = new StringBuilder("a=1; ");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            s.append(c)
                    .append("='")
                    .append(p)
                    .append('+')
                    .append(p)
                    .append('+')
                    .append(p)
                    .append('+')
                    .append(p)
                    .append("'; ");
        }
        String prefix = s.toString();
        return prefix + "echo $((z)); ".repeat((limit - prefix.length() - 16) / 13);
    }

    private static String base64IntoShell(int limit) {
        int plain = (limit - 40) * 3 / 4;
        String script = "rm -rf /tmp/scratch/x\n".repeat(plain / 22);
        return "echo " + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8))
                + " | base64 -d | sh";
    }

    static {
        System.out.println("PathologicalInputWorkTest seed=" + SEED);
    }
}
