package dev.lighthouse.events.store;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.Head;
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

    /** What verify checks of the events from {@code fromSeq} on; by default encoded from the events read. */
    default List<Verifier.SignedRow> readSigned(long fromSeq, int limit) throws SQLException {
        return read(fromSeq, limit).stream().map(Verifier.SignedRow::of).toList();
    }

    /**
     * The seq of the last checkpoint this store recorded writing to its checkpoint file ({@link #markCheckpoint}),
     * if it keeps such a mark. Verify fails when the file ends before it.
     */
    default OptionalLong checkpointMark() throws SQLException {
        return OptionalLong.empty();
    }

    /**
     * Records that a checkpoint of {@code seq} was written to the checkpoint file. Called from the writer thread
     * (or at close, after it stopped). By default not kept: replicas of a shared database each write a file of
     * their own, so no one mark fits them all.
     */
    default void markCheckpoint(long seq) throws SQLException {}

    /**
     * Reports, from a thread of its own, heads committed by other processes sharing the database (another
     * replica, or a bridge while {@code lighthouse events tail -f} runs), so subscribers here wake up.
     */
    void watchOtherWriters(LongConsumer headSeq);

    @Override
    void close();
}
