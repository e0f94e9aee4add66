package dev.lighthouse.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.testing.TestSeed;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.review.Consensus.Outcome;
import dev.lighthouse.review.Consensus.Vote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The original design's Byzantine scenario against {@link Consensus}: n reviewers, f of them faulty in the four ways
 * the original named, an agreement threshold of 0.67 (a majority route whose quorum is {@code ceil(0.67 n)} votes).
 *
 * <p>Randomised runs are seeded: the base seed is printed before the runs and with every failure, and can be
 * replayed with {@code -Dlighthouse.seed=N}. Arrival order is shuffled, so faulty votes come first, last and in between.
 */
class ByzantineConsensusTest {
    private static final double AGREEMENT = 0.67;
    private static final int RUNS = 20_000;
    private static final long SEED = TestSeed.of("ByzantineConsensusTest");

    /** How a reviewer behaves. */
    enum Kind {
        HONEST,
        /** never votes */
        SILENT,
        /** votes both ways, in either order */
        CONTRADICTORY,
        /** always votes against the right answer */
        MALICIOUS,
        /** flips a coin */
        RANDOM
    }

    private static final List<Kind> FAULTY = List.of(Kind.SILENT, Kind.CONTRADICTORY, Kind.MALICIOUS, Kind.RANDOM);

    @Test
    void originalScenario_tenReviewersThreeFaulty_honestOutcomeAlwaysWins() {
        Random random = new Random(SEED);
        int[] kindsSeen = new int[Kind.values().length];
        for (int run = 0; run < RUNS; run++) {
            boolean truth = random.nextBoolean();
            List<Kind> panel = panel(10, 3, random);
            panel.forEach(k -> kindsSeen[k.ordinal()]++);
            List<Vote> votes = arrivals(panel, truth, random);

            Outcome outcome = consensus(10).tally(votes).outcome();

            assertThat(outcome)
                    .as("seed %d, run %d: panel %s, votes %s", SEED, run, panel, votes)
                    .isEqualTo(truth ? Outcome.APPROVED : Outcome.DENIED);
        }
        for (Kind kind : FAULTY) {
            assertThat(kindsSeen[kind.ordinal()])
                    .as("runs with a %s reviewer", kind)
                    .isPositive();
        }
    }

    @Test
    void anyPanelWithinTheBound_honestOutcomeAlwaysWins() {
        Random random = new Random(SEED);
        for (int n = 4; n <= 40; n++) {
            int f = (n - 1) / 3; // the most faulty reviewers n >= 3f + 1 allows
            for (int run = 0; run < RUNS / 20; run++) {
                boolean truth = random.nextBoolean();
                List<Kind> panel = panel(n, f, random);
                List<Vote> votes = arrivals(panel, truth, random);

                assertThat(consensus(n).tally(votes).outcome())
                        .as("seed %d, n=%d f=%d quorum=%d run %d: %s", SEED, n, f, quorum(n), run, votes)
                        .isEqualTo(truth ? Outcome.APPROVED : Outcome.DENIED);
            }
        }
    }

    @Test
    void faultyVotesArrivingFirst_cannotFlipTheOriginalScenario() {
        for (boolean truth : new boolean[] {true, false}) {
            List<Vote> votes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                votes.add(new Vote("faulty-" + i, !truth, "malicious"));
                votes.add(new Vote("faulty-" + i, truth, "second thoughts")); // a duplicate: ignored
            }
            votes.add(new Vote("impostor", !truth, "not on the panel")); // ineligible: ignored
            for (int i = 0; i < 7; i++) {
                votes.add(new Vote("honest-" + i, truth, "right"));
            }
            Consensus consensus = Consensus.of(route(10), r -> r.startsWith("faulty-") || r.startsWith("honest-"));

            Consensus.Tally tally = consensus.tally(votes);

            assertThat(tally.outcome()).isEqualTo(truth ? Outcome.APPROVED : Outcome.DENIED);
            assertThat(tally.counted()).hasSize(7); // 3 wrong + 4 right settle it; the rest arrive late
        }
    }

    /**
     * Where the bound breaks, the worst case an adversary can arrange: {@code wrong-first} (every faulty reviewer votes
     * against the truth and arrives before the honest ones) and {@code silent} (every faulty reviewer stays silent).
     * {@code HONEST} = the right answer wins, {@code FLIPPED} = the faulty side wins, {@code STALLED} = not enough votes
     * ever arrive, so the route's timeout decides.
     */
    @ParameterizedTest(name = "n={0} f={1} quorum={2}: wrong-first {3}, silent {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # n | f | quorum | wrong-first | silent
             10 | 3 |  7     | HONEST      | HONEST
              4 | 1 |  3     | HONEST      | HONEST
             10 | 4 |  7     | FLIPPED     | STALLED
             10 | 4 |  6     | FLIPPED     | HONEST
             10 | 5 |  7     | FLIPPED     | STALLED
              9 | 3 |  6     | HONEST      | HONEST
              9 | 3 |  7     | HONEST      | STALLED
              6 | 2 |  4     | HONEST      | HONEST
              6 | 2 |  3     | FLIPPED     | HONEST
              3 | 1 |  2     | HONEST      | HONEST
              3 | 2 |  2     | FLIPPED     | STALLED
            """)
    void worstCase_byPanelSizeFaultsAndQuorum(int n, int f, int quorum, Result wrongFirst, Result silent) {
        for (boolean truth : new boolean[] {true, false}) {
            assertThat(worst(n, f, quorum, truth, false))
                    .as("wrong-first, truth %s", truth)
                    .isEqualTo(wrongFirst);
            assertThat(worst(n, f, quorum, truth, true))
                    .as("silent, truth %s", truth)
                    .isEqualTo(silent);
        }
    }

    @Test
    void agreementThreshold_givesTheQuorumTheBoundNeeds() {
        for (int n = 4; n <= 100; n++) {
            int f = (n - 1) / 3;
            assertThat(quorum(n)).as("n=%d", n).isEqualTo(n - f);
        }
    }

    enum Result {
        HONEST,
        FLIPPED,
        STALLED
    }

    private static Result worst(int n, int f, int quorum, boolean truth, boolean faultySilent) {
        List<Vote> votes = new ArrayList<>();
        for (int i = 0; i < f && !faultySilent; i++) {
            votes.add(new Vote("r" + i, !truth, "wrong"));
        }
        for (int i = f; i < n; i++) {
            votes.add(new Vote("r" + i, truth, "right"));
        }
        Outcome outcome = new Consensus(quorum, ReviewRoute.Mode.MAJORITY, r -> true)
                .tally(votes)
                .outcome();
        if (outcome == Outcome.PENDING) {
            return Result.STALLED;
        }
        return (outcome == Outcome.APPROVED) == truth ? Result.HONEST : Result.FLIPPED;
    }

    private static int quorum(int n) {
        // the 1e-9 keeps 0.67 × 100 at 67: binary floating point makes it 67.00000000000001
        return (int) Math.ceil(AGREEMENT * n - 1e-9);
    }

    private static ReviewRoute route(int n) {
        return new ReviewRoute(
                "byzantine",
                List.of("agent:review"),
                quorum(n),
                ReviewRoute.Mode.MAJORITY,
                Duration.ofMinutes(10),
                Verdict.DENY,
                Duration.ZERO,
                "");
    }

    private static Consensus consensus(int n) {
        return Consensus.of(route(n), r -> r.startsWith("r"));
    }

    /** n reviewers, f of them faulty of kinds drawn at random, in random seats. */
    private static List<Kind> panel(int n, int f, Random random) {
        List<Kind> panel = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            panel.add(i < f ? FAULTY.get(random.nextInt(FAULTY.size())) : Kind.HONEST);
        }
        Collections.shuffle(panel, random);
        return panel;
    }

    /** Every vote the panel casts, shuffled into one arrival order. */
    private static List<Vote> arrivals(List<Kind> panel, boolean truth, Random random) {
        List<Vote> votes = new ArrayList<>();
        for (int i = 0; i < panel.size(); i++) {
            String reviewer = "r" + i;
            switch (panel.get(i)) {
                case HONEST -> votes.add(new Vote(reviewer, truth, "honest"));
                case SILENT -> {}
                case CONTRADICTORY -> {
                    votes.add(new Vote(reviewer, true, "yes"));
                    votes.add(new Vote(reviewer, false, "no"));
                }
                case MALICIOUS -> votes.add(new Vote(reviewer, !truth, "malicious"));
                case RANDOM -> votes.add(new Vote(reviewer, random.nextBoolean(), "coin"));
            }
        }
        Collections.shuffle(votes, random);
        return votes;
    }
}
