package dev.lighthouse.events.store;

import dev.lighthouse.events.DecisionMade;
import dev.lighthouse.events.DecisionNames;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.Head;
import dev.lighthouse.events.Page;
import dev.lighthouse.events.integrity.Signer;
import dev.lighthouse.events.integrity.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQLite in WAL mode with {@code synchronous=FULL}: a commit returns once the WAL is synced. One writer connection
 * (the group-commit thread's), a few reader connections that WAL lets read while the writer writes. Each write
 * transaction starts with {@code BEGIN IMMEDIATE} and reads the head inside it, so even a second process writing the
 * same file (say {@code lighthouse events import} next to a running bridge) continues the chain instead of forking it.
 *
 * <p>The events table has no secondary index: those live in {@link SqliteIndex}, a file of their own built behind
 * the appends, because maintaining them inside each commit cost most of the append's time.
 */
final class SqliteBackend implements Backend {
    /**
     * The version {@code PRAGMA user_version} recorded before Flyway kept the schema's history: 1, indexes on the
     * events table; 2, indexes in {@link SqliteIndex}. A store of that time is baselined at its version.
     */
    static final int LAST_USER_VERSION = 2;

    private static final int READERS = 4;
    private static final long READER_MAP_BYTES = 1L << 30;
    /**
     * Log size, in pages, past which the writer starts the log over (see {@link #checkpointed}): 16 MiB with 4 KiB
     * pages.
     */
    static final int RESTART_PAGES = 4_096;
    /**
     * Log size, in pages, past which a commit checkpoints by itself: the backstop should {@link LogCheckpointer}
     * stop. Far above {@link #RESTART_PAGES}, so that it never runs while that thread works.
     */
    private static final int BACKSTOP_CHECKPOINT_PAGES = 4 * RESTART_PAGES;

    /**
     * What verify reads: a row's columns as one value, since each value read through the driver costs a native call
     * and a copy. First the four of fixed width in the stored form (id 36, time 27, the hashes 64 each), then type,
     * stream, agent and payload, each as its length in bytes, a colon and its text (an absent agent has no length),
     * and last the key id. Then, for a decision or a row with an answer or an index entry, what names it unsigned
     * ({@link NameCheck}): a JSON array of its answer column and its row in the index file's {@code decisions}
     * (whether there is one, its time, agent and answer).
     */
    private static final String SIGNED_ROWS = "SELECT e.seq, concat(e.id, e.time, e.prev_hash, e.hash,"
            + " octet_length(e.type), ':', e.type, octet_length(e.stream), ':', e.stream,"
            + " octet_length(e.agent), ':', e.agent, octet_length(e.payload), ':', e.payload, e.key_id),"
            + " CASE WHEN e.type = 'decision.made' OR e.answer IS NOT NULL OR d.seq IS NOT NULL"
            + " THEN json_array(e.answer, d.seq IS NOT NULL, d.time, d.agent, d.answer) END"
            + " FROM events e LEFT JOIN ix.decisions d ON d.seq = e.seq WHERE e.seq >= ? ORDER BY e.seq LIMIT ?";

    /** Reads the names column of {@link #SIGNED_ROWS}. */
    private static final JsonMapper NAMES = JsonMapper.builder().build();

    private static final int TIME_AT = Hex.UUID_WIDTH;
    private static final int PREV_HASH_AT = TIME_AT + Times.WIDTH;
    private static final int HASH_AT = PREV_HASH_AT + Hex.HASH_WIDTH;
    private static final int FIXED_WIDTH = HASH_AT + Hex.HASH_WIDTH;

    private static final String INSERT =
            "INSERT INTO events (" + SqlFilter.INSERT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)";

    private static final Logger log = LoggerFactory.getLogger(SqliteBackend.class);

    private final Path file;
    private final String url;
    private volatile WatchService watcher;
    private final Connection writer;
    private final PreparedStatement insert;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final SqliteIndex index;
    private final LogCheckpointer checkpointer;
    /**
     * Held by the checkpoint and index threads while they read the events' log, and by the writer while it starts
     * the log over: under steady appends one of them was nearly always reading, and a reader of the old log keeps
     * SQLite from starting it over, so the log grew instead.
     */
    private final ReentrantLock logReads = new ReentrantLock();

    private volatile boolean restartLog;

    SqliteBackend(Path file) throws SQLException {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.writer = connect(false);
        try {
            migrate();
        } catch (SQLException | RuntimeException e) {
            writer.close();
            throw e;
        }
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = " + BACKSTOP_CHECKPOINT_PAGES);
        }
        this.insert = writer.prepareStatement(INSERT);
        this.checkpointer = new LogCheckpointer(file, connect(false), logReads, this::checkpointed);
        this.index = new SqliteIndex(file, logReads);
        for (int i = 0; i < READERS; i++) {
            Connection reader = connect(true);
            index.attach(reader);
            readers.add(reader);
        }
    }

    /**
     * Brings the schema up to date with Flyway's migrations ({@code db/sqlite}), as the PostgreSQL store does. A store
     * written before Flyway kept its history has only {@code PRAGMA user_version}: it is baselined at that version, so
     * only the later migrations run on it. A store newer than this code is refused rather than written.
     */
    private void migrate() throws SQLException {
        int userVersion;
        boolean hasEvents;
        try (Statement s = writer.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                userVersion = rs.getInt(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'events'")) {
                hasEvents = rs.getInt(1) > 0;
            }
        }
        if (userVersion > LAST_USER_VERSION) {
            throw new SQLException("%s has schema version %d; this Lighthouse knows up to %d: upgrade it"
                    .formatted(file, userVersion, LAST_USER_VERSION));
        }
        SQLiteDataSource source = new SQLiteDataSource(connectConfig(false));
        source.setUrl(url);
        Flyway flyway = Flyway.configure(SqliteBackend.class.getClassLoader())
                .dataSource(source)
                .locations("classpath:db/sqlite")
                .table("lighthouse_events_schema_history")
                .baselineOnMigrate(hasEvents)
                .baselineVersion(String.valueOf(Math.max(1, userVersion)))
                .ignoreMigrationPatterns(new String[0]) // a migration this code does not know is an error, not ignored
                .load();
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            throw new SQLException(
                    "cannot bring the event schema of %s up to date: %s".formatted(file, e.getMessage()), e);
        }
    }

    /** Auto-commit connections: the writer issues its own {@code BEGIN IMMEDIATE} and {@code COMMIT}. */
    private Connection connect(boolean reader) throws SQLException {
        return connectConfig(reader).createConnection(url);
    }

    private static SQLiteConfig connectConfig(boolean reader) {
        SQLiteConfig config = new SQLiteConfig();
        if (!reader) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        }
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.setReadOnly(reader);
        if (reader) {
            // verify and export read the whole file: pages through a mapping instead of one read call each
            config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(READER_MAP_BYTES));
        }
        return config;
    }

    @Override
    public OptionalLong checkpointMark() throws SQLException {
        Connection c = borrow();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq FROM checkpoint_mark WHERE one = 1")) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        } finally {
            readers.add(c);
        }
    }

    @Override
    public void markCheckpoint(long seq) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement(
                "INSERT INTO checkpoint_mark (one, seq) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET seq = excluded.seq")) {
            ps.setLong(1, seq);
            ps.executeUpdate();
        }
    }

    @Override
    public Head head() throws SQLException {
        Connection c = borrow();
        try {
            return head(c);
        } finally {
            readers.add(c);
        }
    }

    private static Head head(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? new Head(rs.getLong(1), Hash.parse(rs.getString(2))) : Head.EMPTY;
        }
    }

    /**
     * Called by {@link LogCheckpointer} after each of its copies with the log's size in pages.
     *
     * <p>Why the writer must take part: SQLite starts its log over (writes it again from the beginning, instead of
     * growing it) only when a write transaction begins while every frame in the log is copied into the database.
     * Copies on another connection never get there under steady appends, because the writer adds frames while they
     * copy. Left alone, the log would grow until the backstop checkpoint in some commit copied and synced megabytes,
     * holding that commit and every append in it up for a tenth of a second. So once the log is large, the writer
     * checkpoints once itself, between two commits, right after a background copy: what is left is the few
     * milliseconds of appends since, and the next transaction starts the log over.
     */
    private void checkpointed(int logPages) {
        // also cleared here: the log started over. Set again after an attempt that found a reader still on the old
        // log (the writer's checkpoint then copies, but SQLite keeps appending to the log), so the writer tries again.
        restartLog = logPages >= RESTART_PAGES;
    }

    @Override
    public Head commit(Function<Head, List<Event>> seal) throws SQLException {
        if (!restartLog) {
            return write(seal);
        }
        restartLog = false;
        // SQLite starts the log over only if the checkpoint copies all of it and nobody still reads the old log when
        // this commit writes; the background threads' reads wait meanwhile (see logReads).
        logReads.lock();
        try {
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)"); // copies what is left, then syncs the database
            }
            return write(seal);
        } finally {
            logReads.unlock();
        }
    }

    private Head write(Function<Head, List<Event>> seal) throws SQLException {
        try (Statement tx = writer.createStatement()) {
            tx.execute("BEGIN IMMEDIATE"); // takes the write lock before the head is read
            Head head = head(writer);
            List<Event> events = seal.apply(head);
            if (events.isEmpty()) {
                tx.execute("ROLLBACK");
                return head;
            }
            // prepared once, in the constructor: preparing costs as much as a few inserts
            for (Event e : events) {
                insert.setLong(1, e.seq());
                insert.setString(2, e.id().toString());
                insert.setString(3, Times.format(e.time()));
                insert.setString(4, e.type().name());
                insert.setString(5, e.stream());
                insert.setString(6, e.agent().orElse(null));
                insert.setString(7, e.payload());
                insert.setString(8, e.keyId());
                insert.setString(9, e.prevHash().toString());
                insert.setString(10, e.hash().toString());
                insert.setString(11, SqlFilter.answer(e));
                insert.addBatch();
            }
            insert.executeBatch();
            tx.execute("COMMIT");
            checkpointer.advanced();
            index.advanced(events.getLast().seq());
            return events.getLast().asHead();
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    private void rollback() {
        try {
            insert.clearBatch();
        } catch (SQLException e) {
            // the batch is gone with the failed statement
        }
        try (Statement s = writer.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction was open: nothing to undo
        }
    }

    @Override
    public List<Event> read(long fromSeq, int limit) throws SQLException {
        Connection c = borrow();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + SqlFilter.COLUMNS + " FROM events WHERE seq >= ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, fromSeq);
            ps.setInt(2, limit);
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } finally {
            readers.add(c);
        }
    }

    /**
     * Encodes the signed bytes straight from the columns' bytes: verify reads every event, and building events
     * (strings, a UUID, an instant, hashes) only to encode them again cost more than their MACs. A row whose columns
     * are not in the form this store writes gets no bytes and is checked through its event.
     */
    @Override
    public List<Verifier.SignedRow> readSigned(long fromSeq, int limit) throws SQLException {
        Connection c = borrow();
        try (PreparedStatement ps = c.prepareStatement(SIGNED_ROWS)) {
            // read first: the index only grows, so every decision up to it has its row when the rows are read
            long indexed;
            try (Statement progress = c.createStatement();
                    ResultSet rs = progress.executeQuery("SELECT seq FROM ix.progress")) {
                indexed = rs.next() ? rs.getLong(1) : 0;
            }
            ps.setLong(1, fromSeq);
            ps.setInt(2, limit);
            List<Verifier.SignedRow> out = new ArrayList<>();
            SignedRowReader rows = new SignedRowReader();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    out.add(rows.read(seq, rs.getBytes(2), text(rs, 3), seq <= indexed));
                }
            }
            return out;
        } finally {
            readers.add(c);
        }
    }

    /**
     * Splits a value of {@link #SIGNED_ROWS} into the signed bytes and the hashes. Keeps the last key id and its
     * text, since rows nearly always share one of a few.
     */
    private static final class SignedRowReader {
        private byte[] lastKeyIdBytes = new byte[0];
        private String lastKeyId = "";
        /** Where type, stream, agent, payload and key id lie in the row, as {@link Signer#signedBytes} takes them. */
        private final int[] bounds = new int[10];

        private int at;

        Verifier.SignedRow read(long seq, byte[] row, String names, boolean mustBeIndexed) {
            if (row == null || row.length < FIXED_WIDTH) {
                return new Verifier.SignedRow(seq, null, null, null, null);
            }
            at = FIXED_WIDTH;
            boolean stored =
                    field(row, 0, false) && field(row, 1, false) && field(row, 2, true) && field(row, 3, false);
            bounds[8] = at;
            bounds[9] = row.length - at;
            String keyId = keyId(row);
            byte[] id = Hex.uuid(row, 0);
            long micros = Times.micros(row, TIME_AT);
            byte[] prev = Hex.hash(row, PREV_HASH_AT);
            byte[] hash = Hex.hash(row, HASH_AT);
            if (!stored || id == null || micros == Times.NOT_STORED_FORM || prev == null || hash == null) {
                return new Verifier.SignedRow(seq, keyId, null, null, null); // checked through its event
            }
            Hash prevHash = Hash.of(prev);
            byte[] signed =
                    Signer.signedBytes(seq, Hex.longAt(id, 0), Hex.longAt(id, 8), micros, row, bounds, prevHash);
            return new Verifier.SignedRow(
                    seq, keyId, signed, prevHash, Hash.of(hash), names(row, names, mustBeIndexed));
        }

        /** How the unsigned names of this row ({@link #SIGNED_ROWS}' last column) differ from its signed fields. */
        private Optional<String> names(byte[] row, String names, boolean mustBeIndexed) {
            if (names == null) { // no answer column, no index row, and not a decision
                return Optional.empty();
            }
            String type = new String(row, bounds[0], bounds[1], StandardCharsets.UTF_8);
            JsonNode n = NAMES.readTree(names);
            Optional<NameCheck.Indexed> indexed = n.path(1).asInt() == 1
                    ? Optional.of(
                            new NameCheck.Indexed(textOrNull(n.path(2)), textOrNull(n.path(3)), textOrNull(n.path(4))))
                    : Optional.empty();
            return NameCheck.differences(
                    type,
                    new String(row, TIME_AT, Times.WIDTH, StandardCharsets.US_ASCII),
                    bounds[5] < 0 ? null : new String(row, bounds[4], bounds[5], StandardCharsets.UTF_8),
                    () -> DecisionMade.answerOf(row, bounds[6], bounds[7]),
                    textOrNull(n.path(0)),
                    indexed,
                    mustBeIndexed);
        }

        private static String textOrNull(JsonNode value) {
            return value.isString() ? value.asString() : null;
        }

        /**
         * Reads the k-th field's length, a colon and the field, and notes where it lies; false if the text is not
         * that. No length before the colon is an absent value, which only an agent may be.
         */
        private boolean field(byte[] row, int k, boolean mayBeAbsent) {
            long length = 0;
            int start = at;
            for (; at < row.length && row[at] != ':'; at++) {
                int digit = row[at] - '0';
                if (digit < 0 || digit > 9 || at - start > 9) {
                    return false;
                }
                length = length * 10 + digit;
            }
            if (at == row.length) {
                return false;
            }
            boolean absent = at++ == start;
            if (absent ? !mayBeAbsent : length > row.length - at) {
                return false;
            }
            bounds[2 * k] = at;
            bounds[2 * k + 1] = absent ? -1 : (int) length;
            at += Math.max(0, bounds[2 * k + 1]);
            return true;
        }

        /** The rest of the row: the key id, decoded only when it differs from the last row's. */
        private String keyId(byte[] row) {
            if (!Arrays.equals(row, bounds[8], row.length, lastKeyIdBytes, 0, lastKeyIdBytes.length)) {
                lastKeyIdBytes = Arrays.copyOfRange(row, bounds[8], row.length);
                lastKeyId = new String(lastKeyIdBytes, StandardCharsets.UTF_8);
            }
            return lastKeyId;
        }
    }

    @Override
    public Page query(EventQuery query) throws SQLException {
        Connection c = borrow();
        try {
            boolean filtered = query.type().isPresent()
                    || query.stream().isPresent()
                    || query.agent().isPresent()
                    || query.since().isPresent()
                    || query.until().isPresent();
            return filtered
                    ? SqliteIndex.query(c, query, SqliteBackend::row)
                    : SqlFilter.query(c, query, Times::format, SqliteBackend::row);
        } finally {
            readers.add(c);
        }
    }

    /** Through the index file's table of decision names ({@link SqliteIndex#names}); no decision's row is read. */
    @Override
    public DecisionNames decisionNames(EventQuery query) throws SQLException {
        Connection c = borrow();
        try {
            return SqliteIndex.names(c, query);
        } finally {
            readers.add(c);
        }
    }

    private static Event row(ResultSet rs) throws SQLException {
        return new Event(
                rs.getLong(1),
                UUID.fromString(text(rs, 2)),
                Times.parse(text(rs, 3)),
                new EventType(text(rs, 4)),
                text(rs, 5),
                Optional.ofNullable(text(rs, 6)),
                text(rs, 7),
                text(rs, 8),
                Hash.parse(text(rs, 9)),
                Hash.parse(text(rs, 10)));
    }

    /**
     * A text column, or null. Through its UTF-8 bytes: the driver's {@code getString} decodes through a charset
     * decoder and cost twice as much, and reading rows is most of what verify does.
     */
    static String text(ResultSet rs, int column) throws SQLException {
        byte[] utf8 = rs.getBytes(column);
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    /**
     * Another process writing the file (a bridge, while {@code lighthouse events tail -f} runs here) changes the
     * write-ahead log; the kernel reports that (inotify on Linux) and the head is read again.
     */
    @Override
    public void watchOtherWriters(LongConsumer headSeq) {
        Path dir = file.toAbsolutePath().getParent();
        String wal = file.getFileName() + "-wal";
        try {
            WatchService watcher = dir.getFileSystem().newWatchService();
            dir.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            this.watcher = watcher;
            Thread.ofVirtual().name("events-watch").start(() -> watch(watcher, wal, headSeq));
        } catch (IOException e) {
            log.warn("cannot watch {} for other writers ({}); subscribers see this process's appends only", dir, e);
        }
    }

    /**
     * A change to the log is reported when its frames are written, but the commit becomes visible only after the
     * writer's sync, a few milliseconds later. So after each change the head is read at once and again after 5,
     * 25, 125 and 625 ms of quiet; a further change starts over. Nothing is read while the file is unchanged.
     */
    private void watch(WatchService watcher, String wal, LongConsumer headSeq) {
        long[] quiet = {5, 25, 125, 625};
        try {
            while (true) {
                if (!logChanged(watcher.take(), wal)) {
                    continue; // the checkpoint file or another file in the directory
                }
                for (int step = 0; step < quiet.length; ) {
                    headSeq.accept(head().seq());
                    WatchKey more = watcher.poll(quiet[step], TimeUnit.MILLISECONDS);
                    if (more == null) {
                        step++;
                    } else if (logChanged(more, wal)) {
                        step = 0;
                    }
                }
                headSeq.accept(head().seq());
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed with the store
        } catch (SQLException | RuntimeException e) {
            log.warn("stopped watching for other writers: {}", e.toString());
        }
    }

    private static boolean logChanged(WatchKey key, String wal) {
        boolean changed = key.pollEvents().stream().anyMatch(e -> wal.equals(String.valueOf(e.context())));
        key.reset();
        return changed;
    }

    private Connection borrow() throws SQLException {
        try {
            return readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a reader connection", e);
        }
    }

    @Override
    public void close() {
        WatchService w = watcher;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                // closing: nothing left to protect
            }
        }
        index.close();
        checkpointer.close();
        try {
            insert.close();
        } catch (SQLException e) {
            // closing: nothing left to protect
        }
        List<Connection> all = new ArrayList<>();
        all.add(writer);
        readers.drainTo(all);
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing: nothing left to protect
            }
        }
    }
}
