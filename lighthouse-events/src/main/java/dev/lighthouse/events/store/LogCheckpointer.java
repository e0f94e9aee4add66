package dev.lighthouse.events.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the events' write-ahead log into {@code events.db} behind the appends, a little at a time, on a thread of
 * its own, and syncs the database after each copy.
 *
 * <p>Why a little at a time: each copy must reach the disk before the log can start over, and the appends' own log
 * syncs share that disk. A sync of a tenth of a second of appends (about 6 MB at 60,000 appends/s) kept the disk
 * busy for 10–15 ms, and every log sync that arrived meanwhile waited for it: at 256 writers such waits held a
 * commit, and all 256 appends in it, up for 10 ms several times a second. Copied and synced every
 * {@link #INTERVAL_NANOS}, each sync is small and the waits it causes are short.
 *
 * <p>Without this thread SQLite would copy the log inside whichever commit crossed its threshold, holding that
 * commit up for the copy and two syncs. After each copy the thread reports the log's size in pages, from which the
 * writer decides to start the log over (see {@link SqliteBackend}).
 *
 * <p>Thread-safety: {@link #advanced} and {@link #close} from any thread.
 */
final class LogCheckpointer implements AutoCloseable {
    /** At most one copy per interval: often enough that each sync is small, seldom enough to cost little CPU. */
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final Logger log = LoggerFactory.getLogger(LogCheckpointer.class);

    private final Path file;
    private final Connection connection; // read-write on the events database; this thread only
    private final ReentrantLock logReads;
    private final FileChannel database; // only to sync what the copies wrote
    private final IntConsumer checkpointed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean pending; // guarded by lock: commits since the last copy
    private boolean closed; // guarded by lock
    private final Thread thread;

    /**
     * Starts checkpointing {@code file} through {@code connection}, whose ownership it takes, holding
     * {@code logReads} during each copy, and tells {@code checkpointed} the log's size in pages after each.
     */
    LogCheckpointer(Path file, Connection connection, ReentrantLock logReads, IntConsumer checkpointed)
            throws SQLException {
        this.file = file;
        this.connection = connection;
        this.logReads = logReads;
        this.checkpointed = checkpointed;
        try {
            this.database = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new SQLException("cannot open " + file + ": " + e.getMessage(), e);
        }
        thread = Thread.ofPlatform().name("events-checkpoint").daemon().start(this::run);
    }

    /** Says that a commit added to the log. */
    void advanced() {
        lock.lock();
        try {
            if (!pending) {
                pending = true;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (awaitCommits()) {
                long started = System.nanoTime();
                int logPages;
                logReads.lock();
                try (Statement s = connection.createStatement();
                        // copies what it can without waiting for anyone; answers busy, log pages, pages copied
                        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    logPages = rs.getInt(2);
                } finally {
                    logReads.unlock();
                }
                syncDatabase();
                checkpointed.accept(logPages);
                pace(started);
            }
        } catch (SQLException | RuntimeException e) {
            // appends go on; SQLite's own checkpoint inside a commit takes over, only more slowly
            log.warn("stopped checkpointing {}: {}", file, e.toString());
        }
    }

    /**
     * SQLite syncs the database only in a copy that reaches the end of the log, which under steady appends is the
     * writer's when it starts the log over; without this sync that one would write every page copied since.
     */
    private void syncDatabase() {
        try {
            database.force(false);
        } catch (IOException e) {
            // the writer's own checkpoint still syncs the file, only more slowly
            log.debug("could not sync {} after a checkpoint: {}", file, e.toString());
        }
    }

    /** Waits for commits since the last copy; false once closed. */
    private boolean awaitCommits() {
        lock.lock();
        try {
            while (!pending && !closed) {
                wake.awaitUninterruptibly();
            }
            pending = false;
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits out the rest of the interval since {@code started}: the cadence of the copies, not a stand-in for work. */
    private void pace(long started) {
        lock.lock();
        try {
            long left = INTERVAL_NANOS - (System.nanoTime() - started);
            while (left > 0 && !closed) {
                left = wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Stops after the current copy. */
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
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to protect
        }
        try {
            database.close();
        } catch (IOException e) {
            // closing: nothing left to protect
        }
    }
}
