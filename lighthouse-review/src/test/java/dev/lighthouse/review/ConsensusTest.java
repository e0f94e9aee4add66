package dev.lighthouse.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.policy.verdict.ReviewRoute.Mode;
import dev.lighthouse.review.Consensus.Ignored;
import dev.lighthouse.review.Consensus.Outcome;
import dev.lighthouse.review.Consensus.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsensusTest {
    private static final Set<String> PANEL = Set.of("a", "b", "c", "d", "e");

    /** Votes written as {@code a+ b- c+}: reviewer, then + for approve or - for deny. */
    private static List<Vote> votes(String text) {
        List<Vote> out = new ArrayList<>();
        for (String v : text.trim().split("\\s+")) {
            if (!v.isEmpty()) {
                out.add(new Vote(v.substring(0, v.length() - 1), v.endsWith("+"), v));
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            VETO     | 2 | a+          | PENDING
            VETO     | 2 | a+ b+       | APPROVED
            VETO     | 2 | a+ b-       | DENIED
            VETO     | 2 | a- b+ c+    | DENIED
            VETO     | 1 | a+          | APPROVED
            MAJORITY | 3 | a+ b-       | PENDING
            MAJORITY | 3 | a+ b- c+    | APPROVED
            MAJORITY | 3 | a- b- c+    | DENIED
            MAJORITY | 2 | a+ b-       | PENDING
            MAJORITY | 2 | a+ b- c-    | DENIED
            """)
    void tally_settlesByModeAndQuorum(Mode mode, int quorum, String votes, Outcome want) {
        assertThat(new Consensus(quorum, mode, PANEL::contains)
                        .tally(votes(votes))
                        .outcome())
                .isEqualTo(want);
    }

    @Test
    void tally_duplicateVote_firstStandsAndSecondIsIgnored() {
        var tally = new Consensus(2, Mode.VETO, PANEL::contains).tally(votes("a+ a- a+ b+"));
        assertThat(tally.outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(tally.counted()).extracting(Vote::reason).containsExactly("a+", "b+");
        assertThat(tally.rejected())
                .extracting(Consensus.Rejected::why)
                .containsExactly(Ignored.DUPLICATE, Ignored.DUPLICATE);
    }

    @Test
    void tally_ineligibleReviewer_cannotApproveOrVeto() {
        var tally = new Consensus(1, Mode.VETO, PANEL::contains).tally(votes("mallory- a+"));
        assertThat(tally.outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(tally.rejected())
                .singleElement()
                .extracting(Consensus.Rejected::why)
                .isEqualTo(Ignored.INELIGIBLE);
    }

    @Test
    void tally_voteAfterSettlement_isLateAndDoesNotCount() {
        var tally = new Consensus(2, Mode.VETO, PANEL::contains).tally(votes("a+ b+ c-"));
        assertThat(tally.outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(tally.decisive()).extracting(Vote::reviewer).containsExactly("a", "b");
        assertThat(tally.rejected())
                .singleElement()
                .extracting(Consensus.Rejected::why)
                .isEqualTo(Ignored.LATE);
    }

    @Test
    void tally_noVotes_isPendingWithNothingDecisive() {
        var tally = new Consensus(1, Mode.MAJORITY, PANEL::contains).tally(List.of());
        assertThat(tally.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(tally.decisive()).isEmpty();
    }

    @Test
    void consensus_quorumBelowOne_isRejected() {
        assertThatThrownBy(() -> new Consensus(0, Mode.VETO, PANEL::contains))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quorum");
    }
}
