package dev.lighthouse.fuse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code decisions/}: {@code <YYYY-MM-DD>/<HH>/<seq>-<answer>-<agent>.json} and {@code latest}, a symlink. */
final class DecisionsFolder implements Folder {
    private static final Pattern FILE = Pattern.compile("(\\d{1,18})-[^/]+\\.json");
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
        if (!decisions.days().contains(day)) {
            return Optional.empty();
        }
        return Optional.of(
                new Node.Dir(new Day(day), day.atStartOfDay(ZoneOffset.UTC).toInstant()));
    }

    /** Where a decision's file is, relative to {@code decisions/}. */
    static String path(Decisions.Decision d) {
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
            if (!HOUR.matcher(name).matches() || !names().contains(name)) {
                return Optional.empty();
            }
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Integer.parseInt(name), ChronoUnit.HOURS);
            return Optional.of(new Node.Dir(new Hour(start), start));
        }
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
            Matcher m = FILE.matcher(name);
            if (!m.matches()) {
                return Optional.empty();
            }
            return decisions
                    .bySeq(Long.parseLong(m.group(1)))
                    .filter(d -> d.name().equals(name) && d.hourKey().equals(Decisions.hourKey(start)))
                    .map(d -> new Node.Blob(d.json(), d.time()));
        }
    }
}
