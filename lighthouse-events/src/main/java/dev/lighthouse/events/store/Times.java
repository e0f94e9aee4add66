package dev.lighthouse.events.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Event times as SQLite stores them: ISO-8601 UTC with exactly six fraction digits, so text order is time order. */
final class Times {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {}

    static String format(Instant t) {
        return FORMAT.format(t);
    }

    /** Parses what {@link #format} writes, without a formatter (it runs for every event read); anything else too. */
    static Instant parse(String text) {
        if (text.length() != 27
                || text.charAt(4) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(19) != '.'
                || text.charAt(26) != 'Z') {
            return Instant.parse(text);
        }
        try {
            long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10))
                    .toEpochDay();
            long seconds =
                    day * 86_400 + digits(text, 11, 13) * 3_600L + digits(text, 14, 16) * 60L + digits(text, 17, 19);
            return Instant.ofEpochSecond(seconds, digits(text, 20, 26) * 1_000L);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Instant.parse(text); // says precisely what is wrong
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
