package dev.lighthouse.events.store;

import java.time.Instant;
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

    static Instant parse(String text) {
        return Instant.parse(text);
    }
}
