package dev.lighthouse.events.integrity;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.Violation;
import dev.lighthouse.events.Violation.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Checks a chain read in seq order: each event's MAC, its link to the event before, gapless seqs, and the signed
 * checkpoints that fall in the range. Not thread-safe; reads the store in pages on a helper thread, so reading and
 * checking overlap and memory stays flat.
 *
 * <p>How each tampering shows: a changed field is an {@link Kind#HMAC_MISMATCH}; a removed row a
 * {@link Kind#SEQUENCE_GAP}; rows moved to other seqs a {@link Kind#REORDERED} (the event's MAC is valid for
 * another seq nearby); a cut tail a {@link Kind#TAIL_TRUNCATED} (a checkpoint names a seq past the end); an event
 * with a valid MAC that does not link to its predecessor a {@link Kind#CHAIN_BREAK} (e.g. spliced from another
 * chain signed with the same key).
 */
public final class Verifier {
    /** Reads up to {@code limit} events from {@code fromSeq} on, in seq order. */
    @FunctionalInterface
    public interface Reader {
        List<Event> read(long fromSeq, int limit);
    }

    /**
     * What verify reads of a stored event: its seq and key id, the bytes its MAC covers as the store holds them (see
     * {@link Signer}), and its hashes. {@code signed} is null where the store could not encode the row (a field no
     * longer in its stored form); such a row is checked through its event. {@code nameMismatch} says how what names a
     * decision in listings, which the store keeps unsigned beside the row, differs from the row's signed fields (its
     * payload's answer, its time and agent); it becomes a {@link Kind#NAME_MISMATCH} only once the MAC holds, since a
     * changed payload is an {@link Kind#HMAC_MISMATCH} whatever its names say.
     */
    public record SignedRow(
            long seq, String keyId, byte[] signed, Hash prevHash, Hash hash, Optional<String> nameMismatch) {
        public SignedRow {
            requireNonNull(nameMismatch, "nameMismatch");
        }

        public SignedRow(long seq, String keyId, byte[] signed, Hash prevHash, Hash hash) {
            this(seq, keyId, signed, prevHash, hash, Optional.empty());
        }

        public static SignedRow of(Event e) {
            return new SignedRow(e.seq(), e.keyId(), Signer.signedBytes(e), e.prevHash(), e.hash());
        }

        /** This row as checked through its event, with what the store found of its names. */
        SignedRow through(Event e) {
            SignedRow read = of(e);
            return new SignedRow(read.seq, read.keyId, read.signed, read.prevHash, read.hash, nameMismatch);
        }
    }

    /** Reads up to {@code limit} signed rows from {@code fromSeq} on, in seq order. */
    @FunctionalInterface
    public interface RowReader {
        List<SignedRow> read(long fromSeq, int limit);
    }

    private static final int PAGE = 5_000;
    /** How far from its seq a moved event is looked for. */
    private static final int MOVE_WINDOW = 64;

    private final Signer signer;
    private final List<Checkpoint> checkpoints;

    public Verifier(Keyring keys, List<Checkpoint> checkpoints) {
        this.signer = new Signer(keys);
        this.checkpoints = List.copyOf(checkpoints);
    }

    /** Verifies seqs {@code fromSeq..toSeq} (inclusive; {@code Long.MAX_VALUE} for up to the last event). */
    public VerifyReport verify(Reader reader, long fromSeq, long toSeq) {
        return verify(
                reader,
                (from, limit) ->
                        reader.read(from, limit).stream().map(SignedRow::of).toList(),
                fromSeq,
                toSeq);
    }

    /**
     * Verifies seqs {@code fromSeq..toSeq} from {@code rows}, which a store can encode without building events;
     * {@code reader} is read only for rows that fail or that {@code rows} could not encode.
     */
    public VerifyReport verify(Reader reader, RowReader rows, long fromSeq, long toSeq) {
        long from = Math.max(1, fromSeq);
        List<Violation> violations = new ArrayList<>();
        List<Violation> checkpointViolations = new ArrayList<>();
        Map<Long, Checkpoint> bySeq = new HashMap<>();
        int checkpointsChecked = 0;
        // The chain of the file itself: a chained line names the MAC of the writer's checkpoint before it, which must
        // be earlier in the file (writers sharing a file interleave their lines, so not always the line just before).
        Set<Hash> earlier = new HashSet<>();
        earlier.add(Hash.ZERO);
        int line = 0;
        for (Checkpoint c : checkpoints) {
            line++;
            if (c.prev().isPresent() && !earlier.contains(c.prev().get())) {
                checkpointViolations.add(new Violation(
                        Kind.CHECKPOINTS_MISSING,
                        c.seq(),
                        ("checkpoint line %d (seq %d) follows a checkpoint that is no longer in the file: lines were"
                                        + " removed before it")
                                .formatted(line, c.seq())));
            }
            earlier.add(c.mac());
        }
        for (Checkpoint c : checkpoints) {
            if (c.seq() < from || c.seq() > toSeq) {
                continue;
            }
            checkpointsChecked++;
            if (signer.keyring().key(c.keyId()).isEmpty()) {
                checkpointViolations.add(new Violation(
                        Kind.UNKNOWN_KEY,
                        c.seq(),
                        "the checkpoint of %s is signed with key %s; the keyring holds %s"
                                .formatted(c.time(), c.keyId(), signer.keyring().ids())));
            } else if (signer.valid(c)) {
                bySeq.merge(c.seq(), c, (a, b) -> a);
            } else {
                checkpointViolations.add(new Violation(
                        Kind.CHECKPOINT_FORGED,
                        c.seq(),
                        "the checkpoint of %s (key %s) has a wrong MAC".formatted(c.time(), c.keyId())));
            }
        }

        long lastSeq = from - 1;
        Optional<Hash> prevHash = from == 1 ? Optional.of(Hash.ZERO) : hashAt(reader, from - 1);
        long checked = 0;
        try (Prefetch pages = new Prefetch(rows, from, toSeq)) {
            scan:
            for (List<SignedRow> page; (page = pages.next()) != null; ) {
                for (SignedRow row : page) {
                    if (row.seq() > toSeq) {
                        break scan;
                    }
                    checked++;
                    SignedRow e = check(
                            row.signed() != null ? row : row.through(eventAt(reader, row.seq())),
                            lastSeq,
                            prevHash,
                            violations,
                            reader);
                    Checkpoint c = bySeq.get(e.seq());
                    if (c != null && !c.hash().equals(e.hash())) {
                        violations.add(new Violation(
                                Kind.CHECKPOINT_MISMATCH,
                                e.seq(),
                                "the checkpoint of %s signed hash %s for this seq; the store holds %s"
                                        .formatted(c.time(), c.hash(), e.hash())));
                    }
                    lastSeq = Math.max(lastSeq, e.seq());
                    prevHash = Optional.of(e.hash());
                    if (violations.size() >= VerifyReport.MAX_VIOLATIONS) {
                        break scan;
                    }
                }
            }
        }

        long end = lastSeq;
        bySeq.values().stream()
                .filter(c -> c.seq() > end)
                .max(Comparator.comparingLong(Checkpoint::seq))
                .ifPresent(c -> violations.add(new Violation(
                        Kind.TAIL_TRUNCATED,
                        end + 1,
                        "the checkpoint of %s says the chain reached seq %d; the store ends at seq %d"
                                .formatted(c.time(), c.seq(), end))));
        violations.addAll(checkpointViolations); // after the events' own, so at one seq the event's comes first
        violations.sort(Comparator.comparingLong(Violation::seq));
        List<Violation> kept = violations.size() > VerifyReport.MAX_VIOLATIONS
                ? violations.subList(0, VerifyReport.MAX_VIOLATIONS)
                : violations;
        return new VerifyReport(from, toSeq == Long.MAX_VALUE ? lastSeq : toSeq, checked, checkpointsChecked, kept);
    }

    /**
     * Checks one row and returns it as checked: read again as an event if the store's encoding of the row did not
     * match its MAC, so that a fault in that encoding can cost time but never report a violation.
     */
    private SignedRow check(
            SignedRow row, long lastSeq, Optional<Hash> prevHash, List<Violation> violations, Reader reader) {
        SignedRow e = row;
        boolean linked = prevHash.isPresent();
        if (e.seq() > lastSeq + 1) {
            violations.add(new Violation(
                    Kind.SEQUENCE_GAP,
                    lastSeq + 1,
                    e.seq() == lastSeq + 2
                            ? "seq %d is missing".formatted(lastSeq + 1)
                            : "seqs %d to %d are missing".formatted(lastSeq + 1, e.seq() - 1)));
            linked = false;
        } else if (e.seq() <= lastSeq) {
            violations.add(
                    new Violation(Kind.REORDERED, e.seq(), "seq %d comes after seq %d".formatted(e.seq(), lastSeq)));
            linked = false;
        }
        Optional<Hash> mac = signer.mac(e.keyId(), e.signed());
        Event event = null;
        if (mac.isEmpty() || !mac.get().equals(e.hash())) {
            event = eventAt(reader, e.seq()); // rare: read whole for the id, and in case the row's encoding was off
            e = e.through(event);
            mac = signer.mac(e.keyId(), e.signed());
        }
        if (mac.isEmpty()) {
            violations.add(new Violation(
                    Kind.UNKNOWN_KEY,
                    e.seq(),
                    "signed with key %s; the keyring holds %s"
                            .formatted(e.keyId(), signer.keyring().ids())));
        } else if (!mac.get().equals(e.hash())) {
            long signedAs = signedSeq(event);
            violations.add(
                    signedAs > 0
                            ? new Violation(
                                    Kind.REORDERED,
                                    e.seq(),
                                    "holds event %s, which was signed as seq %d".formatted(event.id(), signedAs))
                            : new Violation(
                                    Kind.HMAC_MISMATCH,
                                    e.seq(),
                                    "event %s does not match its MAC: a field was changed after signing"
                                            .formatted(event.id())));
        } else {
            if (linked && !prevHash.get().equals(e.prevHash())) {
                violations.add(new Violation(
                        Kind.CHAIN_BREAK,
                        e.seq(),
                        "previous hash %s is not the hash of seq %d (%s)"
                                .formatted(e.prevHash(), e.seq() - 1, prevHash.get())));
            }
            e.nameMismatch().ifPresent(what -> violations.add(new Violation(Kind.NAME_MISMATCH, row.seq(), what)));
        }
        return e;
    }

    /** The seq near {@code e.seq()} the event's MAC is valid for, or 0. */
    private long signedSeq(Event e) {
        for (long d = 1; d <= MOVE_WINDOW; d++) {
            for (long s : new long[] {e.seq() - d, e.seq() + d}) {
                if (s >= 1 && signer.macAt(e, s).orElseThrow().equals(e.hash())) {
                    return s;
                }
            }
        }
        return 0;
    }

    /**
     * Reads pages ahead on two virtual threads while the current page is checked: reading and decoding rows costs
     * several times what computing their MACs does, so one reader would leave the checking thread waiting. The seqs
     * from {@code from} on are cut into ranges of {@link #PAGE}; reader k reads ranges k, k + 2, k + 4, … and
     * {@link #next} hands them out in range order, so the checker sees exactly the sequence one reader would give.
     * At most two pages wait per reader. Closing stops the readers after their current read (no interrupt: that
     * could close a pooled connection's socket).
     */
    private static final class Prefetch implements AutoCloseable {
        private static final int READERS = 2;
        /** Put by a reader that found nothing at or after its range: the chain ends before it. */
        private static final Object END = new Object();

        private final List<BlockingQueue<Object>> queues = new ArrayList<>();
        private int range;
        private volatile boolean stopped;

        Prefetch(RowReader reader, long from, long toSeq) {
            for (int k = 0; k < READERS; k++) {
                BlockingQueue<Object> pages = new ArrayBlockingQueue<>(2);
                queues.add(pages);
                int first = k;
                Thread.ofVirtual().name("verify-read-" + k).start(() -> read(reader, from, toSeq, first, pages));
            }
        }

        private void read(RowReader reader, long from, long toSeq, int first, BlockingQueue<Object> pages) {
            try {
                for (long start = from + (long) first * PAGE; start <= toSeq && !stopped; start += READERS * PAGE) {
                    List<SignedRow> found = reader.read(start, PAGE);
                    if (found.isEmpty()) {
                        break;
                    }
                    long end = start + PAGE; // exclusive; events past it (read across a gap) belong to later ranges
                    pages.put(
                            found.getLast().seq() < end
                                    ? found
                                    : found.stream().filter(e -> e.seq() < end).toList());
                }
                pages.put(END); // room is certain even once closed: close empties the queue, this adds at most two
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                try {
                    pages.put(e); // the consumer rethrows it
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The events of the next range, in seq order (empty for a range with none); null past the end. */
        @SuppressWarnings("unchecked")
        List<SignedRow> next() {
            Object item;
            try {
                item = queues.get(range % READERS).take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while verifying", e);
            }
            if (item instanceof RuntimeException failure) {
                throw failure;
            }
            if (item == END) {
                return null;
            }
            range++;
            return (List<SignedRow>) item;
        }

        @Override
        public void close() {
            stopped = true;
            queues.forEach(BlockingQueue::clear); // unblocks a reader waiting to put; it then sees stopped
        }
    }

    private static Event eventAt(Reader reader, long seq) {
        return reader.read(seq, 1).stream()
                .filter(e -> e.seq() == seq)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("seq " + seq + " vanished while it was verified"));
    }

    private static Optional<Hash> hashAt(Reader reader, long seq) {
        return reader.read(seq, 1).stream()
                .filter(e -> e.seq() == seq)
                .map(Event::hash)
                .findFirst();
    }
}
