package dev.lighthouse.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the whole analysis over seeded random input: it never throws, and it is deterministic. Seeds are
 * printed; set {@code SEED} to reproduce a failure.
 */
class AnalyserPropertiesTest {
    private static final long SEED = 7_2026_11_23L;
    private static final int CASES = 3_000;
    private static final String ALPHABET = "ab rm-/\\'\"$`(){}[]<>|&;#~*?!=:+%,.\n\t019 ceEhlsx";

    @Test
    void randomInput_neverThrows() {
        Random random = new Random(SEED);
        System.out.println("AnalyserPropertiesTest.random seed=" + SEED);
        for (int i = 0; i < CASES; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(150);
            for (int j = 0; j < length; j++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String line = sb.toString();
            Analysis a = ShellAnalyser.analyse(line, Table.CONTEXT);
            assertThat(a.problems())
                    .as("seed=%d case=%d line=%s", SEED, i, line)
                    .noneMatch(p -> p.message().startsWith("internal error"));
        }
    }

    @Test
    void mutatedTableLines_neverThrow() {
        Random random = new Random(SEED);
        System.out.println("AnalyserPropertiesTest.mutated seed=" + SEED);
        List<Table.Case> cases = Table.load();
        for (int i = 0; i < CASES; i++) {
            StringBuilder line =
                    new StringBuilder(cases.get(random.nextInt(cases.size())).line());
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && !line.isEmpty(); e++) {
                int at = random.nextInt(line.length());
                switch (random.nextInt(3)) {
                    case 0 -> line.deleteCharAt(at);
                    case 1 -> line.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    default ->
                        line.insert(at, line.substring(at, Math.min(line.length(), at + 1 + random.nextInt(20))));
                }
            }
            Analysis a = ShellAnalyser.analyse(line.toString(), Table.CONTEXT);
            assertThat(a.problems())
                    .as("seed=%d case=%d line=%s", SEED, i, line)
                    .noneMatch(p -> p.message().startsWith("internal error"));
        }
    }

    @Test
    void sameInput_sameAnalysis() {
        for (Table.Case c : Table.load()) {
            assertThat(ShellAnalyser.analyse(c.line(), Table.CONTEXT))
                    .isEqualTo(ShellAnalyser.analyse(c.line(), Table.CONTEXT));
        }
    }

    @Test
    void hostileWork_isBoundedByBudgetsAndLimits() {
        String forkBomb = "f() { f | f & }; f";
        String loops =
                "for a in 1 2 3 4 5 6 7 8; do for b in 1 2 3 4 5 6 7 8; do for c in 1 2 3 4 5 6 7 8; do for d in 1 2 3 4 5 6 7 8; do echo $a$b$c$d; done; done; done; done";
        String longLine = "echo a; ".repeat(50_000);

        // A recursive call is walked for its own call and once more with its arguments unknown, never deeper.
        assertThat(ShellAnalyser.analyse(forkBomb, Table.CONTEXT).commands()).isEmpty();
        assertThat(ShellAnalyser.analyse(loops, Table.CONTEXT).commands()).isNotEmpty();
        Analysis cut = ShellAnalyser.analyse(longLine, Table.CONTEXT.withLimits(new Limits(1_000, 16)));
        assertThat(cut.incomplete()).isTrue();
        assertThat(cut.source()).hasSize(1_000);
    }
}
