package dev.lighthouse.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.facts.Capability;
import dev.lighthouse.policy.facts.ProgramRegistry;
import dev.lighthouse.policy.facts.Signal;
import dev.lighthouse.policy.yaml.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How registry facts match argument lists: words, options, arguments, option values and payloads. */
class ProgramRegistryTest {
    private static final ProgramRegistry REGISTRY = registry();

    private static ProgramRegistry registry() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse("t.yaml", """
                verbs: [delete, purge]
                programs:
                  - names: [vcs]
                    source: test
                    subcommands: 2
                    verbs: false
                    value_options: [-C, -c]
                    facts:
                      - {does: destroys, words: [branch], options: [-D, --force]}
                      - {does: destroys, words: [stash, drop]}
                      - {does: runs_code, option: -c, values: ["core.pager=*", "alias.*=!*"], payload: after-equals}
                      - {does: system, words: ["set-*"]}
                  - names: [cli]
                    source: test
                    subcommands: 2
                    value_options: [--profile]
                  - names: [ops]
                    source: test
                    subcommands: 0
                    value_options: [-n]
                    facts:
                      - {does: system, args: ["/*"]}
                      - {does: accounts, signal: privilege_escalation, options: ["-set*"]}
                      - {does: runs_code, option: -exec, payload: command}
                      - {does: runs_code, option: -x, values: ["*!*"], payload: after-bang}
                      - {does: runs_code, option: --run, payload: value}
                      - {does: sends, option: --upload, payload: value}
                  - names: [sync]
                    source: test
                    subcommands: 1
                    value_options: [-r]
                    facts:
                      - {does: sends, words: [copy], payload: operands}
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        return r;
    }

    private static String found(String program, String args) {
        ProgramRegistry.Found f =
                REGISTRY.find(program, args.isEmpty() ? List.of() : Arrays.asList(args.split(" ", -1)));
        List<String> parts = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if (f.capabilities().contains(c)) {
                parts.add(c.label() + f.payloads().getOrDefault(c, List.of()));
            }
        }
        for (Signal s : f.signals()) {
            parts.add(s.label());
        }
        return String.join(" ", parts);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        vcs  | branch -D old                   | destroys[]
        vcs  | branch -Df old                  | destroys[]
        vcs  | branch --force x y              | destroys[]
        vcs  | branch --force=yes x            | destroys[]
        vcs  | branch -d merged                | ''
        vcs  | branch --forced x               | ''
        vcs  | -C dir branch -D old            | destroys[]
        vcs  | stash drop                      | destroys[]
        vcs  | stash                           | ''
        vcs  | -c stash drop                   | ''
        vcs  | delete                          | ''
        vcs  | set-time now                    | system[]
        vcs  | reset-time now                  | ''
        vcs  | -c core.pager=less log          | runs_code[less]
        vcs  | -ccore.pager=less log           | runs_code[less]
        vcs  | -c alias.x=!make x              | runs_code[make]
        vcs  | -c alias.x=make x               | ''
        vcs  | -c color.ui=auto log            | ''
        cli  | bucket delete b                 | destroys[]
        cli  | --profile delete bucket ls      | ''
        cli  | bucket delete-all               | destroys[]
        cli  | apps:purge                      | destroys[]
        cli  | deleted x                       | ''
        cli  | undelete x                      | ''
        cli  | list delete                     | destroys[]
        cli  | list things delete              | ''
        cli  | -- delete                       | ''
        tool | delete x                        | destroys[]
        tool | apps delete x                   | destroys[]
        tool | cluster node DeleteNode         | destroys[]
        tool | a b c delete                    | ''
        tool | ./x delete                      | ''
        tool | build src/drop-shadow.png       | ''
        tool | 0oa1 delete                     | ''
        ops  | delete x                        | ''
        ops  | /mnt                            | system[]
        ops  | mnt                             | ''
        ops  | -n /mnt                         | ''
        ops  | -setpass bob                    | accounts[] privilege_escalation
        ops  | -exec rm -rf {} ;               | runs_code[rm -rf '{}']
        ops  | -exec wc -l {} + -print         | runs_code[wc -l '{}']
        ops  | -exec printf %s {} ;             | runs_code[printf %s '{}']
        ops  | -x :!make                       | runs_code[make]
        ops  | -x :set                         | ''
        ops  | -x                              | ''
        ops  | --run=make                      | runs_code[make]
        ops  | --run make                      | runs_code[make]
        ops  | --upload secret.txt            | sends[secret.txt]
        sync | copy a b                        | sends[a, b]
        sync | -r repo copy a -r x b           | sends[a, b]
        sync | list a                          | ''
        """)
    void find_matchesFactsOnTheirWordsOptionsAndArguments(String program, String args, String want) {
        assertThat(found(program.trim(), args.trim())).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        core.pager=* | core.pager=less -R | true
        core.pager=* | CORE.PAGER=x       | true
        core.pager=* | core.pagerx        | false
        alias.*=!*   | alias.up=!git fetch | true
        alias.*=!*   | alias.up=git fetch | false
        *            | ''                 | true
        a*b*c        | abxbyc             | true
        a*b*c        | abxbycd            | false
        ab           | a                  | false
        """)
    void glob_matchesStarsAnywhereIgnoringCase(String pattern, String text, boolean want) {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse(
                "g.yaml",
                "programs:\n  - {names: [g], source: t, subcommands: 0, facts: [{does: system, option: -o, values: [\""
                        + pattern + "\"]}]}\n",
                ProgramRegistry.empty(),
                problems);
        assertThat(problems).isEmpty();
        assertThat(r.find("g", List.of("-o", text)).capabilities().contains(Capability.SYSTEM))
                .isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        -D   | -D         | true
        -D   | -xD        | true
        -D   | -d         | false
        -D   | --D        | false
        -D   | -x9D       | false
        -D   | -D=1       | false
        -9   | -9         | true
        --force | --force    | true
        --force | --force=1  | true
        --force | --forces   | false
        --force | -force     | false
        -set*   | -setdns=x  | true
        -set*   | -list      | false
        """)
    void options_matchSpellingsAndClusters(String option, String arg, boolean want) {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse(
                "o.yaml",
                "programs:\n  - {names: [o], source: t, subcommands: 0, facts: [{does: system, options: [\"" + option
                        + "\"]}]}\n",
                ProgramRegistry.empty(),
                problems);
        assertThat(problems).isEmpty();
        assertThat(r.find("o", List.of(arg)).capabilities()).isEqualTo(want ? Set.of(Capability.SYSTEM) : Set.of());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        delete          | true
        DELETE          | true
        delete-stack    | true
        stack-delete    | true
        stack_delete    | true
        apps:delete     | true
        a-delete-b      | false
        DeleteInstance  | true
        stackDelete     | true
        Deletes         | false
        Undelete        | false
        deletes         | false
        del             | false
        -delete         | false
        """)
    void verbs_matchWholeWordsOrTheirFirstOrLastPart(String word, boolean want) {
        Map<String, ProgramRegistry.Program> none = Map.of();
        ProgramRegistry r = new ProgramRegistry(none, Set.of("delete"), 1);
        assertThat(r.find("anything", List.of(word, "x")).capabilities().contains(Capability.DESTROYS))
                .isEqualTo(want);
        assertThat(r.find("anything", List.of("./x", word)).capabilities()).isEmpty();
    }

    private static final ProgramRegistry PAYLOADS = payloads();

    private static ProgramRegistry payloads() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse("p.yaml", """
                secret_words: [secret, token]
                reveal_words: [get, show, print]
                reveal_options: [--show-secrets, --reveal]
                secret_settings: [token, password, extraheader]
                programs:
                  - names: [vcs]
                    source: test
                    subcommands: 1
                    facts:
                      - {does: runs_code, signal: config_code, env: [VCS_PAGER], payload: value}
                      - {does: runs_code, signal: config_code, env: [VCS_CONFIG_COUNT]}
                  - names: [arc]
                    source: test
                    subcommands: 0
                    value_options: [-x]
                    facts:
                      - {does: writes, payload: first-operand}
                      - {does: reads, payload: later-operands}
                  - names: [up]
                    source: test
                    subcommands: 1
                    facts:
                      - {does: sends, payload: at-files}
                  - names: [cloud]
                    source: test
                    subcommands: 2
                  - names: [store]
                    source: test
                    subcommands: 2
                    keeps_secrets: true
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        VCS_PAGER=less -R       | less -R | true
        VCS_CONFIG_COUNT=1      |         | true
        VCS_AUTHOR=dev          |         | false
        """)
    void env_factHoldsOnAVariableSetForTheCommand_withItsValueAsPayload(
            String assignment, String payload, boolean holds) {
        String[] kv = assignment.split("=", 2);
        ProgramRegistry.Found found = PAYLOADS.find("vcs", List.of("log"), Map.of(kv[0], kv[1]));
        assertThat(found.signals().contains(Signal.CONFIG_CODE)).isEqualTo(holds);
        assertThat(found.payloads().getOrDefault(Capability.RUNS_CODE, List.of()))
                .isEqualTo(payload == null ? List.of() : List.of(payload));
        assertThat(PAYLOADS.find("vcs", List.of("log")).signals()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        -x skip out.zip a b   | out.zip | a,b
        out.zip               | out.zip |
        -r                    |         |
        """)
    void firstAndLaterOperands_areTheArchiveAndItsFiles(String args, String written, String read) {
        ProgramRegistry.Found found = PAYLOADS.find("arc", List.of(args.split(" ")));
        assertThat(found.payloads().getOrDefault(Capability.WRITES, List.of()))
                .isEqualTo(written == null ? List.of() : List.of(written));
        assertThat(found.payloads().getOrDefault(Capability.READS, List.of()))
                .isEqualTo(read == null ? List.of() : List.of(read.split(",")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        POST https://x.example/u f@~/.ssh/id_rsa       | ~/.ssh/id_rsa
        POST https://x.example/u data=@body.json cfg:=@c.json | body.json,c.json
        POST https://user@x.example/u name=dev          |
        """)
    void atFiles_areTheFilesAfterAFieldsAt(String args, String sent) {
        ProgramRegistry.Found found = PAYLOADS.find("up", List.of(args.split(" ")));
        if (sent == null) {
            assertThat(found.capabilities()).doesNotContain(Capability.SENDS);
        } else {
            assertThat(found.payloads().get(Capability.SENDS)).isEqualTo(List.of(sent.split(",")));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        secrets get-secret-value | true
        auth print-token         | true
        secret show              | true
        secret list              | false
        config get               | false
        """)
    void revealWords_besideASecretWord_areCredentialAccess(String words, boolean access) {
        assertThat(PAYLOADS.find("cloud", List.of(words.split(" "))).signals().contains(Signal.CREDENTIAL_ACCESS))
                .isEqualTo(access);
    }

    /** In a secret store every name is a secret: a reveal word alone reveals one, there and not elsewhere. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        store | document get      | true
        store | entry-show        | true
        store | vault list        | false
        cloud | document get      | false
        """)
    void revealWords_inASecretStore_areCredentialAccessAlone(String program, String words, boolean access) {
        assertThat(PAYLOADS.find(program, List.of(words.split(" "))).signals().contains(Signal.CREDENTIAL_ACCESS))
                .isEqualTo(access);
    }

    /**
     * A configuration subcommand reading a setting whose name ends in a secret setting prints the credential; setting
     * it, reading another setting, or a key outside a configuration subcommand does not.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        config get //registry.example.org/:_authToken | true
        config get npmAuthToken                       | true
        config --get http.https://example.org/.extraheader | true
        configure get db_password                     | true
        config get-value auth.token                   | true
        config set //registry.example.org/:_authToken=abc | false
        config http.https://example.org/.extraheader x | false
        config get registry                           | false
        config get tokenizer.path                     | false
        show npmAuthToken                             | false
        """)
    void secretSettings_readByAConfigurationSubcommand_areCredentialAccess(String args, boolean access) {
        assertThat(PAYLOADS.find("cloud", List.of(args.split(" +"))).signals().contains(Signal.CREDENTIAL_ACCESS))
                .isEqualTo(access);
    }

    /** A reveal option un-masks what any program prints, in either dash form or with a value; not as a value. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        stack output --show-secrets   | true
        item get login --reveal=true  | true
        plan -show-secrets            | true
        stack output                  | false
        run -- --show-secrets         | false
        """)
    void revealOptions_areCredentialAccess(String args, boolean access) {
        assertThat(PAYLOADS.find("cloud", List.of(args.split(" +"))).signals().contains(Signal.CREDENTIAL_ACCESS))
                .isEqualTo(access);
    }

    private static final ProgramRegistry DRY_RUNS = dryRuns();

    private static ProgramRegistry dryRuns() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse("d.yaml", """
                verbs: [purge]
                programs:
                  - names: [acct, lock]
                    source: test
                    subcommands: 0
                    facts:
                      - {does: accounts, signal: privilege_escalation, args: [root]}
                    read_only_with: [{names: [acct], options: [-l, --list]}]
                  - names: [sync]
                    source: test
                    subcommands: 1
                    read_only_with: {options: [--dry-run, -n, --mode=check], scope: none}
                  - names: [pack]
                    source: test
                    subcommands: 1
                    facts:
                      - {does: sends, signal: publish, words: [publish]}
                    read_only_with: {options: [--dry-run], scope: local}
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        acct -l root          | ''                      | read_only
        acct --list root      | ''                      | read_only
        acct -lv root         | ''                      | read_only
        acct root             | privilege_escalation    | -
        acct -- -l root       | privilege_escalation    | -
        lock -l root          | privilege_escalation    | -
        sync purge --dry-run  | ''                      | -
        sync purge -n         | ''                      | -
        sync purge --mode=check | ''                    | -
        sync purge --mode=apply | destroys              | -
        sync purge --dry-run=false | destroys           | -
        sync purge --dry-run=true  | ''                 | -
        sync purge            | destroys                | -
        pack publish --dry-run | ''                     | local
        pack publish          | publish                 | -
        """)
    void readOnlyWith_outweighsFactsAndVerbs_onlyForItsNamesAndOptions(String command, String found, String scope) {
        List<String> words = List.of(command.split(" "));
        ProgramRegistry.Found f = DRY_RUNS.find(words.getFirst(), words.subList(1, words.size()));
        Set<String> labels = new java.util.TreeSet<>();
        f.capabilities().forEach(c -> labels.add(c.label()));
        f.signals().forEach(v -> labels.add(v.label()));
        if (found.isEmpty()) {
            assertThat(labels).as(command).isEmpty();
        } else {
            assertThat(labels).as(command).contains(found);
        }
        assertThat(f.scope().map(v -> v.label()).orElse("-")).as(command).isEqualTo(scope);
    }

    private static final ProgramRegistry ACTIONS = actions();

    private static ProgramRegistry actions() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse("a.yaml", """
                verbs: [delete, remove, reset]
                publish_verbs: [deploy]
                read_verbs: [list, describe]
                programs:
                  - names: [topics]
                    source: test
                    subcommands: 0
                    value_options: [--topic]
                    action_options: [--create, --alter, --delete, --remove, --list, --describe, --reset-offsets, --deploy]
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        topics --create --topic t           | state_change
        topics --alter --topic t            | state_change
        topics --delete --topic t           | destroys
        topics --remove --topic t           | destroys
        topics --reset-offsets --topic t    | destroys
        topics --deploy --topic t           | publish
        topics --list                       | ''
        topics --describe --topic t         | ''
        topics --topic --delete             | ''
        topics --topic t                    | ''
        topics -- --delete                  | ''
        topics --delete=true --topic t      | destroys
        """)
    void actionOptions_areReadAsVerbsByTheirNames(String command, String found) {
        List<String> words = List.of(command.split(" +"));
        ProgramRegistry.Found f = ACTIONS.find(words.getFirst(), words.subList(1, words.size()));
        Set<String> labels = new java.util.TreeSet<>();
        f.capabilities().forEach(c -> labels.add(c.label()));
        f.signals().forEach(v -> labels.add(v.label()));
        assertThat(String.join(",", labels)).as(command).isEqualTo(found);
    }

    private static final ProgramRegistry RUNNERS = runners();

    private static ProgramRegistry runners() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse("r.yaml", """
                verbs: [drop]
                programs:
                  - names: [runx]
                    source: test
                    subcommands: 0
                    value_options: [-p]
                    facts:
                      - {does: runs_code}
                    modules: {script: true, runner: true}
                  - names: [orm]
                    source: test
                    subcommands: 1
                    local: [build]
                    facts:
                      - {does: destroys, words: [revert]}
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        runx orm revert            | destroys,runs_code
        runx orm db:drop           | destroys,runs_code
        runx orm@5.1 revert        | destroys,runs_code
        runx -p orm other revert   | runs_code
        runx orm build             | runs_code
        runx unknown revert        | runs_code
        """)
    void runner_addsWhatItsProgramDoes_andKeepsItsOwnScope(String command, String found) {
        List<String> words = List.of(command.split(" +"));
        ProgramRegistry.Found f = RUNNERS.find(words.getFirst(), words.subList(1, words.size()));
        Set<String> labels = new java.util.TreeSet<>();
        f.capabilities().forEach(c -> labels.add(c.label()));
        f.signals().forEach(v -> labels.add(v.label()));
        assertThat(String.join(",", labels)).as(command).isEqualTo(found);
        assertThat(f.scope())
                .as(command + ": the runner may fetch its program first")
                .isEmpty();
    }

    private static final ProgramRegistry MANAGED = managed();

    private static ProgramRegistry managed() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse("m.yaml", """
                verbs: [delete]
                read_verbs: [list, show, logs]
                programs:
                  - names: [cloudctl]
                    source: test
                    subcommands: 2
                    changes: true
                    value_options: [--region]
                    read_only: [version]
                    facts:
                      - {does: sends, signal: publish, words: [app, release]}
                  - names: [forge]
                    source: test
                    subcommands: 2
                    changes: ["pr checkout", {words: api, unless: [-X]}]
                  - names: [tool]
                    source: test
                    subcommands: 2
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        cloudctl server rebuild vm1              | state_change
        cloudctl --region eu server stop vm1     | state_change
        cloudctl server list                     | ''
        cloudctl security group rule list        | ''
        cloudctl logs-tail web                   | ''
        cloudctl server delete vm1               | destroys
        cloudctl app release v1                  | publish sends
        cloudctl version                         | ''
        cloudctl --help                          | ''
        cloudctl                                 | ''
        forge pr checkout 12                     | ''
        forge pr merge 12                        | state_change
        forge api repos/o/r                      | ''
        forge api -X PUT repos/o/r               | state_change
        tool server rebuild vm1                  | ''
        """)
    void changes_everySubcommandButReadsAndExceptionsChangesWhatItManages(String command, String found) {
        List<String> words = List.of(command.split(" "));
        ProgramRegistry.Found f = MANAGED.find(words.getFirst(), words.subList(1, words.size()));
        Set<String> labels = new java.util.TreeSet<>();
        f.capabilities().forEach(c -> labels.add(c.label()));
        f.signals().forEach(v -> labels.add(v.label()));
        assertThat(String.join(" ", labels)).as(command).isEqualTo(found);
    }

    private static final ProgramRegistry CHANGING = changing();

    private static ProgramRegistry changing() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse("c.yaml", """
                verbs: [delete]
                publish_verbs: [deploy]
                change_verbs: [restart, apply, "--yes", "-y"]
                programs:
                  - names: [tool]
                    source: test
                    subcommands: 1
                  - names: [own]
                    source: test
                    subcommands: 1
                    local: [restart]
                  - names: [quiet]
                    source: test
                    subcommands: 1
                    verbs: false
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        svcctl restart web                 | state_change
        svcctl -z web restart              | state_change
        cfgctl live apply prod             | state_change
        cfgctl apply-config prod           | state_change
        cfgctl applied prod                | ''
        svcctl status web                  | ''
        svcctl delete-restart web          | destroys
        svcctl restart-deploy web          | publish
        tool restart web                   | state_change
        own restart web                    | ''
        quiet restart web                  | ''
        pkgtool install --yes nginx        | state_change
        pkgtool -qy install nginx          | state_change
        pkgtool install nginx              | ''
        tool install --yes nginx           | ''
        ./scripts/dev.sh restart           | ''
        """)
    void changeVerbs_inAProgramRunByNameWhoseBoundsDoNotVouch_changeWhatItManages(String command, String found) {
        List<String> words = List.of(command.split(" "));
        ProgramRegistry.Found f = CHANGING.find(words.getFirst(), words.subList(1, words.size()));
        Set<String> labels = new java.util.TreeSet<>();
        f.capabilities().forEach(c -> labels.add(c.label()));
        f.signals().forEach(v -> labels.add(v.label()));
        assertThat(String.join(" ", labels)).as(command).isEqualTo(found);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        'changes: maybe'   | `changes` must be true, false or a list
        'changes: [{words: x, bogus: 1}]' | unknown key
        """)
    void changes_refusesAnythingButABooleanOrSubcommands(String line, String problem) {
        List<Problem> problems = new ArrayList<>();
        ProgramsParser.parse("c.yaml", """
                programs:
                  - names: [x]
                    source: test
                    %s
                """.formatted(line), ProgramRegistry.empty(), problems);
        assertThat(problems).as(line).anySatisfy(p -> assertThat(p.toString()).contains(problem));
    }
}
