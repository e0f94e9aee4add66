package dev.lighthouse.fuse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code decisions/}: {@code <YYYY-MM-DD>/<HH>/<seq>-<answer>-<agent>.json} and {@code latest}, a symlink. */
final class DecisionsFolder implements Folder {
    private final Decisions decisions;

    DecisionsFolder(Decisions decisions) {
        this.decisions = decisions;
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>();
        decisions.days().forEach(d -> names.add(d.toString()));
        if (decisions.latest().isPresent()) {
            names.add("latest");
        }
        return names;
    }

    @Override
    public Optional<Node> child(String name) {
        if (name.equals("latest")) {
            return decisions.latest().map(d -> new Node.Link(path(d), d.time()));
        }
        LocalDate day = dayOf(name);
        if (day == null || !decisions.hasDay(day)) {
            return Optional.empty();
        }
        return Optional.of(
                new Node.Dir(new Day(day), day.atStartOfDay(ZoneOffset.UTC).toInstant()));
    }

    /**
     * The day a {@code YYYY-MM-DD} name names, or null: read by hand, as every stat and open of a decision file asks
     * (a {@code DateTimeFormatter} parse allocates a map a call, and throws for every other name).
     */
    static LocalDate dayOf(String name) {
        if (name.length() != 10 || name.charAt(4) != '-' || name.charAt(7) != '-') {
            return null;
        }
        int year = digits(name, 0, 4);
        int month = digits(name, 5, 7);
        int day = digits(name, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // such as 2026-02-30
        }
    }

    /** The number the decimal digits {@code from} to {@code to} of {@code text} make, or -1. */
    private static int digits(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Where a decision's file is, relative to {@code decisions/}. */
    static String path(Decisions.Entry d) {
        Instant t = d.time();
        return "%s/%02d/%s".formatted(Decisions.day(t), t.atZone(ZoneOffset.UTC).getHour(), d.name());
    }

    private final class Day implements Folder {
        private final LocalDate day;

        Day(LocalDate day) {
            this.day = day;
        }

        @Override
        public List<String> names() {
            return decisions.hoursOf(day);
        }

        @Override
        public Optional<Node> child(String name) {
            int hour = name.length() == 2 ? digits(name, 0, 2) : -1;
            if (hour < 0 || !decisions.hasHour(day, hour)) {
                return Optional.empty();
            }
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(hour, ChronoUnit.HOURS);
            return Optional.of(new Node.Dir(new Hour(start), start));
        }
    }

    /**
     * The seq a decision file's name starts with ({@code <seq>-….json}), or 0: read by hand, as every stat and open of
     * a decision file asks.
     */
    static long seqOf(String name) {
        int dash = name.indexOf('-');
        if (dash < 1 || dash > 18 || !name.endsWith(".json")) {
            return 0;
        }
        long seq = 0;
        for (int i = 0; i < dash; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            seq = seq * 10 + (c - '0');
        }
        return seq;
    }

    private final class Hour implements Folder {
        private final Instant start;

        Hour(Instant start) {
            this.start = start;
        }

        @Override
        public List<String> names() {
            return decisions.names(start);
        }

        @Override
        public Optional<Node> child(String name) {
            long seq = seqOf(name);
            if (seq < 1) {
                return Optional.empty();
            }
            return decisions
                    .bySeq(seq)
                    .filter(d -> d.name().equals(name) && d.inHour(start))
                    .map(d -> new Node.Blob(d.json(), d.time()));
        }
    }
}
