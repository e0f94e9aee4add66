package dev.lighthouse.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.facts.Capability;
import dev.lighthouse.policy.facts.ProgramRegistry;
import dev.lighthouse.policy.facts.Scope;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.policy.yaml.Problem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capability registry loads only when its schema holds and every example of every entry holds. */
class ProgramsParserTest {
    private static List<String> problems(String text) {
        List<Problem> problems = new ArrayList<>();
        ProgramsParser.parse("p.yaml", text, ProgramRegistry.empty(), problems);
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void builtIn_loadsWithEveryExampleHolding() {
        ProgramRegistry registry = ProgramsParser.builtIn();
        assertThat(registry.size()).isGreaterThanOrEqualTo(1500);
        assertThat(registry.find("gh", List.of("repo", "delete", "o/x")).capabilities())
                .contains(Capability.DESTROYS);
        assertThat(registry.find("gh", List.of("repo", "view", "o/x")).capabilities())
                .doesNotContain(Capability.DESTROYS);
    }

    /**
     * The same check as loading the built-in registry, done afresh: {@link ProgramsParser#builtIn()} loads once per
     * JVM, so a change to how facts are read that breaks an example would go unseen by later tests in the same JVM.
     */
    @Test
    void builtInFiles_parsedAfresh_haveEveryExampleHolding() {
        assertThat(ProgramsParser.load().size())
                .isEqualTo(ProgramsParser.builtIn().size());
    }

    @Test
    void parseAll_aNameInTwoFamilies_isAProblemAtTheLaterOne() {
        List<Problem> problems = new ArrayList<>();
        java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("<a>", """
                verbs: [purge]
                programs:
                  - names: [tool, other]
                    source: tool(1)
                    examples:
                      - {command: tool purge, does: destroys}
                """);
        files.put("<b>", """
                programs:
                  - names: [third, tool]
                    source: tool(8)
                    read_only: true
                    examples:
                      - {command: third, does: read_only}
                """);
        ProgramRegistry registry = ProgramsParser.parseAll(files, problems);
        assertThat(problems.stream().map(Problem::toString))
                .containsExactly(
                        "<b>:2:20: program \"tool\" is already described at <a>:3; a name belongs to one family");
        assertThat(registry.find("third", List.of()).scope()).contains(Scope.READ_ONLY);
    }

    @Test
    void find_aWriteOfANamedFile_staysWithinALocalBoundButNotAReadOnlyOne() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry registry = ProgramsParser.parse("p.yaml", """
                programs:
                  - names: [conv]
                    source: conv(1)
                    subcommands: 0
                    facts:
                      - {does: writes, option: -o, payload: value}
                      - {does: sends, options: [--upload]}
                    local: true
                  - names: [view]
                    source: view(1)
                    subcommands: 0
                    facts:
                      - {does: writes, option: -o, payload: value}
                    read_only: true
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        ProgramRegistry.Found written = registry.find("conv", List.of("-o", "/usr/local/bin/x", "in.txt"));
        assertThat(written.scope()).contains(Scope.LOCAL);
        assertThat(written.payloads().get(Capability.WRITES)).containsExactly("/usr/local/bin/x");
        assertThat(registry.find("conv", List.of("-o", "out", "--upload")).scope())
                .isEmpty();
        assertThat(registry.find("view", List.of("in.txt")).scope()).contains(Scope.READ_ONLY);
        assertThat(registry.find("view", List.of("-o", "out", "in.txt")).scope())
                .isEmpty();
    }

    @Test
    void builtIn_isReadFromEveryFamilyFile() {
        assertThat(ProgramsParser.RESOURCES).hasSizeGreaterThan(1);
        assertThat(ProgramsParser.builtInName("/dev/lighthouse/policy/programs-unix.yaml"))
                .isEqualTo("<programs-unix>");
        ProgramRegistry registry = ProgramsParser.builtIn();
        // one program from each family file
        assertThat(registry.find("fuser", List.of("-k", "8080/tcp")).capabilities())
                .contains(Capability.DESTROYS);
        assertThat(registry.find("defaults", List.of("write", "com.apple.dock", "x"))
                        .capabilities())
                .contains(Capability.SYSTEM);
        assertThat(registry.find("hg", List.of("strip", "-r", "1")).capabilities())
                .contains(Capability.DESTROYS);
        assertThat(registry.find("pacman", List.of("-Rns", "nginx")).capabilities())
                .contains(Capability.DESTROYS);
        assertThat(registry.find("ascii85", List.of("/etc/shadow")).capabilities())
                .contains(Capability.READS);
        assertThat(registry.find("hexyl", List.of("build/app.bin")).scope()).contains(Scope.READ_ONLY);
    }

    @Test
    void parse_unknownCapability_isReportedWithPositionAndSuggestion() {
        assertThat(problems("""
                programs:
                  - names: [x]
                    source: x(1)
                    facts:
                      - {does: destroy}
                """))
                .containsExactly(
                        "p.yaml:5:16: unknown does \"destroy\" (did you mean \"destroys\"?); expected one of runs_code, "
                                + "reads, writes, sends, fetches, unpacks, connects, listens, accounts, system, destroys");
    }

    @Test
    void parse_readerErrors_areReportedWithPosition() {
        assertThat(problems("""
                programs:
                  - names: [wipe-it, list-it]
                    source: wipe-it(8)
                    reader: [{as: formats, names: [wipe-it]}, {as: format, names: [list-it, other]}, {as: reads, names: [wipe-it]}]
                """))
                .anySatisfy(p ->
                        assertThat(p).startsWith("p.yaml:4:52: unknown reader \"format\" (did you mean \"formats\"?)"))
                .anySatisfy(p ->
                        assertThat(p).contains("p.yaml:4:", "\"other\", which is not one of this family's `names`"))
                .anySatisfy(p -> assertThat(p).contains("p.yaml:4:", "\"wipe-it\" already has a `reader`"));
    }

    @Test
    void parse_readOnlyWithErrors_areReportedWithPosition() {
        assertThat(problems("""
                programs:
                  - names: [acct, other]
                    source: acct(8)
                    read_only_with: [{options: [list], names: [nobody]}, {names: [acct]}, {options: [-l], scope: everything}, {option: [-n]}]
                """))
                .anySatisfy(p -> assertThat(p).contains("p.yaml:4:", "option \"list\" must start with -"))
                .anySatisfy(p -> assertThat(p).contains("p.yaml:4:", "\"nobody\", which is not one of this family's"))
                .anySatisfy(
                        p -> assertThat(p).contains("p.yaml:4:", "needs the `options` that make the call only read"))
                .anySatisfy(p -> assertThat(p).contains("p.yaml:4:", "unknown scope \"everything\""))
                .anySatisfy(p -> assertThat(p).contains("p.yaml:4:", "option"));
        assertThat(problems("""
                programs:
                  - names: [acct]
                    source: acct(8)
                    read_only_with: -l
                """))
                .anySatisfy(p -> assertThat(p).startsWith("p.yaml:4:").contains("must be a list of options"));
    }

    @Test
    void parse_actionOptionNotAnOption_isReportedWithPosition() {
        assertThat(problems("""
                programs:
                  - names: [topics]
                    source: kafka-topics
                    action_options: [--delete, list]
                """))
                .anySatisfy(p -> assertThat(p).contains("p.yaml:4:", "action option \"list\" must start with -"));
    }

    @Test
    void parse_runnerWithoutScript_isReportedWithPosition() {
        assertThat(problems("""
                programs:
                  - names: [runx]
                    source: runx(1)
                    modules: {option: -m, runner: true}
                """))
                .anySatisfy(p -> assertThat(p).contains("p.yaml:4:", "`runner: true`", "needs `script: true`"));
    }

    @Test
    void readOnlyWith_examplesMustHold() {
        assertThat(problems("""
                programs:
                  - names: [acct]
                    source: acct(8)
                    facts:
                      - {does: accounts}
                    read_only_with: ["-l"]
                    examples:
                      - {command: "acct -l dev", not: [accounts], does: [read_only]}
                      - {command: "acct -m dev", does: [accounts]}
                """)).isEmpty();
        assertThat(problems("""
                programs:
                  - names: [acct]
                    source: acct(8)
                    facts:
                      - {does: accounts}
                    read_only_with: ["-l"]
                    examples:
                      - {command: "acct -l dev", does: [accounts]}
                """)).anySatisfy(p -> assertThat(p).contains("p.yaml:8:", "should be found to accounts"));
    }

    @Test
    void reader_examplesCheckTheOperationsItReads() {
        assertThat(problems("""
                programs:
                  - names: [peek]
                    source: peek(1)
                    reader: reads
                    examples:
                      - {command: peek ~/.ssh/id_rsa, does: read}
                      - {command: peek notes.txt, does: delete}
                  - names: [zap-disk]
                    source: zap-disk(8)
                    reader: {as: formats, unless: [--list]}
                    examples:
                      - {command: zap-disk /dev/sdb, does: format}
                      - {command: zap-disk --list, does: format}
                """))
                .containsExactly(
                        "p.yaml:7:9: example `peek notes.txt` should be found to delete; found []",
                        "p.yaml:13:9: example `zap-disk --list` should be found to format; found []");
        ProgramRegistry registry = ProgramsParser.builtIn();
        assertThat(registry.reader("rev", List.of("secret.txt"))).contains(dev.lighthouse.policy.facts.Reader.READS);
        assertThat(registry.reader("fdisk", List.of("-l"))).isEmpty();
        assertThat(registry.reader("cryptsetup", List.of("luksFormat", "/dev/sdb")))
                .contains(dev.lighthouse.policy.facts.Reader.FORMATS);
        assertThat(registry.reader("cryptsetup", List.of("status", "data"))).isEmpty();
    }

    @Test
    void parse_failingExample_refusesToLoad() {
        assertThat(problems("""
                programs:
                  - names: [tool]
                    source: tool(1)
                    facts:
                      - {does: destroys, words: [purge-all]}
                    examples:
                      - {command: tool purge-all, does: destroys}
                      - {command: tool list, does: destroys}
                      - {command: tool status, not: destroys}
                """))
                .containsExactly("p.yaml:8:9: example `tool list` should be found to destroys; found []");
    }

    @Test
    void parse_schemaErrors_areAllCollected() {
        assertThat(problems("""
                schema: 2
                programs:
                  - names: [x]
                    subcommands: 7
                    facts:
                      - {does: runs_code, payload: after-equals, colour: red}
                """))
                .containsExactly(
                        "p.yaml:1:9: unsupported schema version; expected 1",
                        "p.yaml:3:5: program [x] needs a `source` (man page, vendor docs, technique)",
                        "p.yaml:4:18: `subcommands` must be 0, 1, 2 or 3",
                        "p.yaml:6:50: unknown key \"colour\"; expected one of args, does, env, option, options, payload, signal, "
                                + "tree, unless, values, words",
                        "p.yaml:6:9: payload after-equals needs an `option` whose value it is");
    }

    @Test
    void layer_programsSection_extendsTheRegistryAndChecksItsExamples() {
        String team = """
                programs:
                  - names: [deployctl]
                    source: our deploy runbook
                    facts:
                      - {does: destroys, words: [rollout-abort]}
                    examples:
                      - {command: deployctl rollout-abort web, does: destroys}
                """;
        Layer base = Policies.parse(Policies.DEFAULT_NAME, Policies.defaultPolicyText());
        ToolCall call = ToolCall.of(new ToolInput.Bash("deployctl rollout-abort web"), Path.of("/w"), Path.of("/h"));
        assertThat(Policy.of(List.of(base)).decide(call, Instant.EPOCH).verdict())
                .isEqualTo(Verdict.ALLOW);
        LayerParser.Result layered = LayerParser.parse("team.yaml", team);
        assertThat(layered.problems()).isEmpty();
        Decision d = Policy.of(List.of(base, layered.layer())).decide(call, Instant.EPOCH);
        assertThat(d.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(d.ruleIds()).contains("destructive-verb");

        assertThat(
                        LayerParser.parse("team.yaml", team.replace("{does: destroys, words", "{does: sends, words"))
                                .problems()
                                .stream()
                                .map(Problem::toString))
                .containsExactly("team.yaml:7:9: example `deployctl rollout-abort web` should be found to destroys; "
                        + "found [SENDS]");
    }

    @Test
    void find_genericVerbs_applyToUnknownProgramsButNotToOperandPrograms() {
        ProgramRegistry registry = ProgramsParser.builtIn();
        assertThat(registry.find("acmectl", List.of("cluster-delete", "prod")).capabilities())
                .containsExactly(Capability.DESTROYS);
        assertThat(registry.find("acmectl", List.of("apps:destroy")).capabilities())
                .containsExactly(Capability.DESTROYS);
        assertThat(registry.find("acmectl", List.of("apps", "delete", "x")).capabilities())
                .containsExactly(Capability.DESTROYS);
        assertThat(registry.find("acmectl", List.of("list", "src/delete-me.txt"))
                        .capabilities())
                .isEmpty();
        assertThat(registry.find("echo", List.of("delete")).capabilities()).isEmpty();
        assertThat(registry.find("grep", List.of("-r", "remove", "src")).capabilities())
                .isEmpty();
    }

    @Test
    void parse_boundErrors_areReportedWithPosition() {
        assertThat(problems("""
                programs:
                  - names: [x]
                    source: x(1)
                    read_only: [list, {words: show, exact: maybe, unles: [-o]}, [a]]
                    local: sometimes
                """))
                .containsExactly(
                        "p.yaml:4:51: unknown key \"unles\" (did you mean \"unless\"?); expected one of exact, unless, with, "
                                + "words",
                        "p.yaml:4:44: `exact` must be true or false",
                        "p.yaml:4:65: each subcommand of `read_only` must be words or a mapping, not a list",
                        "p.yaml:5:12: `local` must be true, a mapping or a list of subcommands, not sometimes");
    }

    @Test
    void find_scope_holdsOnlyWhenABoundHoldsAndNoOtherFactDoes() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse("p.yaml", """
                secret_words: [secret]
                programs:
                  - names: [tool]
                    source: tool(1)
                    subcommands: 2
                    read_only: [list, {words: show, exact: true}, {words: dump, with: [--dry-run], unless: [-o]}]
                    local: [build]
                    facts:
                      - {does: sends, words: [list], options: [--upload]}
                    examples:
                      - {command: tool list, does: read_only}
                      - {command: tool build, does: local, not: read_only}
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        assertThat(r.find("tool", List.of("list", "all")).scope()).contains(Scope.READ_ONLY);
        assertThat(r.find("tool", List.of("list", "--upload")).scope()).isEmpty();
        assertThat(r.find("tool", List.of("show")).scope()).contains(Scope.READ_ONLY);
        assertThat(r.find("tool", List.of("show", "more")).scope()).isEmpty();
        assertThat(r.find("tool", List.of("dump", "--dry-run")).scope()).contains(Scope.READ_ONLY);
        assertThat(r.find("tool", List.of("dump")).scope()).isEmpty();
        assertThat(r.find("tool", List.of("dump", "--dry-run", "-o", "f")).scope())
                .isEmpty();
        assertThat(r.find("tool", List.of("build")).scope()).contains(Scope.LOCAL);
        assertThat(r.find("tool", List.of("list-secret")).scope()).isEmpty();
        assertThat(r.find("tool", List.of("deploy")).scope()).isEmpty();
        assertThat(r.find("other", List.of("list")).scope()).isEmpty();
    }

    @Test
    void layer_readOnlySection_letsTheDefaultRecogniseATeamTool() {
        String team = """
                programs:
                  - names: [deployctl]
                    source: our deploy runbook
                    read_only: [status]
                    examples:
                      - {command: deployctl status web, does: read_only}
                """;
        Layer base = Policies.parse(Policies.DEFAULT_NAME, Policies.defaultPolicyText());
        ToolCall call = ToolCall.of(new ToolInput.Bash("deployctl status web"), Path.of("/w"), Path.of("/h"));
        assertThat(Policy.of(List.of(base)).decide(call, Instant.EPOCH).recognised())
                .isFalse();
        LayerParser.Result layered = LayerParser.parse("team.yaml", team);
        assertThat(layered.problems()).isEmpty();
        assertThat(Policy.of(List.of(base, layered.layer()))
                        .decide(call, Instant.EPOCH)
                        .recognised())
                .isTrue();
        assertThat(
                        LayerParser.parse("team.yaml", team.replace("read_only: [status]", "read_only: [stat]"))
                                .problems()
                                .stream()
                                .map(Problem::toString))
                .containsExactly(
                        "team.yaml:6:9: example `deployctl status web` should be found to read_only; found []");
    }
}
