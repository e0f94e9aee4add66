package dev.lighthouse.policy.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.yaml.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterpretersParserTest {
    @Test
    void builtIn_loadsWithEveryExampleHolding() {
        CodeKnowledge knowledge = InterpretersParser.builtIn();
        assertThat(knowledge.languages())
                .extracting(l -> l.name())
                .contains("python", "node", "perl", "ruby", "php", "lua", "awk");
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
                                + " fork, socket, dup, deletes, reads, writes, opens, sends, fetches, evals, decodes, env, home,"
                                + " path, format, fork_loop, runs_dynamic");
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
