package dev.lighthouse.fuse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The decisions as files: {@code <seq>-<answer>-<agent>.json} under their UTC day and hour, each the decision record of
 * {@code GET /v1/decisions} pretty-printed. Thread-safe.
 *
 * <p>Design: every listing is served from memory once the mount's first pass ({@link #indexNames}: names only, from
 * {@code GET /v1/decisions/names}, {@link #NAMES_PAGE} a request) has indexed the names of the newest
 * {@link #INDEXED_NAMES} decisions (about 70 bytes each, kept in seq order per hour); the stream adds each new one.
 * Before that pass ends, and for hours older than what the index holds, an hour's names are asked of the bridge (one
 * request for up to {@link #NAMES_PAGE}, answered from the store's time index without decision bodies) and kept for
 * the last {@link #HOURS} hours listed. Decision contents live in a cache bounded by bytes, so a day of 100,000
 * decisions is listed and read without holding them all. New decisions arrive from the decision stream
 * ({@link #arrived}) and join the listings and the newest pointer; nothing polls. A miss on one decision fetches it
 * with the {@link #PAGE} after it, so reading a directory in order (grep -r) costs one request per page, not per file.
 * A stat or open of a decision file takes no lock: the cache is read lock-free, and its path is checked by arithmetic.
 */
final class Decisions {
    static final int PAGE = 1000;
    static final int HOURS = 48;
    /** Names the index holds; past it the oldest hours leave the index and are fetched when listed. */
    static final int INDEXED_NAMES = 500_000;

    /** Most names one request of {@code GET /v1/decisions/names} brings: an hour of a busy fleet. */
    static final int NAMES_PAGE = 10_000;

    /** What names a decision's file, and when it was made. */
    record Entry(long seq, Instant time, String name) {}

    /** One decision file. */
    record Decision(long seq, Instant time, String name, byte[] json) {
        Entry entry() {
            return new Entry(seq, time, name);
        }

        /** Whether it was made in the hour starting at {@code start}: arithmetic, as it is asked on every stat. */
        boolean inHour(Instant start) {
            return Math.floorDiv(time.getEpochSecond(), 3600) == Math.floorDiv(start.getEpochSecond(), 3600);
        }
    }

    /**
     * A page of {@code GET /v1/decisions/names}: columns of one length, name {@code i} being {@code seq[i]}, made at
     * {@code time[i]} (microseconds since the epoch) by {@code agents[agent[i]]}, answered {@code answers[answer[i]]};
     * {@code lastSeq} the store's newest seq when it was read (0 from a bridge that does not say). Checked whole when
     * read, so that a malformed page fails the request (EIO) instead of naming files wrongly.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NamePage(
            long[] seq,
            long[] time,
            int[] agent,
            int[] answer,
            List<String> agents,
            List<String> answers,
            String next,
            long lastSeq) {
        NamePage {
            requireNonNull(seq, "seq");
            requireNonNull(time, "time");
            requireNonNull(agent, "agent");
            requireNonNull(answer, "answer");
            requireNonNull(agents, "agents");
            requireNonNull(answers, "answers");
            if (time.length != seq.length || agent.length != seq.length || answer.length != seq.length) {
                throw new IllegalArgumentException("columns of different lengths: seq %d, time %d, agent %d, answer %d"
                        .formatted(seq.length, time.length, agent.length, answer.length));
            }
            for (int i = 0; i < seq.length; i++) {
                if (agent[i] < 0 || agent[i] >= agents.size() || answer[i] < 0 || answer[i] >= answers.size()) {
                    throw new IllegalArgumentException(
                            "name %d (seq %d) points past the tables: agent %d of %d, answer %d of %d"
                                    .formatted(i, seq[i], agent[i], agents.size(), answer[i], answers.size()));
                }
            }
        }

        int size() {
            return seq.length;
        }

        /** The file name of name {@code i}; the table entries are made file-safe once, not once a name. */
        String fileName(int i, String[] safeAgents, String[] safeAnswers) {
            return seq[i] + "-" + safeAnswers[answer[i]] + "-" + safeAgents[agent[i]] + ".json";
        }

        Instant time(int i) {
            return Instant.EPOCH.plus(time[i], ChronoUnit.MICROS);
        }

        /** Every name of the page, in order, with its file name. */
        void forEach(NameConsumer each) {
            String[] safeAgents = agents.stream().map(Decisions::safe).toArray(String[]::new);
            String[] safeAnswers = answers.stream().map(Decisions::safe).toArray(String[]::new);
            for (int i = 0; i < seq.length; i++) {
                each.accept(i, seq[i], fileName(i, safeAgents, safeAnswers));
            }
        }

        Entry entry(int i) {
            return new Entry(seq[i], time(i), Decisions.fileName(seq[i], answers.get(answer[i]), agents.get(agent[i])));
        }
    }

    /** One name of a {@link NamePage}: its index in the page, its seq, its file name. */
    @FunctionalInterface
    interface NameConsumer {
        void accept(int index, long seq, String fileName);
    }

    private final BridgeHttp bridge;
    private final long cacheBytes;
    private final int indexedMost;
    /** Read without a lock (every stat and open looks here); written under {@link #cacheOrder}. */
    private final ConcurrentHashMap<Long, Decision> cache = new ConcurrentHashMap<>();
    /** The cached seqs, oldest first: the first to leave when the cache is over its bytes. */
    private final ArrayDeque<Long> cacheOrder = new ArrayDeque<>();

    private final InFlight listings = new InFlight();

    private long cachedBytes;
    private final LinkedHashMap<Long, HourNames> hours = new LinkedHashMap<>(64, 0.75f, true);
    private volatile Entry first;
    private volatile Entry latest;
    private volatile boolean latestKnown;
    private final TreeMap<Long, HourNames> index = new TreeMap<>();
    private boolean indexComplete;
    private int indexedNames;
    /** The newest hour that left the index (see {@link #hourKey}), or {@link Long#MIN_VALUE} while none has. */
    private long droppedThrough = Long.MIN_VALUE;

    private Entry newestIndexed;

    /** One hour's decision names in seq order: two arrays, not a map, as the index holds hundreds of thousands. */
    private static final class HourNames {
        private long[] seqs = new long[16];
        private String[] names = new String[16];
        private int size;

        /** Adds or replaces; seqs come in rising order, so this appends. */
        boolean put(long seq, String name) {
            int at = size > 0 && seqs[size - 1] < seq ? -(size + 1) : Arrays.binarySearch(seqs, 0, size, seq);
            if (at >= 0) {
                names[at] = name;
                return false;
            }
            int insert = -(at + 1);
            if (size == seqs.length) {
                seqs = Arrays.copyOf(seqs, size * 2);
                names = Arrays.copyOf(names, size * 2);
            }
            System.arraycopy(seqs, insert, seqs, insert + 1, size - insert);
            System.arraycopy(names, insert, names, insert + 1, size - insert);
            seqs[insert] = seq;
            names[insert] = name;
            size++;
            return true;
        }

        List<String> list() {
            return Arrays.asList(Arrays.copyOf(names, size));
        }

        void putAll(HourNames other) {
            for (int i = 0; i < other.size; i++) {
                put(other.seqs[i], other.names[i]);
            }
        }
    }

    /** The listings asking the bridge for names now; the mount's pass waits for none before each page. */
    private static final class InFlight {
        private int count;

        synchronized void begin() {
            count++;
        }

        synchronized void end() {
            if (--count == 0) {
                notifyAll();
            }
        }

        synchronized void awaitNone() throws InterruptedException {
            while (count > 0) {
                wait();
            }
        }
    }

    Decisions(BridgeHttp bridge, long cacheBytes) {
        this(bridge, cacheBytes, INDEXED_NAMES);
    }

    Decisions(BridgeHttp bridge, long cacheBytes, int indexedMost) {
        this.bridge = bridge;
        this.cacheBytes = cacheBytes;
        this.indexedMost = indexedMost;
    }

    /** A decision pushed by the stream: cached, added to its hour's listing if that is held, and the newest. */
    void arrived(JsonNode record) {
        Decision d = decision(record);
        remember(d);
        synchronized (hours) {
            HourNames hour = hours.get(hourKey(d.time()));
            if (hour != null) {
                hour.put(d.seq(), d.name());
            }
        }
        synchronized (this) {
            if (latest == null || d.seq() > latest.seq()) {
                latest = d.entry();
            }
            latestKnown = true;
        }
        // the index holds it at once, also while a pass runs (a name seen twice is held once)
        index(d.entry());
    }

    /**
     * The mount's first pass: every decision's name, {@link #NAMES_PAGE} a request from {@code GET /v1/decisions/names}
     * (no decision bodies), so that listings come from memory about a second after mounting, not after the pass over
     * whole records that {@link Activity} makes. The decision stream must be connected first: what it pushes meanwhile
     * joins the index through {@link #arrived}, so no decision falls between the pass's last page and the stream.
     * Before each page it waits while a listing asks the bridge for an hour's names: on a busy bridge the two
     * requests would share its processors, and the listing is what someone is waiting for.
     */
    void indexNames() throws InterruptedException {
        String cursor = "0";
        while (cursor != null) {
            listings.awaitNone();
            NamePage page = namePage("limit=" + NAMES_PAGE + "&after=" + cursor);
            page.forEach((i, seq, name) -> passed(new Entry(seq, page.time(i), name)));
            cursor = page.next();
        }
        indexComplete();
    }

    /** A decision a pass has seen: its name joins the index. */
    void indexed(JsonNode record) {
        passed(new Entry(
                record.path("seq").asLong(), Instant.parse(record.path("time").asString()), fileName(record)));
    }

    /** A decision a pass (which starts at the oldest) has seen. */
    private void passed(Entry e) {
        synchronized (this) {
            if (first == null || e.seq() < first.seq()) {
                first = e;
            }
        }
        index(e);
    }

    /**
     * A decision's name joins the index (again is a no-op), and the oldest hours leave it while it holds more than
     * {@link #INDEXED_NAMES}.
     */
    private void index(Entry e) {
        long key = hourKey(e.time());
        synchronized (index) {
            if (newestIndexed == null || e.seq() > newestIndexed.seq()) {
                newestIndexed = e;
            }
            if (key <= droppedThrough) {
                return;
            }
            if (index.computeIfAbsent(key, k -> new HourNames()).put(e.seq(), e.name())) {
                indexedNames++;
            }
            while (indexedNames > indexedMost && index.size() > 1) {
                var oldest = index.pollFirstEntry();
                indexedNames -= oldest.getValue().size;
                droppedThrough = oldest.getKey();
            }
        }
    }

    /** A pass has seen every decision: listings come from the index from now on. */
    void indexComplete() {
        Entry newest;
        synchronized (index) {
            indexComplete = true;
            newest = newestIndexed;
        }
        // the pass has seen the newest decision: decisions/latest and the day and hour directories need no search
        synchronized (this) {
            if (newest != null && (latest == null || newest.seq() > latest.seq())) {
                latest = newest;
            }
            latestKnown = true;
        }
    }

    /** Whether listings come from the index, and how many names it holds. */
    record IndexState(boolean complete, int names, int hours) {}

    IndexState indexState() {
        synchronized (index) {
            return new IndexState(indexComplete, indexedNames, index.size());
        }
    }

    /** The oldest decision in the store. */
    Optional<Entry> first() {
        if (first == null) {
            if (latestKnown) {
                oldest();
            } else {
                latest(); // asks for the oldest's page, which says where to look for the newest
            }
        }
        return Optional.ofNullable(first);
    }

    /**
     * The oldest decision's page ({@code limit=1}), which also says the store's newest seq: one request for both ends
     * of {@code decisions/}, which the first lookup of a day or an hour needs.
     */
    private NamePage oldest() {
        NamePage page = namePage("limit=1");
        if (page.size() > 0) {
            synchronized (this) {
                if (first == null || page.seq()[0] < first.seq()) {
                    first = page.entry(0);
                }
            }
        }
        return page;
    }

    /**
     * The newest decision: found once by searching back from the store's head (which the oldest decision's page says)
     * in windows growing fourfold, then kept by the stream.
     */
    Optional<Entry> latest() {
        if (!latestKnown) {
            long head = oldest().lastSeq();
            if (head == 0) {
                head = bridge.get("/v1/status").path("lastSeq").asLong(); // a bridge that does not say it with names
            }
            Entry found = null;
            for (long window = 256; found == null; window *= 4) {
                long after = Math.max(0, head - window);
                found = lastFrom(after);
                if (after == 0) {
                    break;
                }
            }
            synchronized (this) {
                if (latest == null || (found != null && found.seq() > latest.seq())) {
                    latest = found;
                }
                latestKnown = true;
            }
        }
        return Optional.ofNullable(latest);
    }

    private Entry lastFrom(long after) {
        Entry last = null;
        String cursor = Long.toString(after);
        while (cursor != null) {
            NamePage page = namePage("limit=" + NAMES_PAGE + "&after=" + cursor);
            if (page.size() > 0) {
                last = page.entry(page.size() - 1);
            }
            cursor = page.next();
        }
        return last;
    }

    private NamePage namePage(String query) {
        return bridge.get("/v1/decisions/names?" + query, NamePage.class);
    }

    /** The UTC days from the first decision to the newest, oldest first. */
    List<LocalDate> days() {
        Optional<Entry> from = first();
        Optional<Entry> to = latest();
        if (from.isEmpty() || to.isEmpty()) {
            return List.of();
        }
        List<LocalDate> days = new ArrayList<>();
        LocalDate last = day(to.get().time());
        for (LocalDate d = day(from.get().time()); !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    /** Whether {@code day} lies between the first decision's and the newest's, without listing the days. */
    boolean hasDay(LocalDate day) {
        Optional<Entry> from = first();
        Optional<Entry> to = latest();
        return from.isPresent()
                && to.isPresent()
                && !day.isBefore(day(from.get().time()))
                && !day.isAfter(day(to.get().time()));
    }

    /** The hours ("00" to "23") of {@code day} that lie between the first decision and the newest. */
    List<String> hoursOf(LocalDate day) {
        List<String> names = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            if (hasHour(day, h)) {
                names.add(HOUR_NAMES[h]);
            }
        }
        return names;
    }

    private static final String[] HOUR_NAMES = new String[24];

    static {
        for (int h = 0; h < 24; h++) {
            HOUR_NAMES[h] = "%02d".formatted(h);
        }
    }

    /** Whether hour {@code hour} of {@code day} lies between the first decision's hour and the newest decision. */
    boolean hasHour(LocalDate day, int hour) {
        Optional<Entry> from = first();
        Optional<Entry> to = latest();
        if (from.isEmpty() || to.isEmpty() || hour < 0 || hour > 23) {
            return false;
        }
        long start = day.toEpochDay() * 86_400 + hour * 3600L;
        long lo = Math.floorDiv(from.get().time().getEpochSecond(), 3600) * 3600;
        return start >= lo && start <= to.get().time().getEpochSecond();
    }

    /** The file names of the decisions made in the hour starting at {@code start}, by seq. */
    List<String> names(Instant start) {
        long key = hourKey(start);
        synchronized (index) {
            if (indexComplete && key > droppedThrough) {
                HourNames held = index.get(key);
                return held == null ? List.of() : held.list();
            }
        }
        synchronized (hours) {
            HourNames held = hours.get(key);
            if (held != null) {
                return held.list();
            }
        }
        // names only, from the bridge's time index, one request for up to NAMES_PAGE: no decision bodies are built,
        // sent or parsed for a listing (whole records made a first listing of 10,000 take 1.1-3.9 s); a read fetches
        // its page of records anyway
        HourNames listing = new HourNames();
        String cursor = "0";
        String range = "&since=" + start + "&until=" + start.plus(1, ChronoUnit.HOURS);
        listings.begin();
        try {
            while (cursor != null) {
                NamePage page = namePage("limit=" + NAMES_PAGE + "&after=" + cursor + range);
                page.forEach((i, seq, name) -> listing.put(seq, name));
                cursor = page.next();
            }
        } finally {
            listings.end();
        }
        synchronized (hours) {
            HourNames raced = hours.get(key);
            if (raced != null) {
                listing.putAll(raced);
            }
            hours.put(key, listing);
            while (hours.size() > HOURS) {
                hours.remove(hours.keySet().iterator().next());
            }
            return listing.list();
        }
    }

    /**
     * Runs a first listing's own code on a made-up hour of {@code size} names, {@code rounds} times: the page of names
     * read from its JSON bytes, the file names made and held, the entries handed to a filler (see
     * {@link DirEntries#warmUp}). In a new JVM that code is otherwise interpreted and compiled during the user's first
     * {@code ls} of a busy hour; run here, before the mount says it is ready, it is compiled by then. Nothing of it is
     * kept.
     *
     * @return how many entries the filler took over all rounds ({@code size * rounds})
     */
    static long warmUp(int size, int rounds) {
        long[] seq = new long[size];
        long[] time = new long[size];
        int[] agent = new int[size];
        int[] answer = new int[size];
        long micros = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
        for (int i = 0; i < size; i++) {
            seq[i] = i + 1L;
            time[i] = micros + i * 1000L;
            agent[i] = i % 7;
            answer[i] = i % 3;
        }
        byte[] json = BridgeHttp.JSON.writeValueAsBytes(new NamePage(
                seq,
                time,
                agent,
                answer,
                List.of("agent-a", "agent-b", "agent-c", "agent-d", "agent-e", "agent-f", "agent-g"),
                List.of("allow", "review", "deny"),
                null,
                size));
        long taken = 0;
        for (int r = 0; r < rounds; r++) {
            NamePage page = BridgeHttp.JSON.readValue(json, NamePage.class);
            HourNames listing = new HourNames();
            page.forEach((i, s, name) -> listing.put(s, name));
            taken += DirEntries.warmUp(listing.list());
        }
        return taken;
    }

    /** The decision with this seq, from the cache or fetched with the page after it. */
    Optional<Decision> bySeq(long seq) {
        Decision hit = cache.get(seq);
        if (hit != null) {
            return Optional.of(hit);
        }
        if (seq < 1) {
            return Optional.empty();
        }
        JsonNode page = bridge.get("/v1/decisions?limit=" + PAGE + "&after=" + (seq - 1));
        Decision found = null;
        for (JsonNode r : page.path("decisions")) {
            Decision d = decision(r);
            remember(d);
            if (d.seq() == seq) {
                found = d;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Caches {@code d}; the longest cached leave while the cache holds more than its bytes. */
    private void remember(Decision d) {
        synchronized (cacheOrder) {
            Decision old = cache.put(d.seq(), d);
            if (old == null) {
                cacheOrder.addLast(d.seq());
            }
            cachedBytes += d.json().length - (old == null ? 0 : old.json().length);
            while (cachedBytes > cacheBytes && cacheOrder.size() > 1) {
                Decision gone = cache.remove(cacheOrder.pollFirst());
                if (gone != null) {
                    cachedBytes -= gone.json().length;
                }
            }
        }
    }

    static Decision decision(JsonNode record) {
        long seq = record.path("seq").asLong();
        Instant time = Instant.parse(record.path("time").asString());
        String name = fileName(record);
        byte[] json = (BridgeHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        return new Decision(seq, time, name, json);
    }

    /** A decision's file name: {@code <seq>-<answer>-<agent>.json}. */
    static String fileName(JsonNode record) {
        return fileName(
                record.path("seq").asLong(),
                record.path("answer").asString(record.path("decision").asString("unknown")),
                record.path("agent").asString(""));
    }

    static String fileName(long seq, String answer, String agent) {
        return seq + "-" + safe(answer) + "-" + safe(agent) + ".json";
    }

    /** Where a decision's file is, relative to the mount's root. */
    static String pathInView(JsonNode record) {
        Instant t = Instant.parse(record.path("time").asString());
        return "decisions/%s/%02d/%s".formatted(day(t), t.atZone(ZoneOffset.UTC).getHour(), fileName(record));
    }

    /** A name part safe in a file name: letters, digits, {@code . _ @ -}; anything else becomes {@code _}. */
    static String safe(String text) {
        if (text.isEmpty()) {
            return "_";
        }
        // a loop, not a regular expression: a listing names thousands of files
        char[] out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '@'
                    || c == '-'
                    || (c == '.' && i > 0);
            if (!ok) {
                if (out == null) {
                    out = text.toCharArray();
                }
                out[i] = '_';
            }
        }
        return out == null ? text : new String(out);
    }

    static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** The hour {@code t} falls in, as hours since the epoch: arithmetic, as the pass asks it of every name. */
    static long hourKey(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 3600);
    }
}
