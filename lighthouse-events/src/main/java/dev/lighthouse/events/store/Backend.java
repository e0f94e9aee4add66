package dev.lighthouse.events.store;

import dev.lighthouse.events.DecisionNames;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.Head;
import dev.lighthouse.events.Membership;
import dev.lighthouse.events.Page;
import dev.lighthouse.events.integrity.Verifier;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongConsumer;

/** What differs between the SQLite and the PostgreSQL store: the SQL and how writers are kept in line. */
interface Backend extends AutoCloseable {
    /** The last stored event's seq and hash, read from the database. */
    Head head() throws SQLException;

    /**
     * One durable transaction: reads the head while holding the write lock, asks {@code seal} for the events that
     * continue it, inserts them and commits. Returns the new head. Called from the writer thread only.
     */
    Head commit(Function<Head, List<Event>> seal) throws SQLException;

    List<Event> read(long fromSeq, int limit) throws SQLException;

    Page query(EventQuery query) throws SQLException;

    /** The names of the decisions {@code query} (of type {@code decision.made}) matches, from their own columns. */
    DecisionNames decisionNames(EventQuery query) throws SQLException;

    /** What verify checks of the events from {@code fromSeq} on; by default encoded from the events read. */
    default List<Verifier.SignedRow> readSigned(long fromSeq, int limit) throws SQLException {
        return read(fromSeq, limit).stream().map(Verifier.SignedRow::of).toList();
    }

    /**
     * The seq of the last checkpoint this store recorded writing to the checkpoint file named by {@code file} (the MAC
     * of its first line, see {@link #markCheckpoint}), if it keeps such a mark. Verify fails when the file ends before
     * it. By default the one mark of {@link #checkpointMark()}, whatever the file.
     */
    default OptionalLong checkpointMark(Hash file) throws SQLException {
        return checkpointMark();
    }

    /**
     * Records that a checkpoint of {@code seq} was written to the checkpoint file whose first line has the MAC {@code
     * file}. Called from the writer thread (or at close, after it stopped). A database several replicas share keeps a
     * mark per file, since each replica writes a file of its own; the first line names the file wherever it lies, and
     * stays while lines are appended. By default the one mark of {@link #markCheckpoint(long)}.
     */
    default void markCheckpoint(Hash file, long seq) throws SQLException {
        markCheckpoint(seq);
    }

    /** The one mark of a store with one writing process ({@link #markCheckpoint(long)}), if it keeps one. */
    default OptionalLong checkpointMark() throws SQLException {
        return OptionalLong.empty();
    }

    /** Records that a checkpoint of {@code seq} was written to the store's one checkpoint file; by default not kept. */
    default void markCheckpoint(long seq) throws SQLException {}

    /**
     * Reports, from a thread of its own, heads committed by other processes sharing the database (another
     * replica, or a bridge while {@code lighthouse events tail -f} runs), so subscribers here wake up.
     */
    void watchOtherWriters(LongConsumer headSeq);

    /** Joins the replicas sharing the database; a store only one process serves has {@link Membership#alone}. */
    default Membership join(Membership.Identity identity, java.time.Clock clock) {
        return Membership.alone(identity, clock);
    }

    @Override
    void close();
}
