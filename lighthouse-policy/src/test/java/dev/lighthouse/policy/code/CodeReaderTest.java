package dev.lighthouse.policy.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeReaderTest {
    private static final CodeKnowledge KNOWLEDGE = InterpretersParser.builtIn();

    private static CodeFacts read(String language, String code) {
        return KNOWLEDGE.read(KNOWLEDGE.language(language).orElseThrow(), code);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            python | import os; os.system('id')                    | true
            python | print("os.system('id')")                      | false
            python | # os.system('id')                             | false
            python | '''os.system('id')'''                         | false
            node   | require('child_process').exec('id')           | true
            node   | /* require('child_process').exec('id') */ 1   | false
            node   | `require('child_process').exec('id')`         | false
            node   | `${require('child_process').execSync('id')}`  | true
            node   | `${name}`                                     | false
            python | print(f"{__import__('os').system('id')}")     | true
            python | print(f"{name!r:>10}")                        | false
            python | print("{__import__('os').system('id')}")      | false
            ruby   | puts "#{system('id')}"                        | true
            ruby   | puts '#{system("id")}'                        | false
            perl   | print "@{[ system('id') ]}"                   | true
            perl   | print "${name} @list"                         | false
            powershell | Write-Output "$(Start-Process cmd.exe)"   | true
            powershell | Write-Output '$(Start-Process cmd.exe)'   | false
            perl   | system 'id'                                   | true
            perl   | s{system}{exec}g                              | false
            ruby   | =begin\\nsystem 'id'\\nend\\n=end             | false
            php    | echo "system('id')";                          | false
            lua    | -- os.execute('id')                           | false
            """)
    void read_findsCallsInCodeButNotInStringsOrComments(String language, String code, boolean runs) {
        assertThat(read(language, code.replace("\\n", "\n")).has(CodeEffect.RUNS))
                .isEqualTo(runs);
    }

    @Test
    void read_interpolatedCodeIsReadAsCodeWhileTheStringStaysOneValue() {
        CodeFacts f = read(
                "python", "import os\nd = '/tmp/x'\nos.system(f\"rm -rf {d}\")\nprint(f\"{os.system('rm -rf ~')}\")");
        assertThat(f.commands()).containsExactly("rm -rf $CODE_VALUE", "rm -rf ~");
        CodeFacts nested = read("node", "const cp = require('child_process'); `a ${`b ${cp.execSync('id')}`}`");
        assertThat(nested.commands()).containsExactly("id");
    }

    @Test
    void read_followsAliasesAndAssignedPaths() {
        CodeFacts f = read(
                "python", "import shutil as s\nfrom os.path import expanduser as home\nd = home('~')\ns.rmtree(d)");
        assertThat(f.paths()).extracting(p -> p.path().orElse("")).containsExactly("~");
        assertThat(f.paths().getFirst().recursive()).isTrue();
    }

    @Test
    void read_aLineContinuationKeepsTheStatementGoing() {
        CodeFacts f = read("python", "import shutil\nd = \\\n    '~'\nshutil.rmtree(d)");
        assertThat(f.paths()).extracting(p -> p.path().orElse("")).containsExactly("~");
    }

    @Test
    void read_forkIsALoopOnlyWhenTheLoopNeverEnds() {
        assertThat(read("python", "import os\nfor i in range(3):\n    os.fork()")
                        .has(CodeEffect.FORK_LOOP))
                .isFalse();
        assertThat(read("python", "import os\nwhile True:\n    os.fork()").has(CodeEffect.FORK_LOOP))
                .isTrue();
        assertThat(read("perl", "1 while fork").has(CodeEffect.FORK_LOOP)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            tcl  | [
            tcl  | {
            tcl  | "
            tcl  | eval {
            tcl  | while 1 {
            tcl  | $x(
            gdb  | python\\n
            gdb  | call system(
            lldb | script os.system(
            """)
    void read_hostileTclAndDebuggerCodeStaysBounded(String language, String unit) {
        // 60,000 characters of unclosed openers: nested readers stop at their depth, every level reads the text once.
        String code = unit.replace("\\n", "\n").repeat(60_000 / unit.length());
        CodeFacts f = read(language, code);
        assertThat(f.commands().size()).isLessThan(1_000);
    }

    @Test
    void read_hostileCodeStaysBoundedAndSaysItWasCut() {
        String opens = "os.system(".repeat(20_000);
        CodeFacts f = read("python", opens);
        assertThat(f.truncated()).isTrue();
        String unterminated = "'" + "x".repeat(60_000);
        assertThat(read("python", unterminated).effects()).isEmpty();
        String bare = "system ".repeat(9_000);
        assertThat(read("perl", bare).has(CodeEffect.RUNS)).isTrue();
    }
}
