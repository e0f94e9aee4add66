package dev.lighthouse.events;

import java.util.List;
import java.util.function.Consumer;

/**
 * An append-only, HMAC-chained log of events. Implementations: {@code SqliteEventStore} (embedded, the default) and
 * {@code PostgresEventStore} (shared by several bridge replicas); {@code EventStores.open} picks one from a URL.
 *
 * <p><b>Guarantees.</b> An append returns only once its events are durable (committed and synced); a batch is
 * atomic. Seqs are gapless from 1, and each event's {@code prevHash} is the hash of the event before it, across
 * restarts and, for PostgreSQL, across replicas. Every method is thread-safe; appends from many threads are grouped
 * into shared transactions, so callers should simply call {@link #append} concurrently (virtual threads are fine).
 */
public interface EventStore extends AutoCloseable {
    /** Most events one append may carry. */
    int MAX_BATCH = 1_000;

    /**
     * Appends a batch atomically and returns the stored events, in order, once they are durable.
     *
     * @throws EventRejectedException the batch is empty or larger than {@link #MAX_BATCH}; nothing was stored
     * @throws EventStoreException the store failed; the batch was not acknowledged
     */
    List<Event> append(List<NewEvent> batch);

    /** Appends one event; see {@link #append(List)}. */
    default Event append(NewEvent event) {
        return append(List.of(event)).getFirst();
    }

    /** Up to {@code limit} events with seq at or after {@code fromSeq}, in seq order. */
    List<Event> read(long fromSeq, int limit);

    /** One page of events matching {@code query}; pass {@link Page#next()} back for the next page. */
    Page query(EventQuery query);

    /**
     * What names each decision ({@code decision.made}) matching {@code query}, a page of them in seq order: seq, time,
     * agent and answer, without payloads. The stores keep the answer in a column of its own, filled on append, and read
     * these through an index that holds them (by time for a window of at most a day), never the decisions' rows; this
     * default reads whole events. The query's type must be absent or {@code decision.made}.
     */
    default DecisionNames decisionNames(EventQuery query) {
        Page page = query(decisionsOnly(query));
        return new DecisionNames(
                page.events().stream()
                        .map(e -> new DecisionName(e.seq(), e.time(), e.agent(), DecisionMade.answerOf(e.payload())))
                        .toList(),
                page.next());
    }

    /** {@code query} for decisions only; an {@link IllegalArgumentException} if it asks for another type. */
    static EventQuery decisionsOnly(EventQuery query) {
        if (query.type().isPresent() && !query.type().get().equals(EventType.DECISION_MADE)) {
            throw new IllegalArgumentException("decision names are of " + EventType.DECISION_MADE + " events, not "
                    + query.type().get());
        }
        return query.type(EventType.DECISION_MADE);
    }

    /**
     * Delivers every event from {@code fromSeq} on to {@code listener}: first those already stored, then each new
     * one once it is durable, in seq order, on a thread the subscription owns. A listener that throws ends the
     * subscription. Use {@code head().seq() + 1} to receive only new events. The events this process has just
     * committed may be delivered as it committed them, without reading them back; {@link #subscribeStored} reads
     * every event from the database.
     */
    Subscription subscribe(long fromSeq, Consumer<? super Event> listener);

    /**
     * Like {@link #subscribe}, but every event delivered is read back from the database, this process's own too: for
     * a check of what is stored (the integrity monitor). It costs the database a read per commit.
     */
    default Subscription subscribeStored(long fromSeq, Consumer<? super Event> listener) {
        return subscribe(fromSeq, listener);
    }

    /**
     * Like {@link #subscribe}, but delivers only the events other processes appended (another replica on a shared
     * database, a command-line import): what a replica must apply to the state it keeps in memory, having applied
     * its own appends as it made them. Only appends made after this call are recognised as this process's own, so
     * follow before appending. A store no other process writes delivers nothing.
     */
    default Subscription follow(long fromSeq, Consumer<? super Event> listener) {
        return Subscription.NONE;
    }

    /**
     * Joins the replicas that share this store as {@code identity}: refuses when a present replica signs with another
     * key or runs another registry, or when the store's newest event is signed with a key this replica does not hold.
     * A store no other process serves has {@link Membership#alone}.
     *
     * @throws ReplicaRefusedException this replica does not fit the others; the message says which difference
     */
    default Membership join(Membership.Identity identity, java.time.Clock clock) {
        return Membership.alone(identity, clock);
    }

    /** The last event's seq and hash; {@link Head#EMPTY} when there are none. */
    Head head();

    /**
     * Checks MACs, links and seqs of the events from {@code fromSeq} to {@code toSeq} (inclusive; {@code
     * Long.MAX_VALUE} for up to the head), and the signed checkpoints in that range.
     */
    VerifyReport verify(long fromSeq, long toSeq);

    /**
     * The highest seq this store's checkpoints say it reached (its checkpoint file, and its own mark of the last
     * checkpoint it wrote there); 0 when there are none. A head below it means events were removed: the bridge does
     * not start on such a store.
     *
     * @throws IllegalArgumentException a line of the checkpoint file is not a checkpoint (it was edited)
     */
    default long lastCheckpoint() {
        return 0;
    }

    /**
     * Appends events exported from a store (see {@code EventJson}), keeping their seq, id, time, key and hashes.
     * Each must continue the chain at the current head and carry a valid MAC under a key this store holds.
     *
     * @throws EventRejectedException an event does not continue the chain or its MAC is wrong; nothing of the batch
     *     was stored
     */
    List<Event> restore(List<Event> exported);

    /** Finishes pending appends, writes a last checkpoint, ends subscriptions and releases the database. */
    @Override
    void close();
}
