package dev.lighthouse.fuse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code decisions/}: {@code <YYYY-MM-DD>/<HH>/<seq>-<answer>-<agent>.json} and {@code latest}, a symlink. */
final class DecisionsFolder implements Folder {
    private static final Pattern HOUR = Pattern.compile("[0-2]\\d");

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
        LocalDate day;
        try {
            day = LocalDate.parse(name);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        if (!decisions.hasDay(day)) {
            return Optional.empty();
        }
        return Optional.of(
                new Node.Dir(new Day(day), day.atStartOfDay(ZoneOffset.UTC).toInstant()));
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
            if (!HOUR.matcher(name).matches() || !decisions.hasHour(day, Integer.parseInt(name))) {
                return Optional.empty();
            }
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Integer.parseInt(name), ChronoUnit.HOURS);
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
