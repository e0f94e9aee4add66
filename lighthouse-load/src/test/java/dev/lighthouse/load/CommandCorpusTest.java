package dev.lighthouse.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CommandCorpusTest {
    private static final CommandCorpus CORPUS = CommandCorpus.builtIn();

    @ParameterizedTest
    @EnumSource(CommandClass.class)
    void everyClass_hasHundredsOfDistinctCommands(CommandClass c) {
        assertThat(CORPUS.commands(c))
                .hasSizeGreaterThan(150)
                .doesNotHaveDuplicates()
                .allSatisfy(cmd -> assertThat(cmd).isNotBlank().doesNotStartWith("#"));
    }

    @Test
    void classes_doNotShareCommands() {
        assertThat(CORPUS.commands(CommandClass.SAFE)).doesNotContainAnyElementsOf(CORPUS.commands(CommandClass.RISKY));
        assertThat(CORPUS.commands(CommandClass.SAFE))
                .doesNotContainAnyElementsOf(CORPUS.commands(CommandClass.COMPLEX));
        assertThat(CORPUS.commands(CommandClass.RISKY))
                .doesNotContainAnyElementsOf(CORPUS.commands(CommandClass.COMPLEX));
    }

    @Test
    void draw_isRepeatableWithASeed() {
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int i = 0; i < 50; i++) {
            assertThat(CORPUS.draw(CommandClass.RISKY, a)).isEqualTo(CORPUS.draw(CommandClass.RISKY, b));
        }
    }

    @Test
    void mix_sendsEachShareToItsClass() {
        WorkloadPattern.Mix mix = WorkloadPattern.BUSINESS_HOURS.mix();

        assertThat(mix.classAt(0)).isEqualTo(CommandClass.SAFE);
        assertThat(mix.classAt(69.99)).isEqualTo(CommandClass.SAFE);
        assertThat(mix.classAt(70)).isEqualTo(CommandClass.RISKY);
        assertThat(mix.classAt(89.99)).isEqualTo(CommandClass.RISKY);
        assertThat(mix.classAt(90)).isEqualTo(CommandClass.COMPLEX);
    }
}
