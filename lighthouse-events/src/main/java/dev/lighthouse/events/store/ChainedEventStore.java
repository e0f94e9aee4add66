package dev.lighthouse.events.store;

import dev.lighthouse.events.DecisionNames;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.Head;
import dev.lighthouse.events.Membership;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Page;
import dev.lighthouse.events.ReplicaRefusedException;
import dev.lighthouse.events.Subscription;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.Violation;
import dev.lighthouse.events.integrity.Checkpoint;
import dev.lighthouse.events.integrity.CheckpointFile;
import dev.lighthouse.events.integrity.Signer;
import dev.lighthouse.events.integrity.Verifier;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The store both databases share: group commit, sealing (seq, id, time, MAC), restore checks, checkpoints,
 * subscriptions and verify. The {@link Backend} supplies the SQL.
 */
final class ChainedEventStore implements EventStore {
    private final Backend backend;
    private final StoreOptions options;
    private final Signer signer; // writer thread only (and close, after the writer stopped)
    private final TimeOrderedIds ids = new TimeOrderedIds(new SplittableRandom(new SecureRandom().nextLong()));
    private final CheckpointFile checkpoints;
    private final Tails tails;
    private final GroupCommit writer;
    /**
     * Completes a large commit's appends, in commit order, while the writer goes on to the next commit: waking a few
     * hundred waiting callers took the writer about a fifth of each commit's time. A commit of a few appends, with
     * no earlier commit's still being completed, is completed by the writer itself: handing it over cost a thread's
     * wake-up per decision at low load.
     */
    private final ExecutorService acks = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("events-acks").daemon(true).factory());

    private static final int ACKED_BY_WRITER = 8;
    /** Commits handed to {@link #acks} and not yet completed. */
    private final AtomicInteger acksPending = new AtomicInteger();

    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean watching = new AtomicBoolean();
    /**
     * The hashes of the events this process sealed, by seq, while anyone {@linkplain #follow follows}: recorded
     * before their commit, so no follower can read one first; a commit that failed leaves hashes no stored event
     * has. Pruned as the followers pass.
     */
    private final ConcurrentSkipListMap<Long, Hash> own = new ConcurrentSkipListMap<>();

    private final Set<Subscription> followers = ConcurrentHashMap.newKeySet();
    private Instant lastCheckpoint = Instant.MIN;
    private long checkpointedSeq;
    private Head written;

    ChainedEventStore(Backend backend, StoreOptions options, String name) {
        this.backend = backend;
        this.options = options;
        this.signer = new Signer(options.keys());
        try {
            this.written = backend.head();
        } catch (SQLException e) {
            backend.close();
            throw new EventStoreException("cannot read the head of " + name + ": " + e.getMessage(), e);
        }
        this.checkpointedSeq = written.seq();
        this.checkpoints = CheckpointFile.open(options.checkpointFile());
        this.tails = new Tails(written.seq(), this::read);
        this.writer = new GroupCommit("events-writer", this::write);
    }

    @Override
    public List<Event> append(List<NewEvent> batch) {
        checkBatch(batch.size());
        return writer.append(batch);
    }

    @Override
    public List<Event> restore(List<Event> exported) {
        checkBatch(exported.size());
        return writer.restore(exported);
    }

    @Override
    public List<Event> read(long fromSeq, int limit) {
        try {
            return backend.read(fromSeq, limit);
        } catch (SQLException e) {
            throw new EventStoreException("cannot read events from seq " + fromSeq + ": " + e.getMessage(), e);
        }
    }

    private List<Verifier.SignedRow> readSigned(long fromSeq, int limit) {
        try {
            return backend.readSigned(fromSeq, limit);
        } catch (SQLException e) {
            throw new EventStoreException("cannot read events from seq " + fromSeq + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Page query(EventQuery query) {
        try {
            return backend.query(query);
        } catch (SQLException e) {
            throw new EventStoreException("cannot query events: " + e.getMessage(), e);
        }
    }

    @Override
    public DecisionNames decisionNames(EventQuery query) {
        EventQuery decisions = EventStore.decisionsOnly(query);
        try {
            return backend.decisionNames(decisions);
        } catch (SQLException e) {
            throw new EventStoreException("cannot list decision names: " + e.getMessage(), e);
        }
    }

    @Override
    public Subscription subscribe(long fromSeq, Consumer<? super Event> listener) {
        watchOtherWriters();
        return tails.subscribe(fromSeq, listener, true);
    }

    @Override
    public Subscription subscribeStored(long fromSeq, Consumer<? super Event> listener) {
        watchOtherWriters();
        return tails.subscribe(fromSeq, listener, false);
    }

    /**
     * Watching for other writers costs a connection (PostgreSQL) or file notifications (SQLite): only once someone
     * listens.
     */
    private void watchOtherWriters() {
        if (watching.compareAndSet(false, true)) {
            backend.watchOtherWriters(tails::advanced);
        }
    }

    @Override
    public Subscription follow(long fromSeq, Consumer<? super Event> listener) {
        watchOtherWriters();
        Subscription[] self = new Subscription[1];
        Subscription sub;
        synchronized (followers) {
            sub = tails.subscribe(
                    fromSeq,
                    e -> {
                        if (!e.hash().equals(own.get(e.seq()))) {
                            listener.accept(e);
                        }
                        forgetOwnBelow(e.seq(), self[0]);
                    },
                    true);
            self[0] = sub;
            followers.add(sub);
        }
        return sub;
    }

    /** Drops the own hashes every follower has passed ({@code at} is one follower's current seq). */
    private void forgetOwnBelow(long at, Subscription by) {
        long min = at;
        for (Subscription f : followers) {
            if (f != by && f.isOpen()) {
                min = Math.min(min, f.position() - 1);
            }
        }
        followers.removeIf(f -> !f.isOpen());
        own.headMap(min, true).clear();
    }

    /**
     * {@inheritDoc}
     *
     * <p>First checks the store's newest event against this replica's keys: a replica that could not verify what the
     * others sign (or would sign what they cannot verify) does not join.
     */
    @Override
    public Membership join(Membership.Identity identity, java.time.Clock clock) {
        List<Event> newest = read(Math.max(1, head().seq()), 1);
        if (!newest.isEmpty()) {
            Event e = newest.getFirst();
            if (options.keys().key(e.keyId()).isEmpty()) {
                throw new ReplicaRefusedException(("the store's newest event (seq %d) is signed with HMAC key %s, which"
                                + " this replica's keys do not hold (its active key is %s): every replica must sign with"
                                + " the same key (the same store.key file or env: secret); this one does not join")
                        .formatted(e.seq(), e.keyId(), identity.keyId()));
            }
            if (!new Signer(options.keys()).valid(e)) { // the writer owns the store's signer
                throw new ReplicaRefusedException(("the store's newest event (seq %d) does not verify under key %s as"
                                + " this replica holds it: its key file has another secret under that id; this one"
                                + " does not join")
                        .formatted(e.seq(), e.keyId()));
            }
        }
        return backend.join(identity, clock);
    }

    @Override
    public Head head() {
        try {
            return backend.head();
        } catch (SQLException e) {
            throw new EventStoreException("cannot read the head: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the chain against the checkpoint file, and the file against the store: a store with events needs a
     * non-empty file, and the file must reach the last checkpoint the store recorded writing.
     */
    @Override
    public VerifyReport verify(long fromSeq, long toSeq) {
        // The mark first: a checkpoint is written to the file before it is marked, so a mark read before the file
        // never runs ahead of it, even while appends write checkpoints during the verify.
        OptionalLong mark = mark();
        List<Checkpoint> file = CheckpointFile.read(options.checkpointFile());
        VerifyReport report = new Verifier(options.keys(), file).verify(this::read, this::readSigned, fromSeq, toSeq);
        List<Violation> found = new ArrayList<>(report.violations());
        long events = head().seq();
        long lastInFile = file.stream().mapToLong(Checkpoint::seq).max().orElse(0);
        if (events > 0 && file.isEmpty()) {
            found.add(new Violation(
                    Violation.Kind.CHECKPOINTS_MISSING,
                    1,
                    ("the checkpoint file %s is missing or empty while the store holds %d events: a cut tail could"
                                    + " not be seen")
                            .formatted(options.checkpointFile(), events)));
        }
        if (mark.isPresent() && lastInFile < mark.getAsLong() && !file.isEmpty()) {
            found.add(new Violation(
                    Violation.Kind.CHECKPOINTS_MISSING,
                    lastInFile + 1,
                    "the checkpoint file %s ends at seq %d; the store recorded a checkpoint of seq %d: lines were removed"
                            .formatted(options.checkpointFile(), lastInFile, mark.getAsLong())));
        }
        if (found.size() == report.violations().size()) {
            return report;
        }
        found.sort(java.util.Comparator.comparingLong(Violation::seq));
        return new VerifyReport(
                report.fromSeq(),
                report.toSeq(),
                report.eventsChecked(),
                report.checkpointsChecked(),
                found.size() > VerifyReport.MAX_VIOLATIONS ? found.subList(0, VerifyReport.MAX_VIOLATIONS) : found);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.close();
            acks.close(); // waits for the last commits' appends to be completed
            checkpoint(true);
            checkpoints.close();
        } finally {
            tails.close();
            backend.close();
        }
    }

    private static void checkBatch(int size) {
        if (size == 0) {
            throw new EventRejectedException("a batch needs at least one event");
        }
        if (size > MAX_BATCH) {
            throw new EventRejectedException(
                    "a batch holds at most %,d events, got %,d; split it".formatted(MAX_BATCH, size));
        }
    }

    /** The writer thread's part: one transaction for the whole group. */
    private void write(List<GroupCommit.Request> group) {
        List<List<Event>> results = new ArrayList<>(group.size());
        Head head;
        try {
            head = backend.commit(start -> {
                results.clear();
                List<Event> all = new ArrayList<>();
                Head at = start;
                for (GroupCommit.Request r : group) {
                    try {
                        List<Event> events =
                                r.restored().isEmpty() ? seal(at, r.fresh()) : checkRestore(at, r.restored());
                        results.add(events);
                        all.addAll(events);
                        at = events.getLast().asHead();
                    } catch (EventRejectedException e) {
                        results.add(null);
                        r.done().completeExceptionally(e);
                    }
                }
                return all;
            });
        } catch (SQLException e) {
            throw new EventStoreException("append failed, nothing of it was stored: " + e.getMessage(), e);
        }
        List<GroupCommit.Request> requests = List.copyOf(group); // the writer reuses its list for the next group
        Runnable complete = () -> {
            for (int i = 0; i < requests.size(); i++) {
                if (results.get(i) != null) {
                    requests.get(i).done().complete(results.get(i));
                }
            }
        };
        written = head;
        // The first checkpoint is written before any append is acknowledged, so that a verify after the first append
        // finds it; later ones after, as a checkpoint's mark costs a round trip the acknowledgement need not wait for.
        boolean first = checkpoints.first().isEmpty();
        if (first) {
            checkpointOrWarn();
        }
        if (requests.size() <= ACKED_BY_WRITER && acksPending.get() == 0) {
            complete.run(); // nothing earlier is still being completed, so commit order holds
        } else {
            acksPending.incrementAndGet();
            acks.execute(() -> {
                complete.run();
                acksPending.decrementAndGet();
            });
        }
        tails.committed(
                results.stream().filter(Objects::nonNull).flatMap(List::stream).toList());
        if (!first) {
            checkpointOrWarn();
        }
    }

    /** A checkpoint file that cannot be written must not make committed appends look failed (verify reports it). */
    private void checkpointOrWarn() {
        try {
            checkpoint(false);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ChainedEventStore.class).warn("cannot write a checkpoint: {}", e.toString());
        }
    }

    private List<Event> seal(Head start, List<NewEvent> fresh) {
        List<Event> out = new ArrayList<>(fresh.size());
        Head at = start;
        Instant time = options.clock().instant().truncatedTo(ChronoUnit.MICROS);
        String keyId = options.keys().active().id();
        for (NewEvent n : fresh) {
            long seq = at.seq() + 1;
            var id = ids.next(time.toEpochMilli());
            var hash = signer.sign(seq, id, time, n.type(), n.stream(), n.agent(), n.payload(), at.hash());
            Event e = new Event(seq, id, time, n.type(), n.stream(), n.agent(), n.payload(), keyId, at.hash(), hash);
            if (!followers.isEmpty()) {
                own.put(seq, hash);
            }
            out.add(e);
            at = e.asHead();
        }
        return out;
    }

    private List<Event> checkRestore(Head start, List<Event> events) {
        Head at = start;
        for (Event e : events) {
            if (e.seq() != at.seq() + 1) {
                throw new EventRejectedException(
                        "event %s has seq %d; the store continues at seq %d".formatted(e.id(), e.seq(), at.seq() + 1));
            }
            if (!e.prevHash().equals(at.hash())) {
                throw new EventRejectedException(
                        "event at seq %d does not continue the chain: its previous hash %s is not %s"
                                .formatted(e.seq(), e.prevHash(), at.hash()));
            }
            if (options.keys().key(e.keyId()).isEmpty()) {
                throw new EventRejectedException("event at seq %d is signed with key %s, which this store does not hold"
                        .formatted(e.seq(), e.keyId()));
            }
            if (!signer.valid(e)) {
                throw new EventRejectedException("event at seq %d does not match its MAC".formatted(e.seq()));
            }
            at = e.asHead();
        }
        if (!followers.isEmpty()) {
            events.forEach(e -> own.put(e.seq(), e.hash()));
        }
        return events;
    }

    /**
     * The store's mark of the last checkpoint it wrote to its file, found by the file's first line (the file names
     * itself so on a database that replicas with files of their own share). For a file without a readable first line
     * (missing, emptied, edited) only a store with one mark for its one file can say ({@link Backend#checkpointMark()}).
     */
    private OptionalLong mark() {
        Optional<Checkpoint> first;
        try {
            first = CheckpointFile.readFirst(options.checkpointFile());
        } catch (IllegalArgumentException e) {
            first = Optional.empty(); // an edited first line: reading the whole file reports it
        }
        try {
            return first.isPresent() ? backend.checkpointMark(first.get().mac()) : backend.checkpointMark();
        } catch (SQLException e) {
            throw new EventStoreException("cannot read the checkpoint mark: " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The higher of the checkpoint file's last line and the store's own mark of the last checkpoint it wrote there.
     */
    @Override
    public long lastCheckpoint() {
        long mark = mark().orElse(0);
        long inFile = CheckpointFile.read(options.checkpointFile()).stream()
                .mapToLong(Checkpoint::seq)
                .max()
                .orElse(0);
        return Math.max(mark, inFile);
    }

    private void checkpoint(boolean force) {
        Head head = written;
        if (head.seq() <= checkpointedSeq) {
            return;
        }
        Instant now = options.clock().instant();
        if (!force && now.isBefore(lastCheckpoint.plus(options.checkpointInterval()))) {
            return;
        }
        checkpoints.append(signer.checkpoint(head.seq(), head.hash(), now, checkpoints.chainHead()));
        try {
            backend.markCheckpoint(checkpoints.first().orElseThrow().mac(), head.seq());
        } catch (SQLException e) {
            // the file has the checkpoint; only the check that the file was not cut back waits for the next mark
            LoggerFactory.getLogger(ChainedEventStore.class)
                    .warn("cannot record the checkpoint mark: {}", e.toString());
        }
        checkpointedSeq = head.seq();
        lastCheckpoint = now;
    }
}
