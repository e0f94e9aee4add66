package dev.lighthouse.bridge.console;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;
import java.time.Instant;
import java.util.Optional;

/**
 * What the console records in the event store so that every replica, and this one after a restart, knows it: a
 * signed link was used, a session was logged out. Each lasts only until what it names would have expired anyway.
 */
sealed interface ConsoleEvent extends EventPayload {
    EventType LINK_USED = EventType.of("console.link_used");
    EventType SESSION_ENDED = EventType.of("console.session_ended");

    /** When what the event names expires by itself; past it the event no longer matters. */
    Instant expires();

    /**
     * A signed review link was spent: it opened review {@code review} for its reviewer (the event's agent). The first
     * such event of a nonce's stream in the chain is the one use; a later one lost a race and was refused.
     */
    record LinkUsed(String nonce, String review, Instant expires) implements ConsoleEvent {
        public LinkUsed {
            requireNonNull(nonce, "nonce");
            requireNonNull(review, "review");
            requireNonNull(expires, "expires");
        }

        static String stream(String nonce) {
            return "console-link/" + nonce;
        }

        @Override
        public EventType eventType() {
            return LINK_USED;
        }
    }

    /** A console session was logged out: its cookie is refused on every replica from now on. */
    record SessionEnded(String session, Instant expires) implements ConsoleEvent {
        public SessionEnded {
            requireNonNull(session, "session");
            requireNonNull(expires, "expires");
        }

        static String stream(String session) {
            return "console-session/" + session;
        }

        @Override
        public EventType eventType() {
            return SESSION_ENDED;
        }
    }

    /** The console event {@code e} is, if it is one. */
    static Optional<ConsoleEvent> read(Event e) {
        if (e.type().equals(LINK_USED)) {
            return Optional.of(e.payloadAs(LinkUsed.class));
        }
        if (e.type().equals(SESSION_ENDED)) {
            return Optional.of(e.payloadAs(SessionEnded.class));
        }
        return Optional.empty();
    }
}
