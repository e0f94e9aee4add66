package dev.lighthouse.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventJson;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.Page;
import dev.lighthouse.events.Subscription;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.Violation;
import dev.lighthouse.events.integrity.Keyring;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code lighthouse events query|tail|export|import|verify|rotate-key}: the event store from the command line. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Query, follow, export, import and verify the event store (store.url; docs/events.md).",
        subcommands = {
            EventsCommand.Query.class,
            EventsCommand.Tail.class,
            EventsCommand.Export.class,
            EventsCommand.Import.class,
            EventsCommand.Verify.class,
            EventsCommand.RotateKey.class
        })
final class EventsCommand implements Runnable {
    static final int SCHEMA_VERSION = 1;
    /** Exit code of {@code verify} when the chain is not intact. */
    static final int EXIT_VIOLATION = 3;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(Lighthouse.out(spec));
    }

    static EventStore open(CommandSpec spec) {
        return EventStoreWiring.open(Lighthouse.settings(spec));
    }

    /** {@code 42  2026-11-23T09:00:00.123456Z  decision.made  session/s1  agent-1  {"verdict":"allow"}} */
    static void print(PrintWriter out, Event e) {
        out.println(line(e));
    }

    static String line(Event e) {
        return "%d  %s  %s  %s  %s  %s"
                .formatted(e.seq(), e.time(), e.type(), e.stream(), e.agent().orElse("-"), e.payload());
    }

    @Command(
            name = "query",
            mixinStandardHelpOptions = true,
            description = {
                "List events matching every given filter: the latest --limit, newest first, each cut to the",
                "terminal's width; --oldest-first (or --after, --json) pages through them in seq order instead."
            })
    static final class Query implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--type", paramLabel = "TYPE", description = "Event type, e.g. decision.made.")
        String type;

        @Option(names = "--stream", paramLabel = "ID", description = "Stream or aggregate id.")
        String stream;

        @Option(names = "--agent", paramLabel = "ID", description = "Agent id.")
        String agent;

        @Option(names = "--since", paramLabel = "TIME", description = "At or after this UTC time (ISO-8601).")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Before this UTC time (ISO-8601).")
        String until;

        @Option(names = "--after", paramLabel = "CURSOR", description = "Continue after a previous page's cursor.")
        String after;

        @Option(names = "--limit", paramLabel = "N", description = "Events per page (default ${DEFAULT-VALUE}).")
        int limit = 50;

        @Option(names = "--json", description = "Print JSON, in seq order (schema_version " + SCHEMA_VERSION + ").")
        boolean json;

        @Option(
                names = "--oldest-first",
                description = "Page through in seq order from the oldest match, with a cursor to continue.")
        boolean oldestFirst;

        @Override
        public Integer call() {
            EventQuery q;
            try {
                q = EventQuery.all().limit(limit);
                q = type == null ? q : q.type(EventType.of(type));
                q = stream == null ? q : q.stream(stream);
                q = agent == null ? q : q.agent(agent);
                q = since == null ? q : q.since(instant("--since", since));
                q = until == null ? q : q.until(instant("--until", until));
                q = after == null ? q : q.after(Cursor.parse(after));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            PrintWriter out = Lighthouse.out(spec);
            if (!json && !oldestFirst && after == null) {
                int width = width(Lighthouse.env(spec));
                Latest latest;
                try (EventStore store = open(spec)) {
                    latest = latest(store, q);
                }
                latest.newestFirst().forEach(e -> out.println(cut(line(e), width)));
                if (latest.older()) {
                    out.println(
                            "older: --until " + latest.newestFirst().getLast().time() + ", or --oldest-first");
                }
                return 0;
            }
            Page page;
            try (EventStore store = open(spec)) {
                page = store.query(q);
            }
            if (json) {
                out.println(JsonOutput.line(new EventPage(
                        SCHEMA_VERSION,
                        page.events().stream()
                                .map(e -> JSON.readTree(EventJson.line(e)))
                                .toList(),
                        page.next().map(Cursor::toString).orElse(null))));
            } else {
                page.events().forEach(e -> print(out, e));
                page.next().ifPresent(c -> out.println("more: --after " + c));
            }
            return 0;
        }

        /** A page of {@code events query --json}: each event in the export format; {@code next} null on the last. */
        record EventPage(
                @JsonProperty("schema_version") int schemaVersion,
                List<JsonNode> events,
                @JsonInclude(JsonInclude.Include.ALWAYS) String next) {}

        /** The last {@code q.limit()} matches, newest first, and whether older matches exist. */
        record Latest(List<Event> newestFirst, boolean older) {}

        /**
         * Without filters the latest events are the store's last seqs; with filters the store is scanned in seq
         * order (its only order), a page of {@link EventQuery#MAX_LIMIT} at a time, keeping the last matches.
         */
        static Latest latest(EventStore store, EventQuery q) {
            boolean filtered = q.type().isPresent()
                    || q.stream().isPresent()
                    || q.agent().isPresent()
                    || q.since().isPresent()
                    || q.until().isPresent();
            ArrayDeque<Event> last = new ArrayDeque<>(q.limit());
            boolean older = false;
            if (!filtered) {
                long head = store.head().seq();
                long from = Math.max(1, head - q.limit() + 1);
                if (head > 0) {
                    store.read(from, (int) (head - from + 1)).forEach(last::addFirst);
                }
                return new Latest(List.copyOf(last), from > 1);
            }
            Optional<Cursor> next = Optional.of(q.after());
            while (next.isPresent()) {
                Page page = store.query(q.after(next.get()).limit(EventQuery.MAX_LIMIT));
                for (Event e : page.events()) {
                    if (last.size() == q.limit()) {
                        last.removeLast();
                        older = true;
                    }
                    last.addFirst(e);
                }
                next = page.next();
            }
            return new Latest(List.copyOf(last), older);
        }

        /** {@code $COLUMNS} when the shell exports it, else a width most terminals have. */
        static int width(Map<String, String> env) {
            try {
                return Math.max(
                        40, Integer.parseInt(env.getOrDefault("COLUMNS", "").strip()));
            } catch (NumberFormatException e) {
                return 160;
            }
        }

        static String cut(String line, int width) {
            return line.length() <= width ? line : line.substring(0, width - 1) + "…";
        }

        private static Instant instant(String option, String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "%s %s: expected a UTC time such as 2026-11-23T09:00:00Z".formatted(option, text));
            }
        }
    }

    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = "Print the last events; with --follow, keep printing each new one as it is stored.")
    static final class Tail implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "-n", paramLabel = "N", description = "How many of the last events (default ${DEFAULT-VALUE}).")
        int last = 10;

        @Option(
                names = {"-f", "--follow"},
                description = "Keep running and print new events as they are stored (Ctrl-C to stop).")
        boolean follow;

        @Option(names = "--json", description = "Print each event as a JSON line (the export format).")
        boolean json;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = Lighthouse.out(spec);
            try (EventStore store = open(spec)) {
                long head = store.head().seq();
                long from = Math.max(1, head - Math.max(0, last) + 1);
                if (!follow) {
                    for (Event e : store.read(from, (int) Math.min(EventQuery.MAX_LIMIT, head - from + 1))) {
                        show(out, e);
                    }
                    return 0;
                }
                try (Subscription sub = store.subscribe(from, e -> show(out, e))) {
                    new CountDownLatch(1).await(); // until Ctrl-C: delivery runs on the subscription's thread
                }
            }
            return 0;
        }

        private void show(PrintWriter out, Event e) {
            if (json) {
                out.println(EventJson.line(e));
            } else {
                print(out, e);
            }
            out.flush();
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write events as JSON lines, with their MACs, for backup or for `events import`.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", paramLabel = "SEQ", description = "First seq (default 1).")
        long from = 1;

        @Option(names = "--to", paramLabel = "SEQ", description = "Last seq (default: the head).")
        long to = Long.MAX_VALUE;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE",
                description = "Write to FILE instead of standard output.")
        Path output;

        @Override
        public Integer call() throws IOException {
            try (EventStore store = open(spec)) {
                if (output == null) {
                    EventJson.export(store, from, to, Lighthouse.out(spec));
                } else {
                    try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                        long n = EventJson.export(store, from, to, w);
                        spec.commandLine().getErr().println("exported " + n + " events to " + output);
                    }
                }
            }
            return 0;
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Restore events from an export into a store that ends where the export begins (usually an empty"
                        + " one), keeping their seqs, ids and MACs. Every event is checked before it is stored.",
                "The store's keys must include the keys the events were signed with."
            })
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "JSON lines from `events export`; - for standard input.")
        String file;

        @Override
        public Integer call() throws IOException {
            try (EventStore store = open(spec);
                    BufferedReader in = file.equals("-")
                            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                            : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                long n = EventJson.importInto(store, in);
                Lighthouse.out(spec)
                        .println("imported %d events; head is now seq %d"
                                .formatted(n, store.head().seq()));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UserException(file + ": no such file");
            } catch (EventRejectedException e) {
                throw new UserException(file + ": " + e.getMessage());
            }
            return 0;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check every event's HMAC, its link to the previous event, gapless seqs, and the signed checkpoints.",
                "Exit code 0: intact; " + EXIT_VIOLATION + ": a violation was found (the first broken seq and its"
                        + " kind are printed)."
            })
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", paramLabel = "SEQ", description = "First seq (default 1).")
        long from = 1;

        @Option(names = "--to", paramLabel = "SEQ", description = "Last seq (default: the head).")
        long to = Long.MAX_VALUE;

        @Option(names = "--json", description = "Print JSON, in seq order (schema_version " + SCHEMA_VERSION + ").")
        boolean json;

        @Option(
                names = "--oldest-first",
                description = "Page through in seq order from the oldest match, with a cursor to continue.")
        boolean oldestFirst;

        @Option(
                names = "--head",
                paramLabel = "SEQ:HASH",
                description = "A head recorded elsewhere (an alert receiver, a second replica): the store must hold"
                        + " the event SEQ with this hash, or the log was cut or rewritten.")
        String head;

        @Override
        public Integer call() {
            VerifyReport report;
            try (EventStore store = open(spec)) {
                report = store.verify(from, to);
                if (head != null) {
                    report = againstHead(report, store, head);
                }
            }
            PrintWriter out = Lighthouse.out(spec);
            if (json) {
                out.println(JsonOutput.line(VerifyJson.of(report)));
            } else if (report.ok() && report.eventsChecked() == 0) {
                out.println("ok: no events to check");
            } else if (report.ok()) {
                out.printf(
                        "ok: %d events, seq %d to %d, %d checkpoints%n",
                        report.eventsChecked(), report.fromSeq(), report.toSeq(), report.checkpointsChecked());
            } else {
                Violation first = report.firstViolation().orElseThrow();
                out.printf(
                        "FAILED at seq %d (%s); chain intact up to seq %d%n",
                        first.seq(), first.kind().label(), report.intactUpTo());
                report.violations().forEach(v -> out.println("  " + v.describe()));
            }
            return report.ok() ? 0 : EXIT_VIOLATION;
        }

        /** The report, with a {@code head mismatch} if the store does not hold {@code seqHash} ({@code SEQ:HASH}). */
        private static VerifyReport againstHead(VerifyReport report, EventStore store, String seqHash) {
            int colon = seqHash.indexOf(':');
            long seq;
            Hash hash;
            try {
                seq = Long.parseLong(seqHash.substring(0, Math.max(0, colon)));
                hash = Hash.parse(seqHash.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new UserException("--head %s: expected SEQ:HASH, e.g. 120:%s".formatted(seqHash, "0".repeat(64)));
            }
            Optional<Event> held =
                    store.read(seq, 1).stream().filter(e -> e.seq() == seq).findFirst();
            Optional<String> wrong = held.isEmpty()
                    ? Optional.of("the head recorded elsewhere is seq %d; the store ends at seq %d: its tail was cut"
                            .formatted(seq, store.head().seq()))
                    : held.get().hash().equals(hash)
                            ? Optional.empty()
                            : Optional.of("the head recorded elsewhere has hash %s at seq %d; the store holds %s"
                                    .formatted(hash, seq, held.get().hash()));
            if (wrong.isEmpty()) {
                return report;
            }
            List<Violation> all = new ArrayList<>(report.violations());
            all.add(new Violation(Violation.Kind.HEAD_MISMATCH, seq, wrong.get()));
            all.sort(java.util.Comparator.comparingLong(Violation::seq));
            return new VerifyReport(
                    report.fromSeq(), report.toSeq(), report.eventsChecked(), report.checkpointsChecked(), all);
        }

        /** {@code events verify --json}. */
        record VerifyJson(
                @JsonProperty("schema_version") int schemaVersion,
                boolean ok,
                @JsonProperty("from_seq") long fromSeq,
                @JsonProperty("to_seq") long toSeq,
                @JsonProperty("events_checked") long eventsChecked,
                @JsonProperty("checkpoints_checked") long checkpointsChecked,
                @JsonProperty("intact_up_to") long intactUpTo,
                List<ViolationJson> violations) {
            static VerifyJson of(VerifyReport report) {
                return new VerifyJson(
                        SCHEMA_VERSION,
                        report.ok(),
                        report.fromSeq(),
                        report.toSeq(),
                        report.eventsChecked(),
                        report.checkpointsChecked(),
                        report.intactUpTo(),
                        report.violations().stream()
                                .map(v -> new ViolationJson(
                                        v.seq(), v.kind().name().toLowerCase(java.util.Locale.ROOT), v.detail()))
                                .toList());
            }
        }

        record ViolationJson(long seq, String kind, String detail) {}
    }

    @Command(
            name = "rotate-key",
            mixinStandardHelpOptions = true,
            description = {
                "Add a fresh key to the key file (store.key=file:…) and make it the one new events are signed with."
                        + " Older keys stay, so older events keep verifying. Running bridges use the new key after"
                        + " a restart; replicas sharing a PostgreSQL store need the new key file too."
            })
    static final class RotateKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path file = EventStoreWiring.keyFile(Lighthouse.settings(spec));
            Keyring.loadOrCreate(file, Clock.systemUTC());
            Keyring rotated;
            try {
                rotated = Keyring.rotate(file, Clock.systemUTC());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new UserException(e.getMessage());
            }
            List<String> ids = List.copyOf(rotated.ids());
            Lighthouse.out(spec)
                    .printf(
                            "%s: active key is now %s (%d keys)%n",
                            file, rotated.active().id(), ids.size());
            return 0;
        }
    }
}
