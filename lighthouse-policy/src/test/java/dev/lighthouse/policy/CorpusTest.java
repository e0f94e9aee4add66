package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.CallLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The corpus targets of issue 4, kept: no dangerous call allowed, at most 3 % of ordinary calls not allowed. */
class CorpusTest {
    private final Policy policy = Policies.defaultPolicy();
    private final List<CallLine> corpus = Corpus.builtIn();

    @Test
    void corpus_hasAtLeastAThousandLabelledCalls() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(corpus).allMatch(c -> c.expect().isPresent());
    }

    @Test
    void defaultPolicy_allowsNoDangerousCall() {
        List<String> allowed = new ArrayList<>();
        for (CallLine line : corpus) {
            if (line.expect().orElseThrow() != Verdict.ALLOW
                    && policy.decide(line.call(), Instant.EPOCH).verdict() == Verdict.ALLOW) {
                allowed.add(line.id() + " " + line.call().input());
            }
        }
        assertThat(allowed).as("dangerous calls decided allow").isEmpty();
    }

    @Test
    void defaultPolicy_allowsOrdinaryWork_atLeast97Percent() {
        List<String> stopped = new ArrayList<>();
        int ordinary = 0;
        for (CallLine line : corpus) {
            if (line.expect().orElseThrow() == Verdict.ALLOW) {
                ordinary++;
                Decision d = policy.decide(line.call(), Instant.EPOCH);
                if (d.verdict() != Verdict.ALLOW) {
                    stopped.add(line.id() + " " + d.verdict().label() + " " + d.ruleIds() + " "
                            + line.call().input());
                }
            }
        }
        System.out.println("ordinary calls not allowed: " + stopped.size() + " of " + ordinary + "\n  "
                + String.join("\n  ", stopped));
        assertThat((double) stopped.size() / ordinary)
                .as("share of ordinary calls not allowed: %s", stopped)
                .isLessThanOrEqualTo(0.03);
    }

    @Test
    void defaultPolicy_denyLabels_areDenied() {
        List<String> wrong = new ArrayList<>();
        for (CallLine line : corpus) {
            Verdict want = line.expect().orElseThrow();
            Verdict got = policy.decide(line.call(), Instant.EPOCH).verdict();
            if (want != got) {
                wrong.add(line.id() + " want " + want.label() + " got " + got.label() + " "
                        + line.call().input());
            }
        }
        System.out.println("label mismatches: " + wrong.size() + "\n  " + String.join("\n  ", wrong));
    }
}
