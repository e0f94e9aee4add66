package dev.lighthouse.events.integrity;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.Subscription;
import dev.lighthouse.events.Violation;
import dev.lighthouse.events.Violation.Kind;
import java.util.function.Consumer;

/**
 * Checks each event as the store delivers it — read back from the database, so what is checked is what is
 * stored — against its MAC and its predecessor, and reports each violation to a sink (the bridge turns them into
 * {@code integrity.violation} events, metrics and alerts). Periodic full sweeps are {@link EventStore#verify}; this
 * class covers the events in between, within moments of their commit.
 *
 * <p>One subscription, one thread: the sink is called on the subscription's thread, in seq order. Thread-safe to
 * close from anywhere.
 */
public final class IntegrityMonitor implements AutoCloseable {
    private final Signer signer;
    private final Consumer<Violation> sink;
    private final Subscription subscription;
    private long lastSeq;
    private Hash lastHash;

    private IntegrityMonitor(EventStore store, Keyring keys, long fromSeq, Consumer<Violation> sink) {
        this.signer = new Signer(keys);
        this.sink = sink;
        this.lastSeq = fromSeq - 1;
        this.lastHash = fromSeq <= 1
                ? Hash.ZERO
                : store.read(fromSeq - 1, 1).stream()
                        .filter(e -> e.seq() == fromSeq - 1)
                        .map(Event::hash)
                        .findFirst()
                        .orElse(null);
        this.subscription = store.subscribeStored(fromSeq, this::check);
    }

    /** Monitors every event from {@code fromSeq} on (history first, then each new one). */
    public static IntegrityMonitor start(EventStore store, Keyring keys, long fromSeq, Consumer<Violation> sink) {
        return new IntegrityMonitor(store, keys, Math.max(1, fromSeq), sink);
    }

    /** Monitors the events appended from now on. */
    public static IntegrityMonitor startAtHead(EventStore store, Keyring keys, Consumer<Violation> sink) {
        return start(store, keys, store.head().seq() + 1, sink);
    }

    /** Whether the monitor still receives events (false after close, or if the sink threw). */
    public boolean isRunning() {
        return subscription.isOpen();
    }

    private void check(Event e) {
        if (e.seq() != lastSeq + 1) {
            sink.accept(new Violation(
                    Kind.SEQUENCE_GAP, lastSeq + 1, "delivered seq %d after seq %d".formatted(e.seq(), lastSeq)));
        } else if (lastHash != null && !lastHash.equals(e.prevHash()) && signer.valid(e)) {
            sink.accept(new Violation(
                    Kind.CHAIN_BREAK,
                    e.seq(),
                    "previous hash %s is not the hash of seq %d (%s)".formatted(e.prevHash(), lastSeq, lastHash)));
        }
        if (signer.keyring().key(e.keyId()).isEmpty()) {
            sink.accept(new Violation(
                    Kind.UNKNOWN_KEY,
                    e.seq(),
                    "signed with key %s; the keyring holds %s"
                            .formatted(e.keyId(), signer.keyring().ids())));
        } else if (!signer.valid(e)) {
            sink.accept(new Violation(
                    Kind.HMAC_MISMATCH,
                    e.seq(),
                    "event %s does not match its MAC: a field was changed after signing".formatted(e.id())));
        }
        lastSeq = e.seq();
        lastHash = e.hash();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
