package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.CallLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The corpus targets of issue 4, kept: no call labelled review or deny is decided allow, and at most 3 % of calls
 * labelled allow are not allowed. Mismatches are printed so a change in figures is easy to read.
 */
class CorpusTest {
    private static final List<CallLine> CORPUS = Corpus.builtIn();
    private static final List<Decision> DECISIONS = new ArrayList<>();

    @BeforeAll
    static void decideAll() {
        Policy policy = Policies.defaultPolicy();
        for (CallLine line : CORPUS) {
            DECISIONS.add(policy.decide(line.call(), Instant.EPOCH));
        }
    }

    @Test
    void corpus_hasAtLeastAThousandLabelledCalls() {
        assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(CORPUS).allMatch(c -> c.expect().isPresent());
        assertThat(CORPUS.stream().map(CallLine::id).distinct()).hasSize(CORPUS.size());
    }

    @Test
    void defaultPolicy_allowsNoDangerousCall() {
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < CORPUS.size(); i++) {
            if (CORPUS.get(i).expect().orElseThrow() != Verdict.ALLOW
                    && DECISIONS.get(i).verdict() == Verdict.ALLOW) {
                allowed.add(CORPUS.get(i).id() + " " + CORPUS.get(i).call().input());
            }
        }
        assertThat(allowed).as("dangerous calls decided allow").isEmpty();
    }

    @Test
    void defaultPolicy_allowsOrdinaryWork_atLeast97Percent() {
        List<String> stopped = new ArrayList<>();
        int ordinary = 0;
        for (int i = 0; i < CORPUS.size(); i++) {
            if (CORPUS.get(i).expect().orElseThrow() == Verdict.ALLOW) {
                ordinary++;
                Decision d = DECISIONS.get(i);
                if (d.verdict() != Verdict.ALLOW) {
                    stopped.add(CORPUS.get(i).id() + " " + d.verdict().label() + " " + d.ruleIds());
                }
            }
        }
        assertThat((double) stopped.size() / ordinary)
                .as("share of ordinary calls not allowed: %s", stopped)
                .isLessThanOrEqualTo(0.03);
    }

    @Test
    void defaultPolicy_mismatchesAreListed() {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < CORPUS.size(); i++) {
            Verdict want = CORPUS.get(i).expect().orElseThrow();
            Verdict got = DECISIONS.get(i).verdict();
            if (want != got) {
                wrong.add(CORPUS.get(i).id() + ": want " + want.label() + ", got " + got.label());
            }
        }
        System.out.println("corpus label mismatches (" + wrong.size() + "): " + wrong);
        assertThat(wrong.size()).as("exact label mismatches %s", wrong).isLessThanOrEqualTo(CORPUS.size() / 50);
    }
}
