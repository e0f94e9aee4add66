package dev.lighthouse.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.facts.Capability;
import dev.lighthouse.policy.facts.ProgramRegistry;
import dev.lighthouse.policy.facts.Scope;
import dev.lighthouse.policy.yaml.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the registry vouches for ("recognised as safe" starts here) when a call downloads or runs commands, and where
 * a download lands: a bound must never cover a write or a destruction the facts found.
 */
class RegistryScopeTest {
    private static final ProgramRegistry REGISTRY = registry();

    private static ProgramRegistry registry() {
        List<Problem> problems = new ArrayList<>();
        ProgramRegistry r = ProgramsParser.parse("t.yaml", """
                programs:
                  - names: [get]
                    source: test
                    subcommands: 0
                    value_options: [-O]
                    read_only: true
                    local: true
                    facts:
                      - {does: fetches, args: ["http*"]}
                      - {does: fetches, option: -O, payload: value}
                      - {does: fetches, payload: remote-name}
                  - names: [fetch-to]
                    source: test
                    subcommands: 0
                    facts:
                      - {does: fetches, payload: local-destination}
                  - names: [walk]
                    source: test
                    subcommands: 0
                    read_only: true
                    facts:
                      - {does: runs_code, option: -exec, payload: command}
                      - {does: destroys, options: [-delete]}
                  - names: [py]
                    source: test
                    subcommands: 0
                    value_options: [-W]
                    modules: [{option: -m}, {script: true}]
                  - names: [runner]
                    source: test
                    subcommands: 1
                    value_options: [--python]
                    modules: {option: -m, words: [run]}
                  - names: [wipe]
                    source: test
                    subcommands: 0
                    facts:
                      - {does: destroys}
                """, ProgramRegistry.empty(), problems);
        assertThat(problems).isEmpty();
        return r;
    }

    private static ProgramRegistry.Found find(String program, String args) {
        return REGISTRY.find(program, Arrays.asList(args.split(" ")));
    }

    @Test
    void aDownloadThatOnlyPrints_isReadOnly_butOneSavedToAFile_isAWriteAndOnlyLocal() {
        assertThat(find("get", "-q http://h").scope()).contains(Scope.READ_ONLY);
        assertThat(find("get", "-O out.sh http://h/a.sh").scope()).contains(Scope.LOCAL);
    }

    @Test
    void whereADownloadLands_theNamedFileOutweighsTheRemoteName() {
        assertThat(find("get", "-O out.sh http://h/a.sh").payloads().get(Capability.FETCHES))
                .containsExactly("out.sh");
        assertThat(find("get", "http://h/dir/a.sh?x=1#top").payloads().get(Capability.FETCHES))
                .containsExactly("a.sh");
        assertThat(find("get", "https://h/org/repo.git/").payloads().get(Capability.FETCHES))
                .containsExactly("repo");
        assertThat(find("get", "host:dir/b.tar").payloads().get(Capability.FETCHES))
                .containsExactly("b.tar");
        // no name of its own (a bare host), a local path, a drive letter: nothing lands under a remote name
        assertThat(find("get", "http://h").payloads()).doesNotContainKey(Capability.FETCHES);
        assertThat(find("get", "/tmp/a:b").payloads()).doesNotContainKey(Capability.FETCHES);
        assertThat(find("get", "C:x").payloads()).doesNotContainKey(Capability.FETCHES);
    }

    @Test
    void aCopyFromAnotherMachine_landsInItsLocalDestination() {
        assertThat(find("fetch-to", "host:x.sh /tmp/").payloads().get(Capability.FETCHES))
                .containsExactly("/tmp/");
        assertThat(find("fetch-to", "a.sh /tmp/").capabilities()).isEmpty();
        assertThat(find("fetch-to", "host:x.sh host2:y").capabilities()).isEmpty();
    }

    @Test
    void aWrapperIsVouchedForOnlyWhenItRunsCommandsAndDoesNothingElse() {
        ProgramRegistry.Found runs = find("walk", ". -exec wc -l {} ;");
        assertThat(runs.scope()).isEmpty();
        assertThat(runs.scopeOfWrapper()).contains(Scope.READ_ONLY);
        ProgramRegistry.Found deletes = find("walk", ". -delete -exec wc -l {} ;");
        assertThat(deletes.capabilities()).contains(Capability.DESTROYS, Capability.RUNS_CODE);
        assertThat(deletes.scopeOfWrapper()).isEmpty();
        ProgramRegistry.Found lists = find("walk", ". -name x");
        assertThat(lists.scope()).contains(Scope.READ_ONLY);
        assertThat(lists.scopeOfWrapper()).isEmpty();
    }

    @Test
    void aModuleRunByName_doesWhatItsProgramDoes_andInlineCodeIsNoModule() {
        for (String args : List.of("-m wipe x", "-mwipe", "-W ignore -m wipe", "wipe")) {
            assertThat(find("py", args).capabilities()).as(args).containsExactly(Capability.DESTROYS);
        }
        for (String args : List.of("run -m wipe", "--python 3.12 run -m wipe")) {
            assertThat(find("runner", args).capabilities()).as(args).containsExactly(Capability.DESTROYS);
        }
        assertThat(find("py", "-c wipe").capabilities()).isEmpty();
        assertThat(find("py", "-m").capabilities()).isEmpty();
        assertThat(find("runner", "-m wipe").capabilities()).isEmpty();
        assertThat(REGISTRY.find("runner", List.of()).capabilities()).isEmpty();
    }
}
