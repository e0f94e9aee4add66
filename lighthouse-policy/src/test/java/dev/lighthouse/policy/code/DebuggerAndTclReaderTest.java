package dev.lighthouse.policy.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.code.CodeFacts.CodePath;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the readers of command lines (gdb, lldb) and of Tcl words find what code does: which command of a line carries
 * code, where a block ends, which words of a Tcl command are options, redirections or a mode.
 */
class DebuggerAndTclReaderTest {
    private static final CodeKnowledge KNOWLEDGE = InterpretersParser.builtIn();

    private static CodeFacts read(String language, String code) {
        return KNOWLEDGE.read(KNOWLEDGE.language(language).orElseThrow(), code.replace("\\n", "\n"));
    }

    /** The commands the code runs, joined by {@code ;}, or {@code -} when it runs none. */
    private static String commands(CodeFacts f) {
        return f.commands().isEmpty() ? "-" : String.join(";", f.commands());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            gdb  | shell                                     | sh
            gdb  | !id                                       | id
            gdb  | ^| bt | wc -l^                            | wc -l
            gdb  | pipe bt                                   | -
            gdb  | ^pipe | sh^                                | sh
            gdb  | python\\nimport os\\nos.system('id')\\nend\\npython\\nx = 1\\nend | id
            gdb  | ^pipe bt |   ^                            | -
            gdb  | shellx id                                 | -
            gdb  | python\\nimport os\\nos.system('id')      | id
            gdb  | python\\nend\\nshell id                   | id
            gdb  | python\\nshell = 1\\nend                  | -
            gdb  | python\\nx = 1\\nend\\n!uname             | uname
            gdb  | ^  # shell id^                            | -
            lldb | platform shell uname -a                   | uname -a
            lldb | script import os; os.system('id')         | id
            """)
    void debugger_eachLineGoesToTheReaderOfItsCommand(String language, String code, String runs) {
        assertThat(commands(read(language, code))).isEqualTo(runs);
    }

    @Test
    void debugger_codeNobodyReadsIsDynamicAndAnEmptyBlockIsNothing() {
        assertThat(read("gdb", "source helpers.gdb").has(CodeEffect.RUNS_DYNAMIC))
                .isTrue();
        assertThat(read("gdb", "python\nend").effects()).isEmpty();
        assertThat(read("gdb", "python print('hi')").effects()).isEmpty();
    }

    @Test
    void debugger_longCodeIsCutAndSaysSo() {
        CodeFacts f = read("gdb", "bt\n".repeat(CodeLexer.MAX_CHARS / 3 + 1) + "shell id");
        assertThat(f.truncated()).isTrue();
        assertThat(f.has(CodeEffect.RUNS)).isFalse();
        assertThat(read("gdb", "bt\nshell id").truncated()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            exec -ignorestderr -- ls -l                    | ls -l
            ^exec ls | grep x > out.txt^                    | ^ls | grep x > out.txt^
            exec cat 2>@stderr /etc/hostname              | cat /etc/hostname
            exec sh << $script                             | sh
            exec id &                                      | id &
            exec /bin/sh                                   | /bin/sh
            ^# a comment \\\\nexec id^                     | -
            puts hi; # exec id                             | -
            """)
    void tcl_execKeepsTheShellWordsAndDropsTclChannels(String code, String runs) {
        assertThat(commands(read("tcl", code))).isEqualTo(runs);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            set f [open notes.txt]                | reads
            set f [open notes.txt r]              | reads
            set f [open notes.txt a]              | writes
            set f [open notes.txt r+]             | writes
            set f [open notes.txt {RDWR CREAT}]   | writes
            set f [open notes.txt {WRONLY TRUNC}] | writes
            """)
    void tcl_openReadsOrWritesByItsMode(String code, String effect) {
        CodeFacts f = read("tcl", code);
        assertThat(f.paths()).extracting(p -> p.effect().label()).containsExactly(effect);
        assertThat(f.paths()).extracting(CodePath::path).containsExactly(Optional.of("notes.txt"));
    }

    @Test
    void tcl_optionsEndAtDoubleDashAndAVariableSetTwiceIsKnownOnlyAtRunTime() {
        assertThat(read("tcl", "file delete -force -- -x").paths())
                .extracting(CodePath::path)
                .containsExactly(Optional.of("-x"));
        assertThat(read("tcl", "set d /tmp/x\nset d ~\nfile delete -force $d").paths())
                .extracting(CodePath::path)
                .containsExactly(Optional.empty());
        assertThat(read("tcl", "set d ~/.ssh\nfile delete -force $d").paths())
                .extracting(CodePath::path)
                .containsExactly(Optional.of("~/.ssh"));
        assertThat(read("tcl", "file delete -force [format ~/.aws]").paths())
                .extracting(CodePath::path)
                .containsExactly(Optional.of("~/.aws"));
    }

    @Test
    void tcl_runTimeCommandsAndPipesAreDynamic() {
        assertThat(read("tcl", "$cmd -la").has(CodeEffect.RUNS_DYNAMIC)).isTrue();
        assertThat(read("tcl", "exec {*}$argv").has(CodeEffect.RUNS_DYNAMIC)).isTrue();
        assertThat(read("tcl", "set p [open \"|$cmd\" r]").has(CodeEffect.RUNS_DYNAMIC))
                .isTrue();
        assertThat(read("tcl", "set p [open | r]").has(CodeEffect.RUNS_DYNAMIC)).isTrue();
        assertThat(read("tcl", "if {$x > 1} {puts big}").has(CodeEffect.RUNS_DYNAMIC))
                .isFalse();
    }

    @Test
    void tcl_forkLoopsNeedALoopThatNeverEnds() {
        assertThat(read("tcl", "for {} {} {} {fork}").has(CodeEffect.FORK_LOOP)).isTrue();
        assertThat(read("tcl", "for {set i 0} {true} {incr i} {fork}").has(CodeEffect.FORK_LOOP))
                .isTrue();
        assertThat(read("tcl", "for {set i 0} {$i < 3} {incr i} {fork}").has(CodeEffect.FORK_LOOP))
                .isFalse();
        assertThat(read("tcl", "while {$n > 0} {fork}").has(CodeEffect.FORK_LOOP))
                .isFalse();
        assertThat(read("tcl", "while yes {fork}").has(CodeEffect.FORK_LOOP)).isTrue();
        assertThat(read("tcl", "while 1 {puts x}").has(CodeEffect.FORK_LOOP)).isFalse();
    }

    @Test
    void tcl_readingTheUserIdChangesNothing() {
        assertThat(read("tcl", "puts [id userid]").has(CodeEffect.SETUID)).isFalse();
        CodeFacts f = read("tcl", "id userid 0");
        assertThat(f.has(CodeEffect.SETUID)).isTrue();
        assertThat(f.setuidTo()).containsExactly("0");
        assertThat(read("tcl", "id userid $u").setuidTo()).containsExactly("");
    }

    @Test
    void tcl_theEnvironmentIsReadByNameOrWhole() {
        CodeFacts named = read("tcl", "puts $env(GITHUB_TOKEN)");
        assertThat(named.environment()).containsExactly("GITHUB_TOKEN");
        assertThat(named.readsWholeEnvironment()).isFalse();
        assertThat(read("tcl", "puts [array get env]; puts $env($k)").readsWholeEnvironment())
                .isTrue();
    }

    @Test
    void tcl_urlsOfFetchesAreKept() {
        assertThat(read("tcl", "http::geturl -timeout 5 http://x.example/p.tcl").urls())
                .containsExactly("http://x.example/p.tcl");
    }
}
