package dev.lighthouse.bridge.auth;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What the chain says of agent tokens, so that every replica on a shared store accepts a token issued on one and
 * refuses a token revoked on one: the token's SHA-256, never the token. A revocation is for good: no later issue of the
 * same hash undoes it, so replicas agree whatever order they read the events in.
 */
sealed interface TokenEvent extends EventPayload {
    EventType ISSUED = EventType.of("agent.token_issued");
    EventType REVOKED = EventType.of("agent.token_revoked");

    /** The SHA-256 of the token the event is about. */
    String tokenSha256();

    /** A token was issued to {@code name} with {@code role} (and, for an agent expert, its capabilities). */
    record Issued(String name, Role role, String tokenSha256, Instant created, Set<String> capabilities)
            implements TokenEvent {
        public Issued {
            requireNonNull(name, "name");
            requireNonNull(role, "role");
            requireNonNull(tokenSha256, "tokenSha256");
            requireNonNull(created, "created");
            capabilities = Set.copyOf(capabilities);
        }

        static Issued of(AgentTokens.Agent a) {
            return new Issued(a.name(), a.role(), a.tokenSha256(), a.created(), a.capabilities());
        }

        AgentTokens.Agent agent() {
            return new AgentTokens.Agent(name, role, tokenSha256, created, Optional.empty(), capabilities);
        }

        @Override
        public EventType eventType() {
            return ISSUED;
        }
    }

    /** The token {@code name} held (SHA-256 {@code tokenSha256}) was revoked at {@code revoked}. */
    record Revoked(String name, String tokenSha256, Instant revoked) implements TokenEvent {
        public Revoked {
            requireNonNull(name, "name");
            requireNonNull(tokenSha256, "tokenSha256");
            requireNonNull(revoked, "revoked");
        }

        @Override
        public EventType eventType() {
            return REVOKED;
        }
    }

    /** The stream of {@code name}'s tokens: {@code agent/NAME}. */
    static String stream(String name) {
        return "agent/" + name;
    }

    /** The token event {@code e} is, if it is one. */
    static Optional<TokenEvent> read(Event e) {
        if (e.type().equals(ISSUED)) {
            return Optional.of(e.payloadAs(Issued.class));
        }
        if (e.type().equals(REVOKED)) {
            return Optional.of(e.payloadAs(Revoked.class));
        }
        return Optional.empty();
    }
}
