package dev.lighthouse.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.testing.TestSeed;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventTypeTest {
    /** The hand-written check accepts exactly what the documented pattern accepts. */
    @Test
    void validation_agreesWithThePattern_onRandomNames() {
        long seed = TestSeed.of("EventTypeTest.validation_agreesWithThePattern_onRandomNames");
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "ab._9Z-";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = random.nextInt(1, 9); n > 0; n--) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            boolean byPattern = EventType.NAME.matcher(name).matches();
            boolean accepted;
            try {
                EventType.of(name.toString());
                accepted = true;
            } catch (IllegalArgumentException e) {
                accepted = false;
            }
            assertThat(accepted).as("%s (seed %d)", name, seed).isEqualTo(byPattern);
        }
    }
}
