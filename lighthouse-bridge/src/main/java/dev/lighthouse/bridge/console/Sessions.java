package dev.lighthouse.bridge.console;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.NewEvent;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's logged-in browsers. A session is a signed ticket in the cookie itself, so it is valid on every
 * replica that holds the console key and survives restarts; what must be remembered server-side, a logout, is an
 * event.
 *
 * <p><b>Design.</b> The cookie is {@code <ticket>.<mac>}: the ticket (JSON, base64url) names a random session id,
 * whom it stands for, a fingerprint of the token that person held when the session began, and its expiry; the MAC
 * is an HMAC-SHA256 with the console key. The CSRF token is another HMAC of the session id, so no replica needs to
 * store it. On every request the ticket is checked anew: MAC, expiry, not logged out, and the person still holds the
 * same token (the owner token, or the active agent token of that name and role), so revoking a token ends its
 * sessions at once and a new token for the same name does not revive them. A logout appends a
 * {@code console.session_ended} event; each replica keeps ended sessions in memory until they would have expired,
 * rebuilt at start and followed from other replicas' appends. Thread-safe.
 */
final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** What the cookie carries, signed. {@code credential} is a keyed fingerprint of the token, never the token. */
    record Ticket(String id, String agent, Role role, String credential, Instant expires) {
        Ticket {
            requireNonNull(id, "id");
            requireNonNull(agent, "agent");
            requireNonNull(role, "role");
            requireNonNull(credential, "credential");
            requireNonNull(expires, "expires");
        }
    }

    /** One logged-in browser: its cookie value, its CSRF token and when it ends. */
    record Session(String id, String cookie, String csrf, Instant expires) {}

    private final EventStore store;
    private final AgentTokens tokens;
    private final byte[] key;
    private final Clock clock;
    private final Duration lifetime;
    private final Expiring ended = new Expiring();

    Sessions(EventStore store, AgentTokens tokens, byte[] key, Clock clock, Duration lifetime) {
        this.store = requireNonNull(store, "store");
        this.tokens = requireNonNull(tokens, "tokens");
        this.key = key.clone();
        this.clock = requireNonNull(clock, "clock");
        this.lifetime = requireNonNull(lifetime, "lifetime");
    }

    /**
     * A session for {@code principal} (whom a token or a signed link named), bound to the token it holds now; empty
     * when it holds none.
     */
    Optional<Session> forAgent(Principal principal) {
        return start(principal);
    }

    /** The session {@code cookie} carries and whom it stands for now, if it is open and its credential still valid. */
    Optional<Current> find(String cookie) {
        Optional<Ticket> read = read(cookie);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Ticket t = read.get();
        if (!clock.instant().isBefore(t.expires()) || ended.contains(t.id())) {
            return Optional.empty();
        }
        Principal who = new Principal(t.agent(), t.role());
        boolean holdsSameToken = tokens.tokenSha256(who)
                .map(sha -> MessageDigest.isEqual(
                        credential(sha).getBytes(StandardCharsets.US_ASCII),
                        t.credential().getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
        return holdsSameToken
                ? Optional.of(new Current(new Session(t.id(), cookie, csrf(t.id()), t.expires()), who))
                : Optional.empty();
    }

    /** An open session and whom it stands for right now. */
    record Current(Session session, Principal principal) {
        /** Whether {@code presented} is this session's CSRF token (compared in constant time). */
        boolean csrfMatches(String presented) {
            return presented != null
                    && MessageDigest.isEqual(
                            session.csrf().getBytes(StandardCharsets.US_ASCII),
                            presented.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Ends a session on every replica: records {@code console.session_ended}, then refuses its cookie here.
     *
     * @throws dev.lighthouse.events.EventStoreException the store cannot record it; the session stays open
     */
    void logOut(Current current) {
        Session s = current.session();
        store.append(NewEvent.byAgent(
                ConsoleEvent.SessionEnded.stream(s.id()),
                current.principal().name(),
                new ConsoleEvent.SessionEnded(s.id(), s.expires())));
        ended(new ConsoleEvent.SessionEnded(s.id(), s.expires()));
    }

    /** Notes a logout recorded here before a restart or by another replica. */
    void ended(ConsoleEvent.SessionEnded e) {
        ended.add(e.session(), e.expires(), clock.instant());
    }

    /** How long a session lasts; a logout older than this no longer matters. */
    Duration lifetime() {
        return lifetime;
    }

    private Optional<Session> start(Principal who) {
        return tokens.tokenSha256(who).map(sha -> {
            Ticket t = new Ticket(
                    random(),
                    who.name(),
                    who.role(),
                    credential(sha),
                    clock.instant().plus(lifetime));
            String ticket = B64.encodeToString(JSON.writeValueAsBytes(t));
            return new Session(t.id(), ticket + "." + mac("session", ticket), csrf(t.id()), t.expires());
        });
    }

    private Optional<Ticket> read(String cookie) {
        int dot = cookie.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String ticket = cookie.substring(0, dot);
        byte[] presented = cookie.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(mac("session", ticket).getBytes(StandardCharsets.US_ASCII), presented)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(UNB64.decode(ticket), Ticket.class));
        } catch (IllegalArgumentException | JacksonException e) {
            return Optional.empty(); // signed by this key but not a ticket of this version: log in again
        }
    }

    private String csrf(String id) {
        return mac("csrf", id);
    }

    private String credential(String tokenSha256) {
        return mac("credential", tokenSha256);
    }

    /** HMAC-SHA256 of {@code purpose}, a newline and {@code text}: one key, a separate domain for each use. */
    private String mac(String purpose, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '\n');
            return B64.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }
}
