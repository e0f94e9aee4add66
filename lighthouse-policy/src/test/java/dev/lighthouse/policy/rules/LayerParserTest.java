package dev.lighthouse.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.yaml.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerParserTest {

    private static List<String> problems(String text) {
        return LayerParser.parse("p.yaml", text).problems().stream()
                .map(Problem::toString)
                .toList();
    }

    @Test
    void parse_collectsEveryProblem_withPositionAndSuggestion() {
        List<String> problems = problems("""
                metadata: {name: t}
                rulez: []
                rules:
                  - id: a
                    decision: dney
                    match: {programs: [rm], target: [hom]}
                    reason: r
                  - decision: deny
                    when: 'prgram == "rm"'
                    reason: r
                """);
        assertThat(problems)
                .containsExactly(
                        "p.yaml:2:1: unknown top-level section \"rulez\" (did you mean \"rules\"?)",
                        "p.yaml:5:15: unknown decision \"dney\" (did you mean \"deny\"?)",
                        "p.yaml:6:13: unknown match field \"programs\" (did you mean \"program\"?)",
                        "p.yaml:6:38: unknown target \"hom\" (did you mean \"home\"?)",
                        "p.yaml:8:5: rule needs an \"id\"",
                        "p.yaml:9:12: condition: undeclared reference to 'prgram' (in container '')");
    }

    @Test
    void parse_conditionMustBeBoolean() {
        assertThat(problems("rules: [{id: a, decision: deny, reason: r, when: 'args'}]\n"))
                .singleElement()
                .asString()
                .contains("condition:");
    }

    @Test
    void parse_malformedYaml_pointsAtTheMark() {
        assertThat(problems("rules:\n  - id: [a\n")).singleElement().asString().startsWith("p.yaml:3:");
    }

    @Test
    void parse_fixtures_needExpectAndInput() {
        Layer layer = LayerParser.parse("p.yaml", """
                tests:
                  - {command: ls, expect: allow}
                  - {tool: Write, input: {file_path: /etc/hosts, content: x}, expect: deny, rule: write-system}
                """).layer();
        assertThat(layer.fixtures()).hasSize(2);
        assertThat(layer.fixtures().get(1).expectRule()).contains("write-system");
        assertThat(problems("tests: [{command: ls}]\n"))
                .singleElement()
                .asString()
                .contains("needs \"expect\"");
    }
}
