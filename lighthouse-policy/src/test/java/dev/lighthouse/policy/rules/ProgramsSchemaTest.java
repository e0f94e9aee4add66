package dev.lighthouse.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.facts.Capability;
import dev.lighthouse.policy.facts.ProgramRegistry;
import dev.lighthouse.policy.facts.Reader;
import dev.lighthouse.policy.yaml.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A registry file with a mistake refuses to load, each mistake named with its file:line:column: a misspelled key
 * would otherwise drop what it says without a word (an example never checked, a bound never applied).
 */
class ProgramsSchemaTest {
    private static final String READERS =
            String.join(", ", Arrays.stream(Reader.values()).map(Reader::label).toList());

    /** Each problem up to its list of allowed keys, which the suggestion already points into. */
    private static List<String> problems(String text) {
        List<Problem> problems = new ArrayList<>();
        ProgramsParser.parse("p.yaml", text, ProgramRegistry.empty(), problems);
        return problems.stream()
                .map(p -> p.toString().replaceFirst("; expected one of [a-z_, ]+$", ""))
                .toList();
    }

    @Test
    void unknownKeys_atEveryLevel_areProblemsWhereTheyAre() {
        assertThat(problems("""
                        schema: 1
                        program: []
                        """)).containsExactly("p.yaml:2:1: unknown key \"program\" (did you mean \"programs\"?)");
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            exampels:
                              - {command: tool purge, does: destroys}
                        """)).containsExactly("p.yaml:4:5: unknown key \"exampels\" (did you mean \"examples\"?)");
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            read_only_with:
                              options: [-l]
                              scpoe: local
                        """)).containsExactly("p.yaml:6:7: unknown key \"scpoe\" (did you mean \"scope\"?)");
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            modules:
                              option: -m
                              nmes: [tool]
                        """)).containsExactly("p.yaml:6:7: unknown key \"nmes\" (did you mean \"names\"?)");
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            reader:
                              as: reads
                              wen: [x]
                        """)).containsExactly("p.yaml:6:7: unknown key \"wen\" (did you mean \"when\"?)");
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            facts:
                              - {does: destroys, words: [purge]}
                            examples:
                              - command: tool purge
                                dose: destroys
                        """)).containsExactly("p.yaml:8:9: unknown key \"dose\" (did you mean \"does\"?)");
    }

    @Test
    void badValues_areProblemsWhereTheyAre() {
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            reader:
                              names: [tool]
                        """)).containsExactly("p.yaml:5:7: a `reader` needs `as`: one of " + READERS);
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            reader:
                              as: [reads]
                        """)).containsExactly("p.yaml:5:11: `as` must be a value");
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            facts:
                              - words: [purge]
                              - does: [destroys]
                        """)).containsExactly("p.yaml:5:9: missing `does`", "p.yaml:6:15: `does` must be a value");
    }

    @Test
    void anExampleNamingAnUnknownCapability_isAProblemWithASuggestion() {
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            facts:
                              - {does: sends, words: [push]}
                            examples:
                              - {command: tool push, does: sendz}
                        """))
                .containsExactly("p.yaml:7:36: unknown capability \"sendz\" (did you mean \"sends\"?)");
    }

    @Test
    void aFailingExample_saysWhatWasFound_itsScopeIncluded() {
        assertThat(problems("""
                        programs:
                          - names: [tool]
                            source: tool(1)
                            read_only: [list]
                            examples:
                              - {command: tool list, not: read_only}
                        """))
                .containsExactly(
                        "p.yaml:6:9: example `tool list` should not be found to read_only; found [], read_only");
    }

    @Test
    void aFileThatIsNotAMapping_isAProblemAndAddsNothing() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry base = ProgramsParser.parse("base.yaml", """
                programs:
                  - names: [tool]
                    source: tool(1)
                    facts:
                      - {does: destroys, words: [purge]}
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        ProgramRegistry after = ProgramsParser.parse("p.yaml", "- names: [other]\n", base, problems);
        assertThat(problems.stream().map(Problem::toString))
                .containsExactly("p.yaml:1:1: expected a mapping with `programs:`");
        assertThat(after.find("tool", List.of("purge")).capabilities()).containsExactly(Capability.DESTROYS);
        assertThat(after.size()).isEqualTo(1);
    }
}
