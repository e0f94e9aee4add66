package dev.lighthouse.policy.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.yaml.Problem;
import dev.lighthouse.shell.InterpreterCode;
import dev.lighthouse.shell.ShellAnalyser;
import dev.lighthouse.shell.ShellContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterpretersParserTest {
    @Test
    void builtIn_loadsWithEveryExampleHolding() {
        CodeKnowledge knowledge = InterpretersParser.builtIn();
        assertThat(knowledge.languages())
                .extracting(l -> l.name())
                .contains("python", "node", "perl", "ruby", "php", "lua", "awk", "tcl", "gdb", "lldb");
    }

    /**
     * The same check as loading the built-in knowledge, done afresh: {@link InterpretersParser#builtIn()} loads once
     * per JVM, so a change to a reader that breaks an example would go unseen by later tests in the same JVM.
     */
    @Test
    void builtInFile_parsedAfresh_hasEveryExampleHolding() throws java.io.IOException {
        String text;
        try (var in = InterpretersParser.class.getResourceAsStream("/dev/lighthouse/policy/interpreters.yaml")) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<Problem> problems = new ArrayList<>();
        CodeKnowledge knowledge = InterpretersParser.parse(InterpretersParser.BUILT_IN_NAME, text, problems);
        assertThat(problems).isEmpty();
        assertThat(knowledge.languages())
                .hasSameSizeAs(InterpretersParser.builtIn().languages());
    }

    /**
     * The data's {@code code_options} and the shell analysis agree: each option of each program the analysis runs as
     * an interpreter hands over code ({@code deno} takes its code from a subcommand, {@code deno eval}, and is not
     * one).
     */
    @Test
    void builtIn_everyCodeOptionOfEveryProgramHandsItsValueToTheLanguage() {
        List<String> disagreements = new ArrayList<>();
        for (Language language : InterpretersParser.builtIn().languages()) {
            for (String program : language.programs()) {
                if (ShellAnalyser.analyse(program, ShellContext.of("/w", "/h"))
                        .commands()
                        .getFirst()
                        .code()
                        .isEmpty()) {
                    continue;
                }
                for (String option : language.codeOptions()) {
                    String line = program + " " + option + " 'CODE'";
                    Optional<InterpreterCode> code = ShellAnalyser.analyse(line, ShellContext.of("/w", "/h"))
                            .commands()
                            .getFirst()
                            .code();
                    boolean handsOver = code.filter(c -> c.text().equals("CODE"))
                            .flatMap(c -> InterpretersParser.builtIn().language(c.language()))
                            .filter(l -> l.name().equals(language.name()))
                            .isPresent();
                    if (!handsOver) {
                        disagreements.add(line + " -> " + code.map(c -> c.language() + ": " + c.text()));
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void parse_refusesCommandsThatReadAnUnknownKindOfCode() {
        List<Problem> problems = new ArrayList<>();
        InterpretersParser.parse("d.yaml", """
                languages:
                  - name: dbg
                    source: a test
                    grammar: lines
                    syntax: {quotes: "'"}
                    commands:
                      - {names: [sh], reads: shel}
                    calls:
                      - {does: runs, names: [system]}
                    examples:
                      - {code: "bt", not: [runs]}
                """, problems);
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly("d.yaml:7:30: unknown kind of code \"shel\" (did you mean \"shell\"?); expected shell,"
                        + " pipe, expression, unknown or a language of this file");
    }

    @Test
    void parse_reportsWhereAnUnknownEffectAndAFailingExampleAre() {
        List<Problem> problems = new ArrayList<>();
        InterpretersParser.parse("x.yaml", """
                languages:
                  - name: toy
                    source: a test
                    syntax: {line_comments: ["#"], quotes: "'"}
                    calls:
                      - {does: deletess, names: [rm]}
                      - {does: runs, names: [run]}
                    examples:
                      - {code: "run('ls')", does: [runs], command: "ls"}
                """, problems);
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly(
                        "x.yaml:6:16: unknown effect \"deletess\" (did you mean \"deletes\"?); expected one of runs, setuid,"
                                + " chmods, fork, socket, dup, listens, deletes, reads, writes, opens, sends, fetches, evals, decodes, env, home,"
                                + " path, format, disables_defence, installs, fork_loop, setuid_mode, runs_dynamic, evals_dynamic");
    }

    @Test
    void parse_reportsAnExampleThatDoesNotHold() {
        List<Problem> problems = new ArrayList<>();
        InterpretersParser.parse("x.yaml", """
                languages:
                  - name: toy
                    source: a test
                    syntax: {line_comments: ["#"], quotes: "'"}
                    calls:
                      - {does: runs, names: [run]}
                    examples:
                      - {code: "run('ls')", does: [runs], command: "ls"}
                      - {code: "# run('ls')", does: [runs]}
                      - {code: "run('ls')", command: "id"}
                """, problems);
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly(
                        "x.yaml:9:9: example `# run('ls')` should be found to runs; found []",
                        "x.yaml:10:9: example `run('ls')` should run `id`; runs [ls]");
    }

    @Test
    void parse_refusesAFoundEffectOnACall() {
        List<Problem> problems = new ArrayList<>();
        InterpretersParser.parse("x.yaml", """
                languages:
                  - name: toy
                    source: a test
                    syntax: {quotes: "'"}
                    calls:
                      - {does: fork_loop, names: [spin]}
                    examples:
                      - {code: "x", not: [runs]}
                """, problems);
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly("x.yaml:6:16: fork_loop is found from the code's shape, not written on calls");
    }
}
