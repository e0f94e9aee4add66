package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.testing.TestSeed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {
    /** An instant in years 1970–9999, to the microsecond: what the store writes. */
    private static Instant randomInstant(SplittableRandom random) {
        return Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000))
                .truncatedTo(ChronoUnit.MICROS);
    }

    @Test
    void parse_readsBackWhatFormatWrote_forRandomInstants() {
        long seed = TestSeed.of("TimesTest.parse_readsBackWhatFormatWrote_forRandomInstants");
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            Instant t = randomInstant(random);
            assertThat(Times.parse(Times.format(t))).as("seed %d", seed).isEqualTo(t);
        }
    }

    @Test
    void format_writesWhatTheFormatterWrites_forInstantsOfAnyYear() {
        DateTimeFormatter formatter =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
        long seed = TestSeed.of("TimesTest.format_writesWhatTheFormatterWrites_forInstantsOfAnyYear");
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            // years -1000 to 12000: outside 0-9999 the formatter's own form (a sign, more digits) is kept
            Instant t = Instant.ofEpochSecond(
                    random.nextLong(-93_000_000_000L, 316_600_000_000L), random.nextInt(1_000_000_000));
            assertThat(Times.format(t)).as("seed %d, %s", seed, t).isEqualTo(formatter.format(t));
        }
        assertThat(Times.format(Instant.parse("1969-12-31T23:59:59.999999999Z")))
                .isEqualTo("1969-12-31T23:59:59.999999Z");
        for (Instant edge : List.of(
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"))) {
            assertThat(Times.format(edge)).as(edge.toString()).isEqualTo(formatter.format(edge));
        }
    }

    @Test
    void parse_otherIsoForms_fallBackToTheFullParser() {
        assertThat(Times.parse("2026-11-23T09:00:00Z")).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    }

    @Test
    void micros_ofFormattedBytes_isTheInstantsMicroseconds_andAnyOtherFormIsNotStoredForm() {
        long seed = TestSeed.of(
                "TimesTest.micros_ofFormattedBytes_isTheInstantsMicroseconds_andAnyOtherFormIsNotStoredForm");
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            Instant t = randomInstant(random);
            byte[] text = Times.format(t).getBytes(StandardCharsets.UTF_8);
            assertThat(Times.micros(text))
                    .as("seed %d", seed)
                    .isEqualTo(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
        }
        for (String other : List.of(
                "2026-11-23T09:00:00Z",
                "2026-11-23 09:00:00.000000Z",
                "2026-02-30T09:00:00.000000Z",
                "2026-13-01T09:00:00.000000Z",
                "2026-11-23T24:00:00.000000Z",
                "2026-11-23T09:00:00.00000aZ",
                "2026-11-23T09:00:00.000000+")) {
            assertThat(Times.micros(other.getBytes(StandardCharsets.UTF_8)))
                    .as(other)
                    .isEqualTo(Times.NOT_STORED_FORM);
        }
        assertThat(Times.micros(null)).isEqualTo(Times.NOT_STORED_FORM);
    }
}
