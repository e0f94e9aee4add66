package dev.lighthouse.policy.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.yaml.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An interpreter knowledge file with schema errors refuses to load, each error named with its file:line:column. */
class InterpretersSchemaTest {
    private static List<String> problems(String text) {
        List<Problem> problems = new ArrayList<>();
        InterpretersParser.parse("s.yaml", text, problems);
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void parse_reportsEveryUnknownKeyAndBadValueWhereItIs() {
        assertThat(problems("""
                        schema: 2
                        extra: 1
                        languages:
                          - name: toy
                            source: a test
                            colour: red
                            syntax:
                              quotes: "'"
                              triple_quotes: maybe
                              command_quote: "ab"
                              block_comments: [["/*"]]
                              quote_operators: {q: strng}
                              shade: 1
                            calls:
                              - {does: runs, names: [run], speed: 1}
                            commands:
                              - {names: [sh], reads: shell, colour: 1}
                            script_commands: [if]
                            examples:
                              - {code: "run('ls')", does: [runs]}
                        """))
                .containsExactly(
                        "s.yaml:2:1: unknown key \"extra\"; expected one of languages, schema",
                        "s.yaml:1:9: unsupported schema version; expected 1",
                        "s.yaml:6:5: unknown key \"colour\"; expected one of calls, code_options, commands, examples,"
                                + " grammar, name, pipes_run_commands, programs, script_commands, socket_paths, source,"
                                + " syntax",
                        "s.yaml:13:7: unknown key \"shade\"; expected one of block_comments, case_insensitive,"
                                + " command_quote, dash_parameters, interpolation, line_comments, name_joiners,"
                                + " parenless_calls, quote_operators, quotes, sigils, string_prefixes, triple_quotes",
                        "s.yaml:11:24: a block comment is [opener, closer]",
                        "s.yaml:10:22: `command_quote` must be one character",
                        "s.yaml:12:28: unknown quote operator kind \"strng\"; expected one of command, string,"
                                + " substitution",
                        "s.yaml:9:22: `triple_quotes` must be true or false",
                        "s.yaml:15:36: unknown key \"speed\"; expected one of does, names, recursive",
                        "s.yaml:17:37: unknown key \"colour\"; expected one of names, reads",
                        "s.yaml:18:22: `script_commands` belong to languages of grammar words");
    }

    @Test
    void parse_refusesFilesAndSectionsOfTheWrongShape() {
        assertThat(problems("- a\n")).containsExactly("s.yaml:1:1: expected a mapping with `languages:`");
        assertThat(problems("languages: 1\n")).containsExactly("s.yaml:1:12: `languages` must be a list");
        assertThat(problems("""
                        languages:
                          - name: toy
                            source: a test
                            grammar: word
                            syntax: {quotes: "'", block_comments: 1, quote_operators: [q]}
                            calls:
                              - {does: runs, names: [run]}
                            examples:
                              - {code: "run('ls')", does: [runs]}
                        """))
                .containsExactly(
                        "s.yaml:5:43: `block_comments` must be a list of pairs",
                        "s.yaml:5:63: `quote_operators` must be a mapping of operator to kind",
                        "s.yaml:4:14: unknown grammar \"word\" (did you mean \"words\"?); expected one of calls, words,"
                                + " lines");
    }

    @Test
    void parse_checksEachExamplesKeysAndThePathItActsOn() {
        assertThat(problems("""
                        languages:
                          - name: toy
                            source: a test
                            syntax: {quotes: "'", triple_quotes: true, case_insensitive: false}
                            calls:
                              - {does: deletes, names: [rm]}
                            examples:
                              - {code: "rm('a')", path: "b", colour: 1}
                              - {code: "rm('a')", does: [deletes], not: [runs], path: "a"}
                        """))
                .containsExactly(
                        "s.yaml:8:38: unknown key \"colour\"; expected one of code, command, does, not, path",
                        "s.yaml:8:9: example `rm('a')` should act on `b`; acts on [deletes a]");
    }
}
