package dev.lighthouse.events.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.Membership;
import dev.lighthouse.events.ReplicaRefusedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicas on PostgreSQL: a row per replica in {@code replicas}, written at each heartbeat with the database's clock
 * (so replicas' clocks need not agree), and the leadership as the session advisory lock {@value #LEADER_LOCK_TEXT},
 * taken with {@code pg_try_advisory_lock} on a connection of this replica's own. The lock lives as long as that
 * connection: a leader killed, or cut off from the database, loses it with its connection, and another replica's
 * next heartbeat takes it. A beat that fails drops the connection and with it the leadership; the next beat
 * reconnects.
 */
final class PostgresMembership implements Membership {
    private static final Logger log = LoggerFactory.getLogger(PostgresMembership.class);
    private static final String LEADER_LOCK_TEXT = "LHLEADR1";
    /** "LHLEADR1" in ASCII: the key of the leadership's advisory lock. */
    static final long LEADER_LOCK = 0x4c48_4c45_4144_5231L;

    private static final String PRESENT_SQL = "heartbeat > now() - make_interval(secs => ?)";
    private static final String COLUMNS =
            "name, started, heartbeat, applied_seq, lag_p50_ms, lag_p99_ms, leader, key_id, registry";

    private final String jdbcUrl;
    private final Properties credentials;
    private final String where;
    private final Identity identity;
    private Connection connection; // guarded by this
    private HikariDataSource shared; // guarded by this; opened by the first sharedDatabase()
    private volatile boolean leads;
    private boolean closed; // guarded by this

    PostgresMembership(String jdbcUrl, Properties credentials, String where, Identity identity) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = credentials;
        this.where = where;
        this.identity = identity;
        try {
            connection = DriverManager.getConnection(jdbcUrl, credentials);
            checkFits(connection);
            upsert(connection, new Beat(0, 0, 0), true);
        } catch (SQLException e) {
            closeConnection();
            throw new EventStoreException("cannot join the replicas on " + where + ": " + e.getMessage(), e);
        } catch (ReplicaRefusedException e) {
            closeConnection();
            throw e;
        }
    }

    /** Refuses to join beside a present replica that signs with another key or runs another registry. */
    private void checkFits(Connection c) throws SQLException {
        for (Replica other : present(c)) {
            if (other.name().equals(identity.name())) {
                continue;
            }
            if (!other.keyId().equals(identity.keyId())) {
                throw new ReplicaRefusedException(("replica %s signs the chain with HMAC key %s; this one's active key"
                                + " is %s. Every replica must sign with the same key (the same store.key file or"
                                + " env: secret); this one does not join")
                        .formatted(other.name(), other.keyId(), identity.keyId()));
            }
            if (!other.registry().equals(identity.registry())) {
                throw new ReplicaRefusedException(("replica %s runs capability registry %s; this one runs %s, so the"
                                + " same call under the same policy could be judged differently. Run the same"
                                + " Lighthouse version on every replica; this one does not join")
                        .formatted(other.name(), other.registry(), identity.registry()));
            }
        }
    }

    @Override
    public boolean leads() {
        return leads;
    }

    @Override
    public synchronized void beat(Beat beat) {
        if (closed) {
            return;
        }
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(jdbcUrl, credentials);
                log.info("replica {} reconnected to {}", identity.name(), where);
            }
            if (!leads) {
                try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    ps.setLong(1, LEADER_LOCK);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            leads = true;
                            log.info(
                                    "replica {} leads: it runs the integrity sweep, the policy watch and timeouts",
                                    identity.name());
                        }
                    }
                }
            }
            upsert(connection, beat, false);
        } catch (SQLException e) {
            if (leads) {
                log.warn("replica {} lost the leadership: {}", identity.name(), e.getMessage());
            }
            leads = false;
            closeConnection();
        }
    }

    private void upsert(Connection c, Beat beat, boolean starting) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO replicas (" + COLUMNS + ")"
                + " VALUES (?, now(), now(), ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                + (starting ? " started = now()," : "")
                + " heartbeat = now(), applied_seq = excluded.applied_seq, lag_p50_ms = excluded.lag_p50_ms,"
                + " lag_p99_ms = excluded.lag_p99_ms, leader = excluded.leader, key_id = excluded.key_id,"
                + " registry = excluded.registry")) {
            ps.setString(1, identity.name());
            ps.setLong(2, beat.appliedSeq());
            ps.setDouble(3, beat.lagP50Millis());
            ps.setDouble(4, beat.lagP99Millis());
            ps.setBoolean(5, leads);
            ps.setString(6, identity.keyId());
            ps.setString(7, identity.registry());
            ps.executeUpdate();
        }
    }

    @Override
    public synchronized List<Replica> replicas() {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(jdbcUrl, credentials);
            }
            return present(connection);
        } catch (SQLException e) {
            closeConnection();
            leads = false;
            throw new EventStoreException("cannot list the replicas on " + where + ": " + e.getMessage(), e);
        }
    }

    private static List<Replica> present(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM replicas WHERE " + PRESENT_SQL + " ORDER BY name")) {
            ps.setDouble(1, PRESENT.toMillis() / 1000.0);
            List<Replica> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Replica(
                            rs.getString(1),
                            rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getLong(4),
                            rs.getDouble(5),
                            rs.getDouble(6),
                            rs.getBoolean(7),
                            rs.getString(8),
                            rs.getString(9)));
                }
            }
            return out;
        }
    }

    @Override
    public synchronized Optional<DataSource> sharedDatabase() {
        if (closed) {
            throw new IllegalStateException("replica " + identity.name() + " has left; its shared pool is closed");
        }
        if (shared == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setDataSourceProperties(credentials);
            config.setMaximumPoolSize(8);
            config.setMinimumIdle(1);
            // As the store's pool: a database that is away fails a call within seconds, it does not hold it.
            config.setConnectionTimeout(2_000);
            config.setPoolName("lighthouse-shared");
            // Opened lazily and without a first connection, so that a replica starting while the database blinks
            // still starts; calls fail (and hooks are denied) until it is back.
            config.setInitializationFailTimeout(-1);
            shared = new HikariDataSource(config);
        }
        return Optional.of(shared);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shared != null) {
            shared.close();
        }
        if (connection != null) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM replicas WHERE name = ?")) {
                ps.setString(1, identity.name());
                ps.executeUpdate();
            } catch (SQLException e) {
                // leaving anyway: the row's heartbeat ages out
            }
        }
        leads = false;
        closeConnection(); // ends the session, and with it the advisory lock
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // broken already: nothing to release
            }
        }
    }
}
