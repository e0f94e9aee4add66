package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {
    @Test
    void parse_readsBackWhatFormatWrote_forRandomInstants() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000))
                    .truncatedTo(ChronoUnit.MICROS);
            assertThat(Times.parse(Times.format(t))).as("seed %d", seed).isEqualTo(t);
        }
    }

    @Test
    void parse_otherIsoForms_fallBackToTheFullParser() {
        assertThat(Times.parse("2026-11-23T09:00:00Z")).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    }
}
