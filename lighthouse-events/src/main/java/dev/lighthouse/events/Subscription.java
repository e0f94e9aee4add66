package dev.lighthouse.events;

/**
 * A live tail opened by {@link EventStore#subscribe}: the store pushes each event, in seq order and without gaps,
 * to the listener on a thread of its own. Closing stops delivery; at most the event being delivered completes.
 */
public interface Subscription extends AutoCloseable {
    /** A subscription that delivers nothing and is already closed. */
    Subscription NONE = new Subscription() {
        @Override
        public long position() {
            return 0;
        }

        @Override
        public boolean isOpen() {
            return false;
        }

        @Override
        public void close() {}
    };

    /** The seq of the next event the listener will receive. */
    long position();

    /** Whether events are still being delivered (false after {@link #close()}, a listener failure or store close). */
    boolean isOpen();

    @Override
    void close();
}
