package dev.lighthouse.events.store;

import dev.lighthouse.events.DecisionName;
import dev.lighthouse.events.DecisionNames;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite store's secondary indexes — by type, stream, agent and time — kept in a file of their own beside the
 * events ({@code events.db} → {@code events-index.db}) and built behind the appends by a thread of their own.
 *
 * <p>Why not ordinary indexes on the events table: each agent appends to its own session stream, so a commit of n
 * events touched about n leaf pages of the stream index and as many of the agent index, and SQLite writes every
 * touched page whole to its log. That, not hashing, held the store near 11,000 appends/s at 256 writers (see
 * docs/performance.md). Here entries are written in batches of thousands of events sorted by key, so each page takes
 * many entries per write; and as this file has its own write lock, building it never holds up an append.
 *
 * <p>Guarantees: the index is derived data. Its {@code progress} row says up to which seq it is complete and that
 * event's hash, committed with the entries. A query reads the indexed part through the index and scans the few
 * events past it directly, so results do not depend on how far behind the index is, and every criterion is checked
 * again on the event itself. If the events no longer hold what progress names (a database restored from a backup,
 * or replaced), the index is rebuilt from the first event.
 *
 * <p>The index file is written without syncs ({@code synchronous=OFF}): its syncs, though few, stalled the appends'
 * own syncs on the same disk, and at 256 writers cost a third of the throughput and doubled the slowest appends'
 * time. That is safe because the file records the boot it is written in ({@link BootId}), synced before any unsynced
 * write: a process that dies loses nothing the system was given, while after the machine itself restarted the file
 * may be torn anywhere, so it is deleted and built again from the events. Where the system names no boot, the file
 * syncs as before ({@code synchronous=NORMAL}).
 *
 * <p>Thread-safety: {@link #advanced} and {@link #catchUp} from any thread; {@link #query} with a reader connection
 * that has the index attached as {@code ix} (see {@link #attach}).
 */
final class SqliteIndex implements AutoCloseable {
    /**
     * Most events indexed in one transaction. Each agent appends to its own stream, so a batch adds a run of entries
     * to each of its streams' and agents' pages: four times 8,192 took a fifth less CPU an event, and five alternating
     * runs at 256 writers gave a p99 of 7.8 against 8.8 ms. The price is a longer scan past the index for queries
     * during the heaviest load.
     */
    static final int BATCH = 32_768;
    /**
     * Most events copied from the events file in one read: while it lasts, the writer cannot start the log over
     * (see {@link #indexNext}). A divisor of {@link #BATCH}.
     */
    private static final int COPY_CHUNK = 8_192;
    /** How long fewer than {@link #BATCH} waiting events may wait, so that entries arrive in large sorted groups. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS progress (
              one  INTEGER PRIMARY KEY CHECK (one = 1),
              seq  INTEGER NOT NULL,  -- events up to this seq are indexed
              hash TEXT NOT NULL      -- the hash of that event, to notice a replaced events database
            ) STRICT;
            CREATE TABLE IF NOT EXISTS boot (
              one  INTEGER PRIMARY KEY CHECK (one = 1),
              id   TEXT NOT NULL      -- the machine boot this file is written in, without syncs (see BootId)
            ) STRICT;
            CREATE TABLE IF NOT EXISTS by_type (type TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (type, seq))
              STRICT, WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS by_stream (stream TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (stream, seq))
              STRICT, WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS by_agent (agent TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (agent, seq))
              STRICT, WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS by_time (time TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (time, seq))
              STRICT, WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS decisions (
              seq    INTEGER PRIMARY KEY,
              time   TEXT NOT NULL,
              agent  TEXT,
              answer TEXT             -- what the agent heard: the events' answer column
            ) STRICT;
            CREATE INDEX IF NOT EXISTS decisions_by_time ON decisions (time, agent, answer);
            """;

    /** The indexed columns of the events table; each has a table {@code by_COLUMN} of (value, seq). */
    private static final List<String> COLUMNS = List.of("type", "stream", "agent", "time");

    private static final Logger log = LoggerFactory.getLogger(SqliteIndex.class);

    private final Path file;
    private final String eventsUri;
    private final ReentrantLock logReads;
    private final Connection index; // attaches the events read-only as ev while it reads them; guarded by this
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private long head; // guarded by lock: highest seq known committed
    private long indexed; // guarded by lock
    private boolean closed; // guarded by lock
    private final Thread builder;

    /**
     * Opens (or creates) the index of the events in {@code eventsFile} and starts building it, holding
     * {@code logReads} while it reads the events.
     */
    SqliteIndex(Path eventsFile, ReentrantLock logReads) throws SQLException {
        this.logReads = logReads;
        String name = eventsFile.getFileName().toString();
        this.file = eventsFile.resolveSibling(
                (name.endsWith(".db") ? name.substring(0, name.length() - 3) : name) + "-index.db");
        this.eventsUri = eventsFile.toAbsolutePath().toUri() + "?mode=ro";
        this.index = openIndex(file, BootId.current());
        attachEvents();
        try (Statement s = index.createStatement()) {
            s.execute("PRAGMA temp_store = MEMORY");
            s.execute("CREATE TEMP TABLE batch (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, type TEXT, stream TEXT,"
                    + " agent TEXT, time TEXT, answer TEXT)");
        }
        synchronized (this) {
            long progress = currentProgress();
            if (progress < 0) {
                rebuild();
                progress = 0;
            }
            indexed = progress;
            try (Statement s = index.createStatement();
                    ResultSet rs = s.executeQuery("SELECT max(seq) FROM ev.events")) {
                head = Math.max(indexed, rs.getLong(1)); // events stored before this start are indexed now too
            }
            detachEvents();
        }
        builder = Thread.ofPlatform().name("events-index").daemon().start(this::run);
    }

    /**
     * Opens the index file, first deleting it if it was written without syncs in an earlier boot (or cannot be read),
     * and records {@code boot} in it, synced, before anything is written unsynced. See the class comment.
     */
    private static Connection openIndex(Path file, Optional<String> boot) throws SQLException {
        String written = writtenInBoot(file);
        if (written != null && !boot.map(written::equals).orElse(false)) {
            log.info("{} was written without syncs before the machine restarted; building it again", file);
            for (String suffix : List.of("", "-wal", "-shm")) {
                try {
                    Files.deleteIfExists(Path.of(file + suffix));
                } catch (IOException e) {
                    throw new SQLException("cannot delete " + file + suffix + " to rebuild it: " + e.getMessage(), e);
                }
            }
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL); // until the boot is recorded
        config.setBusyTimeout(30_000);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI); // for the read-only attachment of the events
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            boolean withoutNames = has(s, "progress") && !has(s, "decisions");
            for (String ddl : SCHEMA.split(";")) {
                if (!ddl.isBlank()) {
                    s.execute(ddl);
                }
            }
            if (withoutNames) {
                // written by a version without the names of decisions: indexed again from the first event, the
                // tables it has kept (entries already there are skipped)
                log.info("{} has no names of decisions yet; indexing the events again", file);
                s.execute("DELETE FROM progress");
            }
            if (boot.isEmpty()) {
                s.execute("PRAGMA synchronous = NORMAL");
                return c;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO boot (one, id) VALUES (1, ?)")) {
                ps.setString(1, boot.get());
                ps.execute(); // a commit of its own, synced
            }
            s.execute("PRAGMA synchronous = OFF");
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private static boolean has(Statement s, String table) throws SQLException {
        try (ResultSet rs =
                s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
            return rs.getInt(1) > 0;
        }
    }

    /** The boot recorded in the index file; null if there is none (no file, or written with syncs throughout). */
    private static String writtenInBoot(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(30_000);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM boot")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            // no boot table: written by a version that synced it; anything else: unreadable, so rebuilt
            return e.getMessage() != null && e.getMessage().contains("no such table") ? null : "unreadable";
        }
    }

    /** Attaches the index to a reader connection of the events database, as schema {@code ix}. */
    void attach(Connection reader) throws SQLException {
        try (PreparedStatement ps = reader.prepareStatement("ATTACH DATABASE ? AS ix")) {
            ps.setString(1, file.toAbsolutePath().toString());
            ps.execute();
        }
    }

    /** Says that events up to {@code seq} are committed; the builder indexes them in its next batch. */
    void advanced(long seq) {
        lock.lock();
        try {
            if (seq > head) {
                head = seq;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Indexes every committed event now, on the calling thread. */
    void catchUp() throws SQLException {
        while (indexNext() == BATCH) {
            // a full batch: there may be more
        }
    }

    /** Indexes every event stored in {@code eventsFile} now, on the calling thread; for tests and benchmarks. */
    static void build(Path eventsFile) throws SQLException {
        try (SqliteIndex index = new SqliteIndex(eventsFile, new ReentrantLock())) {
            index.catchUp();
        }
    }

    /**
     * Events matching {@code q}: through the index up to the seq it covers, then by scanning the events past it.
     * Only for queries with at least one criterion; {@code reader} must have the index attached.
     */
    static Page query(Connection reader, EventQuery q, SqlFilter.RowMapper rows) throws SQLException {
        return inOneSnapshot(reader, upTo -> {
            List<Event> out = new ArrayList<>();
            long after = q.after().afterSeq();
            if (after < upTo) {
                List<Object> args = new ArrayList<>();
                out.addAll(SqlFilter.select(reader, indexedSql(q, upTo, args), args, rows));
            }
            if (out.size() < q.limit()) {
                out.addAll(
                        SqlFilter.scan(reader, q, Math.max(after, upTo), q.limit() - out.size(), Times::format, rows));
            }
            return SqlFilter.page(out, q.limit());
        });
    }

    /**
     * The names of the decisions matching {@code q}: through the index file's {@code decisions} up to the seq it
     * covers, then from the events' own columns past it. {@code reader} must have the index attached.
     */
    static DecisionNames names(Connection reader, EventQuery q) throws SQLException {
        return inOneSnapshot(reader, upTo -> {
            List<DecisionName> out = new ArrayList<>();
            long after = q.after().afterSeq();
            if (after < upTo) {
                out.addAll(indexedNames(reader, q, upTo));
            }
            // one more than a page, so that the page knows whether more follow
            if (out.size() <= q.limit()) {
                out.addAll(SqlFilter.scanNames(
                        reader,
                        q,
                        Math.max(after, upTo),
                        q.limit() + 1 - out.size(),
                        Times::format,
                        SqliteIndex::time,
                        new RecurringText()));
            }
            return DecisionNames.page(out, q.limit());
        });
    }

    /**
     * The names of the indexed part of {@link #names}, up to one more than a page (which tells the page whether more
     * follow). A window's are first read in the time index's order, unsorted, two more than a page: when that many are
     * not there, they are every name of the window and are sorted here. Sorted
     * by SQLite (a temporary b-tree of the window's rows) an hour of 10,000 took three times as long as the range read
     * alone (5.1 against 1.6 ms of processor time in SQLite's shell); a window holding more than a page is read sorted.
     */
    private static List<DecisionName> indexedNames(Connection reader, EventQuery q, long upTo) throws SQLException {
        if (window(q)) {
            List<Object> args = new ArrayList<>();
            List<DecisionName> unsorted = SqlFilter.names(
                    reader, indexedNamesSql(q, upTo, args, false), args, SqliteIndex::time, new RecurringText());
            if (unsorted.size() <= q.limit() + 1) {
                return bySeq(unsorted);
            }
        }
        List<Object> args = new ArrayList<>();
        return SqlFilter.names(
                reader, indexedNamesSql(q, upTo, args, true), args, SqliteIndex::time, new RecurringText());
    }

    /**
     * {@code names} in seq order, sorted as numbers: each name's seq and place packed into one {@code long}, so the sort
     * is of primitives. A {@link Comparator} over the names sorted the same with {@code TimSort}, code the whole JVM
     * shares with other comparators, whose compiled form the JIT compiler threw away and compiled again listing after
     * listing (class checks failing).
     */
    static List<DecisionName> bySeq(List<DecisionName> names) {
        int n = names.size();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long seq = names.get(i).seq();
            if (n > PLACES || seq < 0 || seq >= MAX_PACKED_SEQ) { // does not fit: sorted as objects
                List<DecisionName> sorted = new ArrayList<>(names);
                sorted.sort(Comparator.comparingLong(DecisionName::seq));
                return sorted;
            }
            keys[i] = seq << PLACE_BITS | i;
        }
        Arrays.sort(keys);
        List<DecisionName> sorted = new ArrayList<>(n);
        for (long key : keys) {
            sorted.add(names.get((int) (key & (PLACES - 1))));
        }
        return sorted;
    }

    private static final int PLACE_BITS = 20;
    private static final int PLACES = 1 << PLACE_BITS;
    private static final long MAX_PACKED_SEQ = 1L << (63 - PLACE_BITS);

    /** What reads the index up to the seq it covers ({@code upTo}) and the events past it. */
    private interface IndexedRead<T> {
        T read(long upTo) throws SQLException;
    }

    /** Runs {@code read} in one snapshot of both files, given the seq the index covers, so the two parts meet exactly. */
    private static <T> T inOneSnapshot(Connection reader, IndexedRead<T> read) throws SQLException {
        try (Statement tx = reader.createStatement()) {
            tx.execute("BEGIN");
            try {
                long upTo;
                try (ResultSet rs = tx.executeQuery("SELECT seq FROM ix.progress")) {
                    upTo = rs.next() ? rs.getLong(1) : 0;
                }
                return read.read(upTo);
            } finally {
                tx.execute("COMMIT");
            }
        }
    }

    /** A stored time read from its bytes, without a string (a page of names reads 10,000). */
    private static Instant time(ResultSet rs, int column) throws SQLException {
        byte[] text = rs.getBytes(column);
        long micros = Times.micros(text);
        if (micros == Times.NOT_STORED_FORM) {
            return Times.parse(new String(text, StandardCharsets.UTF_8));
        }
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
    }

    /**
     * The SQL of the indexed part of {@link #names}, all within the index file: a session's decisions through
     * {@code by_stream}, a window of at most {@link #WINDOW} through {@code decisions_by_time} (which holds the names:
     * an hour of 10,000 decisions is a range of it), an agent's through {@code by_agent}, else {@code decisions} in seq
     * order; every criterion is checked on the names. {@code inSeqOrder}: the first {@code limit + 1} by seq; else up
     * to {@code limit + 2} in the order the index holds them.
     */
    static String indexedNamesSql(EventQuery q, long upTo, List<Object> args, boolean inSeqOrder) {
        EventQuery rest = SqlFilter.untyped(q);
        String from;
        if (q.stream().isPresent()) {
            from =
                    "ix.by_stream x JOIN ix.decisions d ON d.seq = x.seq WHERE x.stream = ? AND x.seq > ? AND x.seq <= ?";
            args.add(q.stream().get());
            rest = new EventQuery(
                    Optional.empty(), Optional.empty(), q.agent(), q.since(), q.until(), q.after(), q.limit());
        } else if (window(q)) {
            from = "ix.decisions d INDEXED BY decisions_by_time WHERE d.seq > ? AND d.seq <= ?";
        } else if (q.agent().isPresent()) {
            from = "ix.by_agent x JOIN ix.decisions d ON d.seq = x.seq WHERE x.agent = ? AND x.seq > ? AND x.seq <= ?";
            args.add(q.agent().get());
        } else {
            from = "ix.decisions d WHERE d.seq > ? AND d.seq <= ?";
        }
        args.add(q.after().afterSeq());
        args.add(upTo);
        String sql = "SELECT d.seq, d.time, d.agent, d.answer FROM " + from
                + SqlFilter.where(rest, "d.", Times::format, args) + (inSeqOrder ? " ORDER BY d.seq" : "") + " LIMIT ?";
        args.add(inSeqOrder ? q.limit() + 1 : q.limit() + 2);
        return sql;
    }

    /** Longest time window read through the time index rather than in seq order (see {@link #window}). */
    static final Duration WINDOW = Duration.ofDays(1);

    /**
     * Whether {@code q} asks for a short time window, such as an hour's decisions: read through {@code by_time} it
     * costs the events in the window; walked in seq order from the cursor, every event before it as well (an hour late
     * in a day of 100,000 decisions: 95,000 rows, twice the time).
     */
    private static boolean window(EventQuery q) {
        return q.since().isPresent()
                && q.until().isPresent()
                && !Duration.between(q.since().get(), q.until().get())
                        .minus(WINDOW)
                        .isPositive();
    }

    /**
     * The SQL of the indexed part: walk the most selective index present (stream, agent, a window of at most
     * {@link #WINDOW}, type, then time) in key order, join each entry to its event and check every criterion on the
     * event.
     */
    static String indexedSql(EventQuery q, long upTo, List<Object> args) {
        String table;
        String key;
        if (q.stream().isPresent()) {
            table = "by_stream";
            key = "x.stream = ?";
            args.add(q.stream().get());
        } else if (q.agent().isPresent()) {
            table = "by_agent";
            key = "x.agent = ?";
            args.add(q.agent().get());
        } else if (window(q)) {
            table = "by_time";
            key = "x.time >= ? AND x.time < ?";
            args.add(Times.format(q.since().orElseThrow()));
            args.add(Times.format(q.until().orElseThrow()));
        } else if (q.type().isPresent()) {
            table = "by_type";
            key = "x.type = ?";
            args.add(q.type().get().name());
        } else {
            table = "by_time";
            key = q.since().isPresent() ? "x.time >= ?" : "x.time < ?";
            args.add(Times.format(q.since().or(q::until).orElseThrow()));
        }
        args.add(q.after().afterSeq());
        args.add(upTo);
        String sql = "SELECT e." + SqlFilter.COLUMNS.replace(", ", ", e.") + " FROM ix." + table
                + " x JOIN events e ON e.seq = x.seq WHERE " + key + " AND x.seq > ? AND x.seq <= ?"
                + SqlFilter.where(q, "e.", Times::format, args) + " ORDER BY x.seq LIMIT ?";
        args.add(q.limit());
        return sql;
    }

    private void run() {
        try {
            while (awaitWork()) {
                while (indexNext() == BATCH && !closing()) {
                    // a full batch: there may be more, unless the store is closing (the next start resumes)
                }
            }
        } catch (SQLException | RuntimeException e) {
            // queries stay right (they scan what is not indexed), only slower; the next start resumes
            log.warn("stopped indexing events in {}: {}", file, e.toString());
        }
    }

    /** Waits until events wait to be indexed and either a batch is full or the oldest waited long enough. */
    private boolean awaitWork() {
        lock.lock();
        try {
            while (!closed && head <= indexed) {
                wake.awaitUninterruptibly();
            }
            long left = LINGER_NANOS;
            while (!closed && head - indexed < BATCH && left > 0) {
                left = wake.awaitNanos(left);
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Indexes the next batch; returns how many events it indexed. The entries go from the events to the index
     * inside SQLite, each index's sorted by key, so that consecutive inserts land on the same pages and no row passes
     * through Java: reading rows out through the driver cost more than the inserts.
     *
     * <p>The events are read only briefly, in short reads under {@code logReads} that wait for nobody: while a
     * connection reads them, SQLite cannot start their log over, and an index transaction that read the events
     * throughout took long enough (tens of milliseconds a batch) that under steady appends the log grew past the size
     * at which it should restart. So the batch's keys are first copied into a temporary table (one scan of the
     * events, not one per index), and the index is written from that copy, in a transaction that may wait for another
     * process indexing the same file and then skips what that one did.
     */
    private synchronized int indexNext() throws SQLException {
        long from = readEvents(this::currentProgress);
        if (from < 0) {
            rebuild();
            return indexNext();
        }
        clearBatch();
        int count = 0;
        // in reads of COPY_CHUNK, each ending before the next, so that none holds a restart of the log up for long
        for (int copied = COPY_CHUNK; copied == COPY_CHUNK && count < BATCH; count += copied) {
            long after = count == 0 ? from : lastCopied(); // not from + count: a store with a gap must still index
            copied = readEvents(() -> copyChunk(after));
        }
        if (count == 0) {
            setIndexed(from);
            return 0;
        }
        try (Statement tx = index.createStatement()) {
            tx.execute("BEGIN IMMEDIATE");
            try {
                if (progress() != from) { // another process indexed this batch meanwhile
                    tx.execute("COMMIT");
                    return 0;
                }
                for (String column : COLUMNS) {
                    tx.execute(("INSERT OR IGNORE INTO by_%1$s (%1$s, seq) SELECT %1$s, seq FROM temp.batch"
                                    + " WHERE %1$s IS NOT NULL ORDER BY %1$s, seq")
                            .formatted(column));
                }
                tx.execute("INSERT OR IGNORE INTO decisions (seq, time, agent, answer)"
                        + " SELECT seq, time, agent, answer FROM temp.batch WHERE type = '"
                        + EventType.DECISION_MADE.name() + "' ORDER BY seq");
                long to = lastCopied();
                tx.execute("INSERT OR REPLACE INTO progress (one, seq, hash)"
                        + " SELECT 1, seq, hash FROM temp.batch WHERE seq = " + to);
                tx.execute("COMMIT");
                setIndexed(to);
                return count;
            } catch (SQLException | RuntimeException e) {
                tx.execute("ROLLBACK");
                throw e;
            }
        }
    }

    /** What reads the events, attached as {@code ev}. */
    @FunctionalInterface
    private interface EventsRead<T> {
        T read() throws SQLException;
    }

    /** Runs {@code read} with the events attached, holding {@code logReads}: see {@link #indexNext}. */
    private <T> T readEvents(EventsRead<T> read) throws SQLException {
        logReads.lock();
        try {
            attachEvents();
            try {
                return read.read();
            } finally {
                detachEvents();
            }
        } finally {
            logReads.unlock();
        }
    }

    /**
     * Attaches the events, read-only, as {@code ev}: only while this thread reads them, because BEGIN IMMEDIATE
     * opens a read of every attached database it cannot write, and the index's write transactions would then hold a
     * snapshot of the events' log throughout, which keeps SQLite from starting the log over.
     */
    private void attachEvents() throws SQLException {
        try (PreparedStatement ps = index.prepareStatement("ATTACH DATABASE ? AS ev")) {
            ps.setString(1, eventsUri);
            ps.execute();
        }
    }

    private void detachEvents() throws SQLException {
        try (Statement s = index.createStatement()) {
            s.execute("DETACH DATABASE ev");
        }
    }

    private long lastCopied() throws SQLException {
        try (Statement s = index.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(seq) FROM temp.batch")) {
            return rs.getLong(1);
        }
    }

    private void clearBatch() throws SQLException {
        try (Statement s = index.createStatement()) {
            s.execute("DELETE FROM temp.batch");
        }
    }

    /**
     * Adds the keys of up to {@link #COPY_CHUNK} events after {@code from} to {@code temp.batch}; returns how many.
     */
    private int copyChunk(long from) throws SQLException {
        try (PreparedStatement ps = index.prepareStatement("INSERT INTO temp.batch (seq, hash, answer, "
                + String.join(", ", COLUMNS) + ") SELECT seq, hash, answer, " + String.join(", ", COLUMNS)
                + " FROM ev.events WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, from);
            ps.setInt(2, COPY_CHUNK);
            return ps.executeUpdate(); // one statement in auto-commit: the read of the events ends with it
        }
    }

    private long progress() throws SQLException {
        try (Statement s = index.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq FROM progress")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * The seq the index is complete up to, or -1 if the events (attached) no longer hold what it indexed there: a
     * database restored from a backup, or replaced. Reads only, each in a statement of its own.
     */
    private long currentProgress() throws SQLException {
        long seq = 0;
        String hash = null;
        try (Statement s = index.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, hash FROM progress")) {
            if (rs.next()) {
                seq = rs.getLong(1);
                hash = rs.getString(2);
            }
        }
        if (seq == 0) {
            return 0;
        }
        try (PreparedStatement ps = index.prepareStatement("SELECT hash FROM ev.events WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1).equals(hash) ? seq : -1;
            }
        }
    }

    /** Empties the index, which no longer matches the events, so that it is built again from the first event. */
    private void rebuild() throws SQLException {
        log.info("the events in {} no longer match their index; rebuilding it", file);
        try (Statement tx = index.createStatement()) {
            tx.execute("BEGIN IMMEDIATE");
            try {
                tx.execute("DELETE FROM progress");
                for (String column : COLUMNS) {
                    tx.execute("DELETE FROM by_" + column);
                }
                tx.execute("DELETE FROM decisions");
                tx.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                tx.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private boolean closing() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void setIndexed(long seq) {
        lock.lock();
        try {
            indexed = seq;
            head = Math.max(head, seq);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the builder after its current batch; what is not indexed yet is indexed on the next start. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        try {
            builder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                index.close();
            } catch (SQLException e) {
                // closing: nothing left to protect
            }
        }
    }
}
