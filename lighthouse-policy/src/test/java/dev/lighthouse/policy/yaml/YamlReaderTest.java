package dev.lighthouse.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class YamlReaderTest {

    @Test
    void everyNode_keepsTheLineAndColumnItStartsAt() {
        YamlNode.Mapping root = (YamlNode.Mapping) YamlReader.read("""
                log:
                  format: json
                files: [a.yaml, b.yaml]
                """).orElseThrow();

        YamlNode.Mapping log = (YamlNode.Mapping) root.values().get("log");
        assertThat(log.keys().get("format"))
                .extracting(YamlNode::line, YamlNode::column)
                .containsExactly(2, 3);
        assertThat(log.values().get("format"))
                .extracting(YamlNode::line, YamlNode::column)
                .containsExactly(2, 11);
        YamlNode.Sequence files = (YamlNode.Sequence) root.values().get("files");
        assertThat(files.items().get(1))
                .extracting(YamlNode::line, YamlNode::column)
                .containsExactly(3, 17);
    }

    @Test
    void scalars_keepTheirText_andTheKindYaml12ResolvedThemTo() {
        YamlNode.Sequence items = (YamlNode.Sequence)
                YamlReader.read("[10m, 2, 1.50, true, on, ~, '3']").orElseThrow();

        assertThat(items.items())
                .extracting(n -> ((YamlNode.Scalar) n).value(), n -> ((YamlNode.Scalar) n).kind())
                .map(t -> t.toList())
                .containsExactly(
                        java.util.List.of("10m", YamlNode.Kind.STRING),
                        java.util.List.of("2", YamlNode.Kind.INTEGER),
                        java.util.List.of("1.50", YamlNode.Kind.DECIMAL),
                        java.util.List.of("true", YamlNode.Kind.BOOLEAN),
                        java.util.List.of("on", YamlNode.Kind.STRING),
                        java.util.List.of("", YamlNode.Kind.NULL),
                        java.util.List.of("3", YamlNode.Kind.STRING));
    }

    @Test
    void malformedYaml_pointsAtTheProblemMark_withContextAndProblem() {
        assertThatThrownBy(() -> YamlReader.read("log:\n  format: [json\n"))
                .isInstanceOfSatisfying(MalformedYamlException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(1);
                    assertThat(e.context()).isEqualTo("while parsing a flow sequence");
                    assertThat(e.problem()).isEqualTo("expected ',' or ']', but got <stream end>");
                })
                .hasMessage("3:1: malformed YAML: while parsing a flow sequence;"
                        + " expected ',' or ']', but got <stream end>");
    }

    @Test
    void aliases_areResolved_butANodeContainingItselfIsRefused() {
        YamlNode.Mapping root = (YamlNode.Mapping)
                YamlReader.read("base: &b {limit: 1}\ncopy: *b\n").orElseThrow();
        assertThat(((YamlNode.Mapping) root.values().get("copy")).values()).containsOnlyKeys("limit");

        assertThatThrownBy(() -> YamlReader.read("a: &a [*a]\n")).isInstanceOf(MalformedYamlException.class);
    }

    @Test
    void anEmptyDocument_isEmpty() {
        assertThat(YamlReader.read("# nothing\n")).isEmpty();
        assertThat(YamlReader.read("")).isEmpty();
    }

    @Test
    void didYouMean_suggestsTheClosestKnownName_withinAQuarterOfItsLength() {
        java.util.List<String> known = java.util.List.of("log.format", "log.level", "data-dir");
        assertThat(DidYouMean.suggest("log.formt", known, '`')).isEqualTo(" (did you mean `log.format`?)");
        assertThat(DidYouMean.suggest("dney", java.util.List.of("allow", "deny"), '"'))
                .isEqualTo(" (did you mean \"deny\"?)");
        assertThat(DidYouMean.closest("colour", known)).isEmpty();
    }
}
