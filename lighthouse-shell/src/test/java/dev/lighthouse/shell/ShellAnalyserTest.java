package dev.lighthouse.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.shell.syntax.Span;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the effective commands carry beyond program and arguments: paths, spans, inputs, code, limits. */
class ShellAnalyserTest {
    private static final ShellContext CTX = Table.CONTEXT;

    private static Analysis analyse(String line) {
        return ShellAnalyser.analyse(line, CTX);
    }

    private static Command first(String line, String program) {
        return analyse(line).commandsNamed(program).getFirst();
    }

    private static List<Optional<String>> paths(Command c) {
        return c.args().stream().map(Word::path).toList();
    }

    @Test
    void operands_resolveAgainstCwdAndHome_flagsDoNot() {
        Command rm = first("rm -rf ./build ../x ~/src /etc/../tmp -- -weird", "rm");
        assertThat(paths(rm))
                .containsExactly(
                        Optional.empty(),
                        Optional.of("/srv/proj/build"),
                        Optional.of("/srv/x"),
                        Optional.of("/home/u/src"),
                        Optional.of("/tmp"),
                        Optional.empty(),
                        Optional.of("/srv/proj/-weird"));
    }

    @Test
    void paths_followCd_andUnknownCdLeavesRelativePathsUnresolved() {
        assertThat(paths(first("cd /var && rm -rf log", "rm")).get(1)).contains("/var/log");
        assertThat(paths(first("cd \"$X\" && rm -rf log", "rm")).get(1)).isEmpty();
        assertThat(paths(first("cd \"$X\" && rm -rf /abs", "rm")).get(1)).contains("/abs");
    }

    @Test
    void keyValueAndLongOptionValues_thatLookLikePaths_areResolved() {
        assertThat(paths(first("dd if=/dev/zero of=~/disk.img", "dd")))
                .containsExactly(Optional.of("/dev/zero"), Optional.of("/home/u/disk.img"));
        assertThat(paths(first("curl --output=./x http://h", "curl")))
                .containsExactly(Optional.of("/srv/proj/x"), Optional.empty());
    }

    @Test
    void dynamicWords_haveNoPath_andKeepTheExpansionAsWritten() {
        Word w = first("rm -rf \"$DIR\"/", "rm").args().get(1);
        assertThat(w.dynamic()).isTrue();
        assertThat(w.value()).isEqualTo("$DIR/");
        assertThat(w.path()).isEmpty();
    }

    @Test
    void callerEnvironment_isKnown() {
        ShellContext ctx = new ShellContext("/w", "/home/x", Map.of("TARGET", "/srv"), Limits.defaults());
        Command rm =
                ShellAnalyser.analyse("rm -rf $TARGET/data", ctx).commands().getFirst();
        assertThat(rm.args().get(1).path()).contains("/srv/data");
    }

    @Test
    void redirectTargets_areResolved_andDescriptorsAreNot() {
        Command echo = first("echo x > ~/.bashrc 2>&1", "echo");
        assertThat(echo.redirects()).hasSize(2);
        assertThat(echo.redirects().getFirst().target().path()).contains("/home/u/.bashrc");
        assertThat(echo.redirects().getFirst().writesFile()).isTrue();
        assertThat(echo.redirects().get(1).target().path()).isEmpty();
        assertThat(echo.redirects().get(1).writesFile()).isFalse();
    }

    @Test
    void redirectsOfCompoundCommands_applyToTheCommandsInside() {
        Analysis a = analyse("{ echo a; echo b; } > /tmp/out");
        assertThat(a.commands())
                .allSatisfy(c ->
                        assertThat(c.redirects().getFirst().target().path()).contains("/tmp/out"));
    }

    @Test
    void spans_pointAtTheOriginalText_nestedCodeAtItsCarrierWord() {
        String line = "ls; sudo bash -c 'rm -rf /'";
        Analysis a = ShellAnalyser.analyse(line, CTX);
        assertThat(a.commandsNamed("ls").getFirst().span().of(line)).isEqualTo("ls");
        assertThat(a.commandsNamed("bash").getFirst().span().of(line)).isEqualTo("sudo bash -c 'rm -rf /'");
        Command rm = a.commandsNamed("rm").getFirst();
        assertThat(rm.span().of(line)).isEqualTo("'rm -rf /'");
        assertThat(rm.args().getFirst().span()).isEqualTo(new Span(17, 27));
    }

    @Test
    void stdin_pipeHereStringFileOrInherited() {
        Command grep = first("ls | grep x", "grep");
        assertThat(grep.stdin())
                .isInstanceOfSatisfying(
                        Input.Pipe.class,
                        p -> assertThat(p.upstream())
                                .extracting(Command::program)
                                .containsExactly("ls"));
        assertThat(first("cat <<< hi", "cat").stdin())
                .isInstanceOfSatisfying(
                        Input.Text.class, t -> assertThat(t.text().value()).isEqualTo("hi\n"));
        assertThat(first("cat < /etc/shadow", "cat").stdin())
                .isInstanceOfSatisfying(
                        Input.File.class, f -> assertThat(f.path().path()).contains("/etc/shadow"));
        assertThat(first("cat", "cat").stdin()).isInstanceOf(Input.Inherited.class);
    }

    @Test
    void pipeIntoShell_namesItsFeeders() {
        Command sh = first("curl -s http://x | sh", "sh");
        InterpreterCode code = sh.code().orElseThrow();
        assertThat(code.source()).isEqualTo(CodeSource.PIPE);
        assertThat(code.known()).isFalse();
        assertThat(code.feeders()).extracting(Command::program).containsExactly("curl");
        assertThat(code.findings()).extracting(Finding::kind).containsExactly(FindingKind.UNKNOWN_CODE);
    }

    @Test
    void decodedPayload_isAnalysedAndMarked() {
        Analysis a = analyse("echo cm0gLXJmIC8= | base64 -d | bash");
        Command rm = a.commandsNamed("rm").getFirst();
        assertThat(rm.via()).containsExactly("base64 -d | bash");
        assertThat(rm.has(Trait.DECODED_PAYLOAD)).isTrue();
        assertThat(a.commandsNamed("bash").getFirst().code().orElseThrow().text())
                .isEqualTo("rm -rf /");
    }

    /** Decoded text run as the command itself, straight from the substitution or through a variable. */
    @Test
    void decodedText_runAsTheCommand_isMarkedDecoded() {
        String payload = "echo Y3VybCAtcyBodHRwOi8veC5pby94 | base64 -d"; // curl -s http://x.io/x
        assertThat(first("x=$(" + payload + "); $x", "curl").has(Trait.DECODED_PAYLOAD))
                .isTrue();
        assertThat(first("$(" + payload + ")", "curl").has(Trait.DECODED_PAYLOAD))
                .isTrue();
        assertThat(first("x=\"$(" + payload + ")\"; eval \"$x\"", "curl").has(Trait.DECODED_PAYLOAD))
                .isTrue();
        // Decoded text given to a known program is its data.
        assertThat(first("x=$(" + payload + "); echo $x", "echo").has(Trait.DECODED_PAYLOAD))
                .isFalse();
    }

    @Test
    void interpreterOneLiner_exposesTextAndFindings() {
        InterpreterCode code = first("python3 -c 'import shutil; shutil.rmtree(\"/\")'", "python3")
                .code()
                .orElseThrow();
        assertThat(code.language()).isEqualTo("python");
        assertThat(code.text()).isEqualTo("import shutil; shutil.rmtree(\"/\")");
        assertThat(code.findings()).containsExactly(new Finding(FindingKind.DELETES_FILES, "shutil.rmtree"));
    }

    /**
     * How interpreters take code beyond {@code -c CODE}: attached to its letter in a cluster, under a versioned name, as
     * a subcommand, as PowerShell's rest of the line or base64 of UTF-16LE text.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "ruby -rsocket -e'puts 1'                        | ruby    | ruby       | puts 1",
                "perl -lne'print if /x/' f                       | perl    | perl       | print if /x/",
                "lua5.1 -e 'os.execute(\"id\")'                | lua5.1  | lua        | os.execute(\"id\")",
                "deno eval 'console.log(1)'                      | deno    | node       | console.log(1)",
                "crystal eval 'puts 1'                           | crystal | crystal    | puts 1",
                "groovy -e 'println 1'                           | groovy  | groovy     | println 1",
                "pwsh -NoProfile -Command Get-ChildItem -Recurse | pwsh    | powershell | Get-ChildItem -Recurse",
                "powershell -enc ZwBjAGkAIAAuAA==                | powershell | powershell | gci .",
                "jshell <<< 'System.out.println(1)'              | jshell  | java       | System.out.println(1)",
            })
    void interpreters_takeCodeInEveryWayTheirManualsSay(String line, String program, String language, String text) {
        InterpreterCode code = first(line, program).code().orElseThrow();
        assertThat(code.language()).isEqualTo(language);
        assertThat(code.text().strip()).isEqualTo(text);
    }

    @Test
    void privilegedMode_isAShellOption_notAnArgumentOfItsScript() {
        assertThat(first("find . -exec /bin/sh -p \\; -quit", "sh").has(Trait.KEEPS_PRIVILEGES))
                .isTrue();
        assertThat(first("bash -pc id", "bash").has(Trait.KEEPS_PRIVILEGES)).isTrue();
        assertThat(first("bash ./deploy.sh -p prod", "bash").has(Trait.KEEPS_PRIVILEGES))
                .isFalse();
        assertThat(first("sh -c 'mkdir -p build'", "sh").has(Trait.KEEPS_PRIVILEGES))
                .isFalse();
    }

    @Test
    void loopsWhoseConditionAlwaysHolds_markTheirBody() {
        assertThat(first("while :; do bash & done", "bash").has(Trait.ENDLESS_LOOP))
                .isTrue();
        assertThat(first("while true; do sleep 1; done", "sleep").has(Trait.ENDLESS_LOOP))
                .isTrue();
        assertThat(first("until false; do sh & done", "sh").has(Trait.ENDLESS_LOOP))
                .isTrue();
        assertThat(first("while read -r f; do gzip \"$f\" & done < list", "gzip")
                        .has(Trait.ENDLESS_LOOP))
                .isFalse();
        assertThat(first("until true; do sh; done", "sh").has(Trait.ENDLESS_LOOP))
                .isFalse();
    }

    @Test
    void optionsThatTakeAValue_endACluster_beforeAnyCodeLetter() {
        assertThat(first("python3 -Wignore x.py", "python3")
                        .code()
                        .orElseThrow()
                        .source())
                .isEqualTo(CodeSource.FILE);
        assertThat(first("perl -Mstrict -e 1", "perl").code().orElseThrow().text())
                .isEqualTo("1");
    }

    @Test
    void dataIsNotExecution() {
        assertThat(analyse("git commit -m \"fix rm -rf / bug\"").commands())
                .extracting(Command::program)
                .containsExactly("git");
        assertThat(analyse("grep 'rm -rf' x").commands())
                .extracting(Command::program)
                .containsExactly("grep");
        assertThat(analyse("echo \"sudo rm\" > notes").commands())
                .extracting(Command::program)
                .containsExactly("echo");
    }

    @Test
    void programNormalisation_keepsWhatWasWritten() {
        Command rm = first("sudo /bin/r\\m -rf /", "rm");
        assertThat(rm.programAsWritten()).isEqualTo("/bin/rm");
        assertThat(rm.has(Trait.PRIVILEGED)).isTrue();
        assertThat(rm.via()).containsExactly("sudo");
    }

    @Test
    void wrapperAssignments_reachTheWrappedCommand() {
        Command ls = first("env -i LD_PRELOAD=/tmp/x.so ls", "ls");
        assertThat(ls.assignments()).extracting(Assignment::name).containsExactly("LD_PRELOAD");
        assertThat(first("FOO=1 ls", "ls").assignments().getFirst().value().value())
                .isEqualTo("1");
    }

    @Test
    void inputLimit_cutsAndFlags_nestingLimit_flags() {
        Analysis cut = ShellAnalyser.analyse("ls; rm -rf /", CTX.withLimits(new Limits(3, 8)));
        assertThat(cut.incomplete()).isTrue();
        assertThat(cut.commands()).extracting(Command::program).containsExactly("ls");
        assertThat(cut.problems().getFirst().message()).contains("cut to the limit of 3");

        String nested = "bash -c \"bash -c 'bash -c ls'\"";
        Analysis shallow = ShellAnalyser.analyse(nested, CTX.withLimits(new Limits(1_000, 2)));
        assertThat(shallow.incomplete()).isTrue();
        assertThat(shallow.commandsNamed("ls"))
                .singleElement()
                .satisfies(ls -> assertThat(ls.via()).contains("nested beyond the limit"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        '$('             | ')'
        '('              | ' )'
        '{'              | '; }'
        'if :; then'     | '; fi'
        'while :; do'    | '; done'
        'eval builtin'   | ''
        'sudo'           | ''
        'nice'           | ''
        """)
    void nestingBeyondTheLimit_isReadFlat_soTheInnermostCommandIsStillSeen(String opener, String closer) {
        for (int levels : new int[] {70, 2_000}) {
            String line = (opener + " ").repeat(levels) + "rm -rf ~" + closer.repeat(levels);

            Analysis a = ShellAnalyser.analyse(line, CTX);

            assertThat(a.incomplete()).as(levels + " levels").isTrue();
            assertThat(a.commandsNamed("rm"))
                    .as(levels + " levels of " + opener)
                    .anySatisfy(rm -> assertThat(rm.argValues()).containsExactly("-rf", "/home/u"));
        }
    }

    @Test
    void nullInput_isAnEmptyAnalysis() {
        Analysis a = ShellAnalyser.analyse(null, CTX);
        assertThat(a.commands()).isEmpty();
        assertThat(a.incomplete()).isFalse();
    }
}
