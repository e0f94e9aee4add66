package dev.lighthouse.fuse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The decisions as files: {@code <seq>-<answer>-<agent>.json} under their UTC day and hour, each the decision record of
 * {@code GET /v1/decisions} pretty-printed. Thread-safe.
 *
 * <p>Design: every listing is served from memory once the mount's one pass over the store ({@link Activity}) has
 * {@linkplain #indexed indexed} the names of the newest {@link #INDEXED_NAMES} decisions (about 70 bytes each, kept in
 * seq order per hour); the stream adds each new one. Before the pass ends, and for hours older than what the index
 * holds, an hour is fetched from the bridge page by page ({@link #PAGE} records a request, its names kept for the
 * last {@link #HOURS} hours listed). Decision contents live in a cache bounded by bytes, so a day of 100,000 decisions
 * is listed and read without holding them all. New decisions arrive from the decision stream ({@link #arrived}) and
 * join the listings and the newest pointer; nothing polls. A miss on one decision fetches it with the {@link #PAGE}
 * after it, so reading a directory in order (grep -r) costs one request per page, not per file.
 */
final class Decisions {
    static final int PAGE = 1000;
    static final int HOURS = 48;
    /** Names the index holds; past it the oldest hours leave the index and are fetched when listed. */
    static final int INDEXED_NAMES = 500_000;

    /** One decision file. */
    record Decision(long seq, Instant time, String name, byte[] json) {
        String hourKey() {
            return Decisions.hourKey(time);
        }
    }

    private final BridgeHttp bridge;
    private final long cacheBytes;
    private final int indexedMost;
    private final LinkedHashMap<Long, Decision> cache = new LinkedHashMap<>(1024, 0.75f, true);
    private long cachedBytes;
    private final LinkedHashMap<String, TreeMap<Long, String>> hours = new LinkedHashMap<>(64, 0.75f, true);
    private volatile Decision first;
    private volatile Decision latest;
    private volatile boolean latestKnown;
    private final TreeMap<String, HourNames> index = new TreeMap<>();
    private boolean indexComplete;
    private int indexedNames;
    private String droppedThrough;
    private JsonNode newestIndexed;

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
            TreeMap<Long, String> hour = hours.get(d.hourKey());
            if (hour != null) {
                hour.put(d.seq(), d.name());
            }
        }
        Decision newest = latest;
        if (newest == null || d.seq() > newest.seq()) {
            latest = d;
        }
        latestKnown = true;
        if (first == null) {
            first = d;
        }
    }

    /**
     * A decision the mount's pass or the stream has seen, in rising seq order: its name joins the index, and the
     * oldest hours leave it while it holds more than {@link #INDEXED_NAMES}.
     */
    void indexed(JsonNode record) {
        Instant time = Instant.parse(record.path("time").asString());
        String key = hourKey(time);
        if (first == null) {
            first = decision(record);
        }
        synchronized (index) {
            newestIndexed = record;
            if (droppedThrough != null && key.compareTo(droppedThrough) <= 0) {
                return;
            }
            if (index.computeIfAbsent(key, k -> new HourNames())
                    .put(record.path("seq").asLong(), fileName(record))) {
                indexedNames++;
            }
            while (indexedNames > indexedMost && index.size() > 1) {
                var oldest = index.pollFirstEntry();
                indexedNames -= oldest.getValue().size;
                droppedThrough = oldest.getKey();
            }
        }
    }

    /** The pass has seen every decision: listings come from the index from now on. */
    void indexComplete() {
        JsonNode newest;
        synchronized (index) {
            indexComplete = true;
            newest = newestIndexed;
        }
        // the pass has seen the newest decision: decisions/latest and the day and hour directories need no search
        if (newest != null) {
            Decision d = decision(newest);
            synchronized (this) {
                if (latest == null || d.seq() > latest.seq()) {
                    latest = d;
                }
            }
        }
        latestKnown = true;
    }

    /** Whether listings come from the index, and how many names it holds. */
    record IndexState(boolean complete, int names, int hours) {}

    IndexState indexState() {
        synchronized (index) {
            return new IndexState(indexComplete, indexedNames, index.size());
        }
    }

    /** The oldest decision in the store. */
    Optional<Decision> first() {
        if (first == null) {
            JsonNode page = bridge.get("/v1/decisions?limit=1");
            for (JsonNode r : page.path("decisions")) {
                first = decision(r);
                remember(first);
            }
        }
        return Optional.ofNullable(first);
    }

    /** The newest decision: found once by searching back from the store's head, then kept by the stream. */
    Optional<Decision> latest() {
        if (!latestKnown) {
            long head = bridge.get("/v1/status").path("lastSeq").asLong();
            Decision found = null;
            for (long window = 256; found == null; window *= 4) {
                long after = Math.max(0, head - window);
                found = lastFrom(after);
                if (after == 0) {
                    break;
                }
            }
            synchronized (this) {
                Decision newest = latest;
                if (newest == null || (found != null && found.seq() > newest.seq())) {
                    latest = found;
                }
            }
            latestKnown = true;
        }
        return Optional.ofNullable(latest);
    }

    private Decision lastFrom(long after) {
        Decision last = null;
        String cursor = Long.toString(after);
        while (cursor != null) {
            JsonNode page = bridge.get("/v1/decisions?limit=" + PAGE + "&after=" + cursor);
            for (JsonNode r : page.path("decisions")) {
                last = decision(r);
            }
            cursor = page.path("next").isString() ? page.path("next").asString() : null;
        }
        return last;
    }

    /** The UTC days from the first decision to the newest, oldest first. */
    List<LocalDate> days() {
        Optional<Decision> from = first();
        Optional<Decision> to = latest();
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

    /** The hours ("00" to "23") of {@code day} that lie between the first decision and the newest. */
    List<String> hoursOf(LocalDate day) {
        Optional<Decision> from = first();
        Optional<Decision> to = latest();
        List<String> names = new ArrayList<>();
        if (from.isEmpty() || to.isEmpty()) {
            return names;
        }
        Instant lo = from.get().time().truncatedTo(ChronoUnit.HOURS);
        Instant hi = to.get().time();
        for (int h = 0; h < 24; h++) {
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(h, ChronoUnit.HOURS);
            if (!start.isBefore(lo) && !start.isAfter(hi)) {
                names.add("%02d".formatted(h));
            }
        }
        return names;
    }

    /** The file names of the decisions made in the hour starting at {@code start}, by seq. */
    List<String> names(Instant start) {
        String key = hourKey(start);
        synchronized (index) {
            if (indexComplete && (droppedThrough == null || key.compareTo(droppedThrough) > 0)) {
                HourNames held = index.get(key);
                return held == null ? List.of() : held.list();
            }
        }
        synchronized (hours) {
            TreeMap<Long, String> held = hours.get(key);
            if (held != null) {
                return List.copyOf(held.values());
            }
        }
        TreeMap<Long, String> listing = new TreeMap<>();
        String cursor = "0";
        String range = "&since=" + start + "&until=" + start.plus(1, ChronoUnit.HOURS);
        while (cursor != null) {
            JsonNode page = bridge.get("/v1/decisions?limit=" + PAGE + "&after=" + cursor + range);
            for (JsonNode r : page.path("decisions")) {
                // names only: pretty-printing and caching every record here made a first listing of 10,000 about 1.6
                // times as slow (FuseViewBenchmark); a read fetches its page anyway
                listing.put(r.path("seq").asLong(), fileName(r));
            }
            cursor = page.path("next").isString() ? page.path("next").asString() : null;
        }
        synchronized (hours) {
            TreeMap<Long, String> raced = hours.get(key);
            if (raced != null) {
                listing.putAll(raced);
            }
            hours.put(key, listing);
            while (hours.size() > HOURS) {
                hours.remove(hours.keySet().iterator().next());
            }
            return List.copyOf(listing.values());
        }
    }

    /** The decision with this seq, from the cache or fetched with the page after it. */
    Optional<Decision> bySeq(long seq) {
        synchronized (cache) {
            Decision hit = cache.get(seq);
            if (hit != null) {
                return Optional.of(hit);
            }
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

    private void remember(Decision d) {
        synchronized (cache) {
            Decision old = cache.put(d.seq(), d);
            cachedBytes += d.json().length - (old == null ? 0 : old.json().length);
            var it = cache.entrySet().iterator();
            while (cachedBytes > cacheBytes && it.hasNext()) {
                cachedBytes -= it.next().getValue().json().length;
                it.remove();
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
        return "%d-%s-%s.json"
                .formatted(
                        record.path("seq").asLong(),
                        safe(record.path("answer")
                                .asString(record.path("decision").asString("unknown"))),
                        safe(record.path("agent").asString("")));
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
        String s = text.replaceAll("[^A-Za-z0-9._@-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }

    static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    static String hourKey(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS).toString();
    }
}
