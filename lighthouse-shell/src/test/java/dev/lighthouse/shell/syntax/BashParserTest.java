package dev.lighthouse.shell.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per construct: the tree the parser builds and the source offsets it records. */
class BashParserTest {
    private static Script parse(String line) {
        ParseResult r = BashParser.parse(line, 32);
        assertThat(r.problems()).as(line).isEmpty();
        return r.script();
    }

    private static CommandNode only(String line) {
        List<Statement> statements = parse(line).statements();
        assertThat(statements).hasSize(1);
        return statements.getFirst().command();
    }

    private static CommandNode.Simple simple(String line) {
        return (CommandNode.Simple) only(line);
    }

    private static List<String> spans(CommandNode.Simple s, String line) {
        return s.words().stream().map(w -> w.span().of(line)).toList();
    }

    @Test
    void simpleCommand_wordsWithOffsets() {
        String line = "rm  -rf\t/tmp/x";
        CommandNode.Simple s = simple(line);
        assertThat(spans(s, line)).containsExactly("rm", "-rf", "/tmp/x");
        assertThat(s.words().get(2).span()).isEqualTo(new Span(8, 14));
    }

    @Test
    void quoting_partsKeepTheirKindAndValue() {
        WordNode w = simple("r''m\"a b\"$'\\x41'\\z").words().getFirst();
        assertThat(w.parts())
                .extracting(p -> p.getClass().getSimpleName())
                .containsExactly("Literal", "SingleQuoted", "Literal", "DoubleQuoted", "AnsiCQuoted", "Literal");
        assertThat(w.literal()).contains("rma bAz");
    }

    @Test
    void backslashNewline_joinsLines() {
        assertThat(simple("rm \\\n -rf").words()).hasSize(2);
        assertThat(simple("r\\\nm").words().getFirst().literal()).contains("rm");
    }

    @Test
    void parameterExpansion_nameOperatorAndArgument() {
        WordPart.ParamExpansion p = (WordPart.ParamExpansion)
                simple("echo ${DIR:-/tmp/$X}").words().get(1).parts().getFirst();
        assertThat(p.name()).isEqualTo("DIR");
        assertThat(p.operator()).isEqualTo(":-");
        assertThat(p.argument().orElseThrow().parts()).hasSize(2);

        WordPart.ParamExpansion len = (WordPart.ParamExpansion)
                simple("echo ${#HOME}").words().get(1).parts().getFirst();
        assertThat(len.prefix()).isEqualTo("#");
        assertThat(len.name()).isEqualTo("HOME");

        WordPart.ParamExpansion special = (WordPart.ParamExpansion)
                simple("echo $@").words().get(1).parts().getFirst();
        assertThat(special.name()).isEqualTo("@");
    }

    @Test
    void commandSubstitution_dollarAndBackquote_parsedRecursively() {
        String line = "echo $(rm -rf /) `ls -l`";
        CommandNode.Simple s = simple(line);
        WordPart.CommandSubstitution dollar =
                (WordPart.CommandSubstitution) s.words().get(1).parts().getFirst();
        WordPart.CommandSubstitution back =
                (WordPart.CommandSubstitution) s.words().get(2).parts().getFirst();
        CommandNode.Simple inner = (CommandNode.Simple) dollar.body().getFirst().command();
        assertThat(spans(inner, line)).containsExactly("rm", "-rf", "/");
        assertThat(back.backquoted()).isTrue();
        assertThat(spans((CommandNode.Simple) back.body().getFirst().command(), line))
                .containsExactly("ls", "-l");
    }

    @Test
    void arithmetic_expansionAndCommand() {
        WordPart.ArithmeticExpansion a = (WordPart.ArithmeticExpansion)
                simple("echo $((1 + (2*3)))").words().get(1).parts().getFirst();
        assertThat(a.expression()).isEqualTo("1 + (2*3)");
        assertThat(a.span()).isEqualTo(new Span(5, 19));
        WordPart.ArithmeticExpansion withSubstitution = (WordPart.ArithmeticExpansion)
                simple("echo $(( $(rm -rf /) + $X ))").words().get(1).parts().getFirst();
        assertThat(withSubstitution.parts())
                .extracting(p -> p.getClass().getSimpleName())
                .containsExactly("Literal", "CommandSubstitution", "Literal", "ParamExpansion", "Literal");
        assertThat(only("(( x++ ))")).isInstanceOf(CommandNode.Arithmetic.class);
        assertThat(simple("echo $( (ls) )").words().get(1).parts().getFirst())
                .isInstanceOf(WordPart.CommandSubstitution.class);
    }

    @Test
    void processSubstitution_bothDirections() {
        CommandNode.Simple s = simple("diff <(ls a) >(wc)");
        assertThat(s.words()).hasSize(3);
        assertThat(((WordPart.ProcessSubstitution) s.words().get(1).parts().getFirst()).direction())
                .isEqualTo('<');
        assertThat(((WordPart.ProcessSubstitution) s.words().get(2).parts().getFirst()).direction())
                .isEqualTo('>');
    }

    @Test
    void pipelinesAndLists() {
        CommandNode.AndOr a = (CommandNode.AndOr) only("a | b |& c && d || e");
        assertThat(a.operator()).isEqualTo("||");
        CommandNode.AndOr left = (CommandNode.AndOr) a.left().command();
        CommandNode.Pipeline p = (CommandNode.Pipeline) left.left().command();
        assertThat(p.stages()).hasSize(3);
        assertThat(p.operators()).containsExactly("|", "|&");

        List<Statement> list = parse("a; b & c\nd").statements();
        assertThat(list).hasSize(4);
        assertThat(list.get(1).background()).isTrue();
    }

    @Test
    void redirections_allOperatorsWithFdAndTarget() {
        Statement s =
                parse("cmd 2>&1 >>log <in &>all >|f 3<>rw <<<str").statements().getFirst();
        assertThat(s.redirects())
                .extracting(RedirectNode::operator)
                .containsExactly(">&", ">>", "<", "&>", ">|", "<>", "<<<");
        assertThat(s.redirects().getFirst().fd()).isEqualTo(2);
        assertThat(s.redirects().get(5).fd()).isEqualTo(3);
        assertThat(s.redirects().get(1).target().literal()).contains("log");
    }

    @Test
    void hereDocument_bodyReadFromFollowingLines_andParsingResumesAfterIt() {
        String line = "cat <<EOF | sh\nrm $X\nEOF\necho after";
        List<Statement> statements = parse(line).statements();
        assertThat(statements).hasSize(2);
        Statement cat = ((CommandNode.Pipeline) statements.getFirst().command())
                .stages()
                .getFirst();
        WordNode body = cat.redirects().getFirst().hereDoc().orElseThrow();
        assertThat(body.span().of(line)).isEqualTo("rm $X\n");
        assertThat(body.parts()).hasSize(3);

        WordNode quoted = parse("cat <<'EOF'\n$X\nEOF")
                .statements()
                .getFirst()
                .redirects()
                .getFirst()
                .hereDoc()
                .orElseThrow();
        assertThat(quoted.literal()).contains("$X\n");
    }

    @Test
    void assignments_prefixAppendAndArray() {
        CommandNode.Simple s = simple("A=1 B+=x C=(a b) cmd D=2");
        assertThat(s.assignments()).extracting(AssignmentNode::name).containsExactly("A", "B", "C");
        assertThat(s.assignments().get(1).append()).isTrue();
        assertThat(s.assignments().get(2).array()).hasSize(2);
        assertThat(s.words()).hasSize(2);
    }

    @Test
    void compoundCommands() {
        assertThat(only("if a; then b; elif c; then d; else e; fi")).isInstanceOfSatisfying(CommandNode.If.class, i -> {
            assertThat(i.branches()).hasSize(2);
            assertThat(i.otherwise()).hasSize(1);
        });
        assertThat(only("while a; do b; done")).isInstanceOf(CommandNode.Loop.class);
        assertThat(((CommandNode.Loop) only("until a; do b; done")).until()).isTrue();
        assertThat(only("for x in a b; do echo $x; done"))
                .isInstanceOfSatisfying(
                        CommandNode.For.class, f -> assertThat(f.items()).hasSize(2));
        assertThat(((CommandNode.For) only("for ((i=0; i<3; i++)); do :; done")).arithmetic())
                .hasValueSatisfying(h -> assertThat(h.expression()).isEqualTo("i=0; i<3; i++"));
        assertThat(only("select x in a b; do :; done")).isInstanceOf(CommandNode.Select.class);
        assertThat(only("case $x in a|b) one;; *) two;; esac")).isInstanceOfSatisfying(CommandNode.Case.class, c -> {
            assertThat(c.items()).hasSize(2);
            assertThat(c.items().getFirst().patterns()).hasSize(2);
        });
        assertThat(only("( a; b )")).isInstanceOf(CommandNode.Subshell.class);
        assertThat(only("{ a; b; }")).isInstanceOf(CommandNode.Group.class);
        assertThat(only("[[ -f x && $y == z ]]")).isInstanceOf(CommandNode.Test.class);
    }

    @Test
    void functionDefinitions_bothForms() {
        assertThat(((CommandNode.FunctionDef) only("f() { rm -rf /; }")).name()).isEqualTo("f");
        assertThat(((CommandNode.FunctionDef) only("function g { ls; }")).name())
                .isEqualTo("g");
        assertThat(((CommandNode.FunctionDef) only("function h() ( ls )"))
                        .body()
                        .command())
                .isInstanceOf(CommandNode.Subshell.class);
    }

    @Test
    void comments_areSkipped_butHashInsideAWordIsText() {
        assertThat(parse("ls # rm -rf /").statements()).hasSize(1);
        assertThat(simple("echo a#b").words().get(1).literal()).contains("a#b");
    }

    @Test
    void reservedWords_onlyInCommandPosition() {
        assertThat(spans(simple("echo if then fi done"), "echo if then fi done"))
                .hasSize(5);
        ParseResult stray = BashParser.parse("fi", 8);
        assertThat(stray.incomplete()).isTrue();
        assertThat(stray.problems().getFirst().message()).contains("unexpected 'fi'");
    }

    @Test
    void malformedInput_isIncompleteWithWhereAndWhat() {
        ParseResult r = BashParser.parse("echo \"abc", 8);
        assertThat(r.incomplete()).isTrue();
        assertThat(r.problems().getFirst().message()).contains("expected '\"'").contains("found end of input");
        assertThat(((CommandNode.Simple) r.script().statements().getFirst().command()).words())
                .hasSize(2);

        assertThat(BashParser.parse("if true; then ls", 8).problems().getFirst().message())
                .contains("expected 'fi' to close 'if' at 0");
    }
}
