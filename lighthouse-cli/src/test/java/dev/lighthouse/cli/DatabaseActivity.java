package dev.lighthouse.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What the replicas' sessions in PostgreSQL were doing, sampled from {@code pg_stat_activity} every 100 ms over the
 * phases of a run ({@link #mark}): how many were running a statement, waiting for a lock (and which), idle in a
 * transaction, and the oldest open transaction. Evidence for where a latency tail comes from; a test's own sampler,
 * not part of the bridge.
 */
final class DatabaseActivity implements AutoCloseable {
    private static final Duration EVERY = Duration.ofMillis(100);
    /** How often a line of the current state is printed as the run goes (a run that hangs still leaves its trace). */
    private static final int PRINT_EVERY_SAMPLES = 20;

    private static final String BLOCKED = """
            SELECT a.pid, a.state, coalesce(a.wait_event_type, '') || ':' || coalesce(a.wait_event, '') AS wait,
                   coalesce(extract(epoch FROM now() - a.xact_start) * 1000, 0) AS xact_ms,
                   left(regexp_replace(a.query, '\\s+', ' ', 'g'), 70) AS query,
                   pg_blocking_pids(a.pid)::text AS blockers
              FROM pg_stat_activity a
             WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
               AND (a.wait_event_type = 'Lock' OR a.state = 'idle in transaction'
                    OR now() - a.xact_start > interval '1 second')
             ORDER BY a.xact_start NULLS LAST
             LIMIT 4
            """;
    private static final String QUERY = """
            SELECT state, coalesce(wait_event_type, '') AS wtype, coalesce(wait_event, '') AS wevent,
                   coalesce(extract(epoch FROM now() - xact_start) * 1000, 0) AS xact_ms
              FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            """;

    /** One phase's samples. */
    private static final class Phase {
        final String name;
        int samples;
        final Map<String, Long> byWait = new HashMap<>();
        long lockWaiters;
        int maxLockWaiters;
        double maxTransactionMs;

        Phase(String name) {
            this.name = name;
        }
    }

    private final Connection connection;
    private final List<Phase> phases = new ArrayList<>();
    private volatile Phase current;
    private final Thread sampler;

    private DatabaseActivity(Connection connection, String firstPhase) {
        this.connection = connection;
        mark(firstPhase);
        sampler = Thread.ofPlatform().daemon().name("pg-activity").start(this::run);
    }

    /** Starts sampling {@code jdbcUrl}'s database; the first phase is the warm-up. */
    static DatabaseActivity sample(String jdbcUrl) throws SQLException {
        return new DatabaseActivity(DriverManager.getConnection(jdbcUrl), "warm-up");
    }

    /** From now on, samples count for a phase called {@code name}. */
    synchronized void mark(String name) {
        Phase p = new Phase(name);
        phases.add(p);
        current = p;
    }

    private void run() {
        try (PreparedStatement ps = connection.prepareStatement(QUERY)) {
            while (!Thread.currentThread().isInterrupted()) {
                Map<String, Integer> now = new LinkedHashMap<>();
                int lockWaiters = 0;
                double oldest = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString("state");
                        String wait = rs.getString("wtype").isEmpty()
                                ? state
                                : state + " " + rs.getString("wtype") + ":" + rs.getString("wevent");
                        now.merge(wait, 1, Integer::sum);
                        if (rs.getString("wtype").equals("Lock")) {
                            lockWaiters++;
                        }
                        oldest = Math.max(oldest, rs.getDouble("xact_ms"));
                    }
                }
                synchronized (this) {
                    Phase p = current;
                    p.samples++;
                    now.forEach((k, v) -> p.byWait.merge(k, (long) v, Long::sum));
                    p.lockWaiters += lockWaiters;
                    p.maxLockWaiters = Math.max(p.maxLockWaiters, lockWaiters);
                    p.maxTransactionMs = Math.max(p.maxTransactionMs, oldest);
                }
                if (current.samples % PRINT_EVERY_SAMPLES == 0) {
                    printNow(now);
                }
                LockSupport.parkNanos(EVERY.toNanos());
            }
        } catch (SQLException e) {
            if (!Thread.currentThread().isInterrupted()) {
                System.out.println("database activity: sampling stopped: " + e.getMessage());
            }
        }
    }

    /** One line of what the sessions do now, and the few holding or waiting for a lock, or long in a transaction. */
    private void printNow(Map<String, Integer> now) throws SQLException {
        StringBuilder line = new StringBuilder("database activity now (" + current.name + "): " + now);
        try (PreparedStatement ps = connection.prepareStatement(BLOCKED);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                line.append(String.format(
                        Locale.ROOT,
                        " | pid %d %s %s xact %.0f ms blocked by %s: %s",
                        rs.getInt("pid"),
                        rs.getString("state"),
                        rs.getString("wait"),
                        rs.getDouble("xact_ms"),
                        rs.getString("blockers"),
                        rs.getString("query")));
            }
        }
        System.out.println(line);
    }

    /** Per phase: the sessions in each state and wait, on average per sample; lock waiters; the oldest transaction. */
    synchronized String report() {
        StringBuilder out = new StringBuilder();
        for (Phase p : phases) {
            int n = Math.max(1, p.samples);
            out.append(String.format(
                    Locale.ROOT,
                    "database activity, %s (%d samples): lock waiters mean %.2f max %d, oldest transaction %.0f ms;",
                    p.name,
                    p.samples,
                    (double) p.lockWaiters / n,
                    p.maxLockWaiters,
                    p.maxTransactionMs));
            p.byWait.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8)
                    .forEach(e ->
                            out.append(String.format(Locale.ROOT, " %s %.2f,", e.getKey(), (double) e.getValue() / n)));
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        sampler.interrupt();
        try {
            sampler.join(Duration.ofSeconds(5));
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            // closing a sampler's connection
        }
    }
}
