package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void ids_areVersion7_strictlyIncreasing_evenWithinOneMillisecondOrWhenTheClockStepsBack() {
        TimeOrderedIds ids = new TimeOrderedIds(new SplittableRandom(7));
        long ms = 1_795_000_000_000L;
        UUID previous = ids.next(ms);
        for (int i = 0; i < 20_000; i++) {
            long clock = i == 10_000 ? ms - 5_000 : ms + i / 10_000; // many per millisecond, one step back
            UUID id = ids.next(clock);
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        assertThat(previous.getMostSignificantBits() >>> 16).isGreaterThanOrEqualTo(ms);
    }
}
