package dev.lighthouse.bridge.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;
import java.time.Instant;
import java.util.Optional;

/**
 * What the console records in the event store: who logged in (or tried to), and, so that every replica and this one
 * after a restart knows it, that a signed link was used and that a session was logged out. The last two matter only
 * until what they name would have expired anyway.
 */
sealed interface ConsoleEvent extends EventPayload {
    EventType LOGIN = EventType.of("console.login");
    EventType LINK_USED = EventType.of("console.link_used");
    EventType SESSION_ENDED = EventType.of("console.session_ended");

    /**
     * Someone logged in to the console, or tried to. On success the event's agent is the person, {@code role} their
     * role, and {@code session} and {@code expires} the session begun (its stream is the session's, where its logout
     * follows); a refusal names no one, since the token named no one. Never the token, nor anything derived from it.
     *
     * @param from the address the request came from (a proxy's, behind one)
     * @param forwardedFor what an {@code X-Forwarded-For} header claimed, as sent (anyone can send one)
     * @param userAgent the browser's {@code User-Agent}, as sent
     * @param unrecorded refused logins not recorded since the previous recorded one (failures are rate-limited)
     */
    record Login(
            Outcome outcome,
            Via via,
            Optional<String> role,
            Optional<String> session,
            Optional<Instant> expires,
            String from,
            Optional<String> forwardedFor,
            Optional<String> userAgent,
            long unrecorded)
            implements ConsoleEvent {
        public Login {
            requireNonNull(outcome, "outcome");
            requireNonNull(via, "via");
            requireNonNull(role, "role");
            requireNonNull(session, "session");
            requireNonNull(expires, "expires");
            requireNonNull(from, "from");
            requireNonNull(forwardedFor, "forwardedFor");
            requireNonNull(userAgent, "userAgent");
        }

        /** Whether the login worked. */
        enum Outcome {
            @JsonProperty("logged_in")
            LOGGED_IN,
            /** The token is unknown or revoked. */
            @JsonProperty("refused")
            REFUSED
        }

        /** How the person proved who they are. */
        enum Via {
            /** The login form's token. */
            @JsonProperty("token")
            TOKEN,
            /** A signed review link sent to them. */
            @JsonProperty("link")
            LINK
        }

        /** Refusals share one stream: they belong to no session and no one. */
        static final String REFUSALS = "console-login/refused";

        @Override
        public EventType eventType() {
            return LOGIN;
        }
    }

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
        if (e.type().equals(LOGIN)) {
            return Optional.of(e.payloadAs(Login.class));
        }
        if (e.type().equals(LINK_USED)) {
            return Optional.of(e.payloadAs(LinkUsed.class));
        }
        if (e.type().equals(SESSION_ENDED)) {
            return Optional.of(e.payloadAs(SessionEnded.class));
        }
        return Optional.empty();
    }
}
