package dev.lighthouse.events.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Event times as SQLite stores them: ISO-8601 UTC with exactly six fraction digits, so text order is time order. */
final class Times {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Epoch seconds of the first instants of years 0 and 10000: the years written as four plain digits. */
    private static final long YEAR_0 = -62_167_219_200L;

    private static final long YEAR_10000 = 253_402_300_800L;

    private Times() {}

    /**
     * Writes the digits itself for years 0 to 9999: the writer formats every event's time, and the formatter's
     * allocations were a tenth of the writer's garbage.
     */
    static String format(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return FORMAT.format(t);
        }
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        byte[] text = new byte[WIDTH];
        digits(text, 0, 4, day.getYear());
        text[4] = '-';
        digits(text, 5, 7, day.getMonthValue());
        text[7] = '-';
        digits(text, 8, 10, day.getDayOfMonth());
        text[10] = 'T';
        digits(text, 11, 13, secondOfDay / 3_600);
        text[13] = ':';
        digits(text, 14, 16, secondOfDay / 60 % 60);
        text[16] = ':';
        digits(text, 17, 19, secondOfDay % 60);
        text[19] = '.';
        digits(text, 20, 26, t.getNano() / 1_000);
        text[26] = 'Z';
        return new String(text, StandardCharsets.US_ASCII);
    }

    /** Writes {@code value} as {@code to - from} decimal digits, zero-padded. */
    private static void digits(byte[] text, int from, int to, int value) {
        for (int i = to - 1; i >= from; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
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

    /** What {@link #micros} answers for text not as {@link #format} writes it. */
    static final long NOT_STORED_FORM = Long.MIN_VALUE;

    /** Bytes of a time as {@link #format} writes it: {@code 2026-11-23T09:00:00.123456Z}. */
    static final int WIDTH = 27;

    /**
     * Microseconds since the epoch of UTF-8 text as {@link #format} writes it, or {@link #NOT_STORED_FORM}: for
     * reading rows without building strings.
     */
    static long micros(byte[] text) {
        return text == null || text.length != WIDTH ? NOT_STORED_FORM : micros(text, 0);
    }

    /** As {@link #micros(byte[])}, of the {@link #WIDTH} bytes of {@code text} from {@code at}. */
    static long micros(byte[] text, int at) {
        if (text[at + 4] != '-'
                || text[at + 7] != '-'
                || text[at + 10] != 'T'
                || text[at + 13] != ':'
                || text[at + 16] != ':'
                || text[at + 19] != '.'
                || text[at + 26] != 'Z') {
            return NOT_STORED_FORM;
        }
        int year = digits(text, at, at + 4);
        int month = digits(text, at + 5, at + 7);
        int day = digits(text, at + 8, at + 10);
        int hour = digits(text, at + 11, at + 13);
        int minute = digits(text, at + 14, at + 16);
        int second = digits(text, at + 17, at + 19);
        int fraction = digits(text, at + 20, at + 26);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour > 23
                || minute > 59
                || second > 59
                || fraction < 0) {
            return NOT_STORED_FORM;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return ((epochDay * 86_400 + hour * 3_600L + minute * 60L + second) * 1_000_000L) + fraction;
        } catch (java.time.DateTimeException e) {
            return NOT_STORED_FORM; // a day the month does not have
        }
    }

    /** The decimal value of ASCII digits {@code from..to}, or -1 if one is not a digit. */
    private static int digits(byte[] text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = text[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
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
