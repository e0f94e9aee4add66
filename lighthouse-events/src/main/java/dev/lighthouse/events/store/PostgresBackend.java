package dev.lighthouse.events.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lighthouse.events.DecisionMade;
import dev.lighthouse.events.DecisionNames;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.Head;
import dev.lighthouse.events.Membership;
import dev.lighthouse.events.Page;
import dev.lighthouse.events.integrity.Verifier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL, shared by any number of bridge replicas. Each replica groups its own appends into one transaction;
 * the transaction takes a transaction-scoped advisory lock and reads the head (one round trip), then inserts the
 * events that continue it and commits, which releases the lock (a second). So writers from all replicas form one
 * chain, one transaction at a time, and a reader never sees seq n+1 before seq n. The primary key on seq is the
 * backstop: a writer that skipped the lock would fail, not fork the chain. Commits notify channel {@value #CHANNEL}
 * with the new head, which wakes subscribers on every replica.
 */
final class PostgresBackend implements Backend {
    private static final Logger log = LoggerFactory.getLogger(PostgresBackend.class);
    static final String CHANNEL = "lighthouse_events";
    /** The advisory lock key every writer of the chain takes: "LHEVNTS1" in ASCII. */
    static final long CHAIN_LOCK = 0x4c48_4556_4e54_5331L;

    private static final String LOCK_CHAIN = "SELECT head_seq, head_hash FROM lighthouse_lock_chain(?)";

    private static final String INSERT_NOTIFY_COMMIT = """
            WITH inserted AS (
              INSERT INTO events (%s)
              SELECT seq, id, time::timestamptz, type, stream, agent, payload::json, key_id, prev_hash, hash, answer
              FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::bytea[], ?::bytea[], ?::text[])
                AS t(seq, id, time, type, stream, agent, payload, key_id, prev_hash, hash, answer)
              RETURNING seq)
            SELECT pg_notify(?, max(seq)::text) FROM inserted;
            COMMIT""".formatted(SqlFilter.INSERT_COLUMNS);

    private final String jdbcUrl;
    private final Properties credentials = new Properties();
    private final HikariDataSource pool;
    private volatile Connection listener;
    private volatile boolean closed;

    PostgresBackend(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setDataSourceProperties(credentials);
        config.setMaximumPoolSize(6);
        config.setMinimumIdle(1);
        // The chain's head is read under the lock with a fresh snapshot, which only READ COMMITTED gives (a database
        // whose default isolation is higher would hand every writer the head as it was before its wait).
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // A database that is away fails calls within seconds (hooks are denied, readiness goes down) instead of
        // holding them for Hikari's default 30 s.
        config.setConnectionTimeout(5_000);
        config.setPoolName("lighthouse-events");
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new EventStoreException("cannot connect to " + describe() + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/postgres")
                    .table("lighthouse_events_schema_history")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new EventStoreException(
                    "cannot migrate the event schema in " + describe() + ": " + rootMessage(e), e);
        }
    }

    /** The URL without credentials, for messages. */
    String describe() {
        return jdbcUrl.replaceAll("password=[^&]*", "password=***");
    }

    @Override
    public Head head() throws SQLException {
        try (Connection c = pool.getConnection()) {
            return head(c);
        }
    }

    private static Head head(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? new Head(rs.getLong(1), Hash.of(rs.getBytes(2))) : Head.EMPTY;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Two round trips, of which the chain's lock spans one and the sealing between them: the first takes the lock
     * and reads the head ({@code lighthouse_lock_chain}, {@code V6__chain_head_locked.sql}); the second inserts the
     * events, notifies and commits. The lock stops every replica's appends while it is held, and a replica starved of
     * CPU or paused by its collector is slow to send its next message: five round trips (lock, head, insert, notify,
     * commit) left it {@code idle in transaction} under the lock for up to a second at a time in the replica kill
     * test.
     */
    @Override
    public Head commit(Function<Head, List<Event>> seal) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                Head head = lockChain(c);
                List<Event> events = seal.apply(head);
                if (events.isEmpty()) {
                    c.rollback();
                    return head;
                }
                insertNotifyCommit(c, events);
                return events.getLast().asHead();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Opens the transaction, takes the chain's lock and reads the head, in one round trip. */
    private static Head lockChain(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_CHAIN)) {
            ps.setLong(1, CHAIN_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next(); // a function with OUT parameters returns one row, of nulls on an empty chain
                long seq = rs.getLong(1);
                return rs.wasNull() ? Head.EMPTY : new Head(seq, Hash.of(rs.getBytes(2)));
            }
        }
    }

    /**
     * Inserts the events as one statement whatever their number (a column of values an array), which also notifies
     * {@value #CHANNEL} with the new head, and commits in the same round trip: the driver sends the statements of one
     * query string together and waits once. Nothing is committed if the insert fails (the server skips the rest of
     * the round trip after an error, and the caller rolls back).
     */
    private static void insertNotifyCommit(Connection c, List<Event> events) throws SQLException {
        int n = events.size();
        Long[] seqs = new Long[n];
        UUID[] ids = new UUID[n];
        String[] times = new String[n];
        String[] types = new String[n];
        String[] streams = new String[n];
        String[] agents = new String[n];
        String[] payloads = new String[n];
        String[] keyIds = new String[n];
        byte[][] prevHashes = new byte[n][];
        byte[][] hashes = new byte[n][];
        String[] answers = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            seqs[i] = e.seq();
            ids[i] = e.id();
            times[i] = e.time().toString(); // ISO 8601 in UTC, to the microsecond the seal kept
            types[i] = e.type().name();
            streams[i] = e.stream();
            agents[i] = e.agent().orElse(null);
            payloads[i] = e.payload();
            keyIds[i] = e.keyId();
            prevHashes[i] = e.prevHash().bytes();
            hashes[i] = e.hash().bytes();
            answers[i] = SqlFilter.answer(e);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_NOTIFY_COMMIT)) {
            ps.setArray(1, c.createArrayOf("bigint", seqs));
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("text", times));
            ps.setArray(4, c.createArrayOf("text", types));
            ps.setArray(5, c.createArrayOf("text", streams));
            ps.setArray(6, c.createArrayOf("text", agents));
            ps.setArray(7, c.createArrayOf("text", payloads));
            ps.setArray(8, c.createArrayOf("text", keyIds));
            ps.setArray(9, c.createArrayOf("bytea", prevHashes));
            ps.setArray(10, c.createArrayOf("bytea", hashes));
            ps.setArray(11, c.createArrayOf("text", answers));
            ps.setString(12, CHANNEL);
            ps.execute();
        }
    }

    @Override
    public OptionalLong checkpointMark(Hash file) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq FROM checkpoint_marks WHERE file = ?")) {
            ps.setBytes(1, file.bytes());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    @Override
    public void markCheckpoint(Hash file, long seq) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO checkpoint_marks (file, seq) VALUES (?, ?)"
                        + " ON CONFLICT (file) DO UPDATE SET seq = greatest(checkpoint_marks.seq, excluded.seq)")) {
            ps.setBytes(1, file.bytes());
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
    }

    @Override
    public List<Event> read(long fromSeq, int limit) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(
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
        }
    }

    /**
     * The events as {@link Backend#readSigned} reads them, each with how its {@code answer} column differs from its
     * payload's answer ({@link NameCheck}; the names are read from this table alone).
     */
    @Override
    public List<Verifier.SignedRow> readSigned(long fromSeq, int limit) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + SqlFilter.COLUMNS + ", answer FROM events WHERE seq >= ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, fromSeq);
            ps.setInt(2, limit);
            List<Verifier.SignedRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Event e = row(rs);
                    Verifier.SignedRow signed = Verifier.SignedRow.of(e);
                    out.add(new Verifier.SignedRow(
                            signed.seq(),
                            signed.keyId(),
                            signed.signed(),
                            signed.prevHash(),
                            signed.hash(),
                            NameCheck.differences(
                                    e.type().name(),
                                    e.time().toString(),
                                    e.agent().orElse(null),
                                    () -> DecisionMade.answerOf(e.payload()),
                                    rs.getString(11), // after the ten of SqlFilter.COLUMNS
                                    Optional.empty(),
                                    false)));
                }
            }
            return out;
        }
    }

    @Override
    public Page query(EventQuery query) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return SqlFilter.query(c, query, t -> OffsetDateTime.ofInstant(t, ZoneOffset.UTC), PostgresBackend::row);
        }
    }

    /**
     * Through the partial indexes on decisions that hold the names ({@code V5__decision_answers.sql}): by time for a
     * window, by seq otherwise; neither reads a decision's row.
     */
    @Override
    public DecisionNames decisionNames(EventQuery query) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return DecisionNames.page(
                    SqlFilter.scanNames(
                            c,
                            query,
                            query.after().afterSeq(),
                            query.limit() + 1, // one more than a page: whether more follow
                            t -> OffsetDateTime.ofInstant(t, ZoneOffset.UTC),
                            (rs, column) ->
                                    rs.getObject(column, OffsetDateTime.class).toInstant(),
                            ResultSet::getString),
                    query.limit());
        }
    }

    private static Event row(ResultSet rs) throws SQLException {
        return new Event(
                rs.getLong(1),
                rs.getObject(2, UUID.class),
                rs.getObject(3, OffsetDateTime.class).toInstant(),
                new EventType(rs.getString(4)),
                rs.getString(5),
                Optional.ofNullable(rs.getString(6)),
                rs.getString(7),
                rs.getString(8),
                Hash.of(rs.getBytes(9)),
                Hash.of(rs.getBytes(10)));
    }

    /**
     * LISTENs on a connection of its own, reconnecting while the database is away. The driver wakes from {@code
     * getNotifications} when one arrives; a quiet connection is probed every few seconds, so a database that went
     * away without closing the socket is noticed. After each (re)connection the head is reported once, so
     * subscribers catch up on what was committed while nobody listened.
     */
    @Override
    public void watchOtherWriters(LongConsumer headSeq) {
        Connection first = connectListener(); // the first connection must work: a store that cannot listen says so
        Thread.ofVirtual().name("events-listen").start(() -> listen(first, headSeq));
    }

    private Connection connectListener() {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl, credentials);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            }
            listener = c;
            if (closed) {
                c.close();
            }
            return c;
        } catch (SQLException e) {
            throw new EventStoreException("cannot LISTEN on " + describe() + ": " + e.getMessage(), e);
        }
    }

    private void listen(Connection first, LongConsumer headSeq) {
        Connection c = first;
        long backoff = 100;
        while (!closed) {
            try {
                if (c == null) {
                    c = connectListener();
                    log.info("event notifications from {} resumed", describe());
                    backoff = 100;
                }
                headSeq.accept(head(c).seq());
                listenOn(c, headSeq);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn(
                        "event notifications from {} interrupted ({}); reconnecting in {} ms",
                        describe(),
                        rootMessage(e),
                        backoff);
                closeQuietly(c);
                c = null;
                try {
                    Thread.sleep(backoff); // a database that is away: retry at a falling rate, up to every 5 s
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    private static void listenOn(Connection c, LongConsumer headSeq) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        while (true) {
            PGNotification[] notes = pg.getNotifications(5_000);
            if (notes == null || notes.length == 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1"); // throws when the database has gone away
                }
                continue;
            }
            long max = 0;
            for (PGNotification n : notes) {
                max = Math.max(max, Long.parseLong(n.getParameter()));
            }
            if (max > 0) {
                headSeq.accept(max);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // already broken: nothing to release
            }
        }
    }

    @Override
    public Membership join(Membership.Identity identity, java.time.Clock clock) {
        return new PostgresMembership(jdbcUrl, credentials, describe(), identity);
    }

    @Override
    public void close() {
        closed = true;
        Connection c = listener;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing: nothing left to protect
            }
        }
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
