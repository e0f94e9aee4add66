package dev.lighthouse.events.store;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.Page;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

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
 * or replaced), the index is rebuilt from the first event. The file syncs with {@code synchronous=NORMAL}: a crash
 * may lose its last batches, never an event; they are indexed again.
 *
 * <p>After each batch the same thread also checkpoints the events' write-ahead log into the database, which SQLite
 * would otherwise do inside whichever append's commit crossed a thousand pages, holding that append (and every
 * append grouped with it) up for two more syncs.
 *
 * <p>Thread-safety: {@link #advanced} and {@link #catchUp} from any thread; {@link #query} with a reader connection
 * that has the index attached as {@code ix} (see {@link #attach}).
 */
final class SqliteIndex implements AutoCloseable {
    /** Most events indexed in one transaction. */
    static final int BATCH = 8_192;
    /** How long fewer than {@link #BATCH} waiting events may wait, so that entries arrive in large sorted groups. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS progress (
              one  INTEGER PRIMARY KEY CHECK (one = 1),
              seq  INTEGER NOT NULL,  -- events up to this seq are indexed
              hash TEXT NOT NULL      -- the hash of that event, to notice a replaced events database
            ) STRICT;
            CREATE TABLE IF NOT EXISTS by_type (type TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (type, seq))
              STRICT, WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS by_stream (stream TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (stream, seq))
              STRICT, WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS by_agent (agent TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (agent, seq))
              STRICT, WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS by_time (time TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (time, seq))
              STRICT, WITHOUT ROWID;
            """;

    /** What the index reads of an event. */
    private record Row(long seq, String type, String stream, String agent, String time, String hash) {}

    /** An index table {@code by_COLUMN} and the key it takes from a row (null: no entry). */
    private record Key(String column, Function<Row, String> of) {}

    private static final List<Key> KEYS = List.of(
            new Key("type", Row::type),
            new Key("stream", Row::stream),
            new Key("agent", Row::agent),
            new Key("time", Row::time));

    private static final Logger log = LoggerFactory.getLogger(SqliteIndex.class);

    private final Path file;
    private final Connection events; // read-only, on the events database; guarded by this
    private final Connection checkpointer; // read-write, on the events database; builder thread only
    private final Connection index; // guarded by this
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private long head; // guarded by lock: highest seq known committed
    private long indexed; // guarded by lock
    private boolean closed; // guarded by lock
    private final Thread builder;

    /**
     * Opens (or creates) the index of the events in {@code eventsFile}, read through {@code eventsReader}; the
     * builder checkpoints the events' log through {@code eventsCheckpointer}. Takes ownership of both connections.
     */
    SqliteIndex(Path eventsFile, Connection eventsReader, Connection eventsCheckpointer) throws SQLException {
        String name = eventsFile.getFileName().toString();
        this.file = eventsFile.resolveSibling(
                (name.endsWith(".db") ? name.substring(0, name.length() - 3) : name) + "-index.db");
        this.events = eventsReader;
        this.checkpointer = eventsCheckpointer;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // derived data: see the class comment
        config.setBusyTimeout(30_000);
        this.index = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = index.createStatement()) {
            for (String ddl : SCHEMA.split(";")) {
                if (!ddl.isBlank()) {
                    s.execute(ddl);
                }
            }
        }
        synchronized (this) {
            try (Statement tx = index.createStatement()) {
                tx.execute("BEGIN IMMEDIATE");
                indexed = checkedProgress();
                tx.execute("COMMIT");
            }
            try (Statement s = events.createStatement();
                    ResultSet rs = s.executeQuery("SELECT max(seq) FROM events")) {
                head = Math.max(indexed, rs.getLong(1)); // events stored before this start are indexed now too
            }
        }
        builder = Thread.ofPlatform().name("events-index").daemon().start(this::run);
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
        SQLiteConfig reader = new SQLiteConfig();
        reader.setReadOnly(true);
        String url = "jdbc:sqlite:" + eventsFile.toAbsolutePath();
        try (SqliteIndex index =
                new SqliteIndex(eventsFile, reader.createConnection(url), new SQLiteConfig().createConnection(url))) {
            index.catchUp();
        }
    }

    /**
     * Events matching {@code q}: through the index up to the seq it covers, then by scanning the events past it.
     * Only for queries with at least one criterion; {@code reader} must have the index attached.
     */
    static Page query(Connection reader, EventQuery q, SqlFilter.RowMapper rows) throws SQLException {
        try (Statement tx = reader.createStatement()) {
            tx.execute("BEGIN"); // one snapshot of both files for the two parts
            try {
                long upTo;
                try (ResultSet rs = tx.executeQuery("SELECT seq FROM ix.progress")) {
                    upTo = rs.next() ? rs.getLong(1) : 0;
                }
                List<Event> out = new ArrayList<>();
                long after = q.after().afterSeq();
                if (after < upTo) {
                    List<Object> args = new ArrayList<>();
                    out.addAll(SqlFilter.select(reader, indexedSql(q, upTo, args), args, rows));
                }
                if (out.size() < q.limit()) {
                    out.addAll(SqlFilter.scan(
                            reader, q, Math.max(after, upTo), q.limit() - out.size(), Times::format, rows));
                }
                return SqlFilter.page(out, q.limit());
            } finally {
                tx.execute("COMMIT");
            }
        }
    }

    /**
     * The SQL of the indexed part: walk the most selective index present (stream, agent, type, then time) in key
     * order, join each entry to its event and check every criterion on the event.
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
                try (Statement s = checkpointer.createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(PASSIVE)"); // copies what it can without waiting for anyone
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

    /** Indexes the next batch in one transaction; returns how many events it indexed. */
    private synchronized int indexNext() throws SQLException {
        try (Statement tx = index.createStatement()) {
            tx.execute("BEGIN IMMEDIATE"); // another process indexing the same file waits, then skips what is done
            try {
                long from = checkedProgress();
                List<Row> rows = new ArrayList<>();
                try (PreparedStatement ps = events.prepareStatement(
                        "SELECT seq, type, stream, agent, time, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
                    ps.setLong(1, from);
                    ps.setInt(2, BATCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Row(
                                    rs.getLong(1),
                                    SqliteBackend.text(rs, 2),
                                    SqliteBackend.text(rs, 3),
                                    SqliteBackend.text(rs, 4),
                                    SqliteBackend.text(rs, 5),
                                    SqliteBackend.text(rs, 6)));
                        }
                    }
                }
                if (!rows.isEmpty()) {
                    for (Key key : KEYS) {
                        insertSorted(key, rows);
                    }
                    try (PreparedStatement ps = index.prepareStatement(
                            "INSERT OR REPLACE INTO progress (one, seq, hash) VALUES (1, ?, ?)")) {
                        ps.setLong(1, rows.getLast().seq());
                        ps.setString(2, rows.getLast().hash());
                        ps.execute();
                    }
                }
                tx.execute("COMMIT");
                setIndexed(rows.isEmpty() ? from : rows.getLast().seq());
                return rows.size();
            } catch (SQLException | RuntimeException e) {
                tx.execute("ROLLBACK");
                throw e;
            }
        }
    }

    /** Inserts one index's entries in key order, so consecutive inserts land on the same pages. */
    private void insertSorted(Key key, List<Row> rows) throws SQLException {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.removeIf(r -> key.of().apply(r) == null); // events without an agent
        sorted.sort(Comparator.comparing(key.of())); // stable: seq order within a key
        try (PreparedStatement ps = index.prepareStatement(
                "INSERT OR IGNORE INTO by_" + key.column() + " (" + key.column() + ", seq) VALUES (?, ?)")) {
            for (Row r : sorted) {
                ps.setString(1, key.of().apply(r));
                ps.setLong(2, r.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The seq the index is complete up to, after checking that the events still hold what it indexed; if they do
     * not, the index is emptied and 0 returned.
     */
    private long checkedProgress() throws SQLException {
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
        try (PreparedStatement ps = events.prepareStatement("SELECT hash FROM events WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1).equals(hash)) {
                    return seq;
                }
            }
        }
        log.info("the events in {} no longer match their index (indexed to seq {}); rebuilding it", file, seq);
        try (Statement s = index.createStatement()) {
            s.execute("DELETE FROM progress");
            for (Key key : KEYS) {
                s.execute("DELETE FROM by_" + key.column());
            }
        }
        return 0;
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
            for (Connection c : List.of(events, checkpointer, index)) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // closing: nothing left to protect
                }
            }
        }
    }
}
