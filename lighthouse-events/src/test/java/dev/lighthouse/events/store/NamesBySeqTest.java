package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.DecisionName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamesBySeqTest {
    private static DecisionName name(long seq) {
        return new DecisionName(seq, Instant.EPOCH, Optional.of("agent-" + seq), "allow");
    }

    private static List<DecisionName> names(long... seqs) {
        List<DecisionName> names = new ArrayList<>();
        for (long seq : seqs) {
            names.add(name(seq));
        }
        return names;
    }

    @Test
    void namesComeInSeqOrder_eachTheSameName() {
        List<DecisionName> unsorted = names(7, 3, 9, 1, 4, 2);

        List<DecisionName> sorted = SqliteIndex.bySeq(unsorted);

        assertThat(sorted).extracting(DecisionName::seq).containsExactly(1L, 2L, 3L, 4L, 7L, 9L);
        assertThat(sorted)
                .allSatisfy(
                        n -> assertThat(unsorted).anySatisfy(u -> assertThat(u).isSameAs(n)));
        assertThat(SqliteIndex.bySeq(List.of())).isEmpty();
    }

    @Test
    void seqsTooLargeToPackWithTheirPlace_areSortedAsWell() {
        long big = Long.MAX_VALUE - 1;

        assertThat(SqliteIndex.bySeq(names(big, 5, big - 10)))
                .extracting(DecisionName::seq)
                .containsExactly(5L, big - 10, big);
    }
}
