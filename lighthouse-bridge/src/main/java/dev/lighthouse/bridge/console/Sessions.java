package dev.lighthouse.bridge.console;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Principal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The console's logged-in browsers: a random session id (the cookie) to whom it stands for and its CSRF token.
 *
 * <p>A session made from a token re-checks that token on every request, so revoking the token ends the session at
 * once; a session made from a signed link (no token) re-checks that its agent is still active. Sessions live in
 * memory only: a restart logs everybody out. At most {@link #MAX} are held; past that the oldest goes. Thread-safe.
 */
final class Sessions {
    static final int MAX = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One logged-in browser. {@code who} answers the principal now, or empty when its credential is gone. */
    record Session(String id, String csrf, Instant started, Function<Instant, Optional<Principal>> who) {}

    private final Map<String, Session> open = new ConcurrentHashMap<>();
    private final AgentTokens tokens;
    private final Clock clock;
    private final Duration lifetime;

    Sessions(AgentTokens tokens, Clock clock, Duration lifetime) {
        this.tokens = tokens;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A session for whoever holds {@code token}, if the token is valid. */
    Optional<Session> logIn(String token) {
        return tokens.authenticate(token).map(p -> start(now -> tokens.authenticate(token)));
    }

    /** A session for a named agent (a signed link's reviewer), while its token stays active. */
    Session forAgent(Principal principal) {
        return start(now -> tokens.active(principal.name()).map(a -> principal));
    }

    /** The session {@code id} names and whom it stands for now, if it is open and its credential still valid. */
    Optional<Current> find(String id) {
        Session s = open.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isAfter(s.started().plus(lifetime))) {
            open.remove(id);
            return Optional.empty();
        }
        Optional<Principal> who = s.who().apply(now);
        if (who.isEmpty()) {
            open.remove(id);
        }
        return who.map(p -> new Current(s, p));
    }

    /** An open session and whom it stands for right now. */
    record Current(Session session, Principal principal) {
        /** Whether {@code presented} is this session's CSRF token (compared in constant time). */
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(session.csrf().getBytes(), presented.getBytes());
        }
    }

    void logOut(String id) {
        open.remove(id);
    }

    private Session start(Function<Instant, Optional<Principal>> who) {
        if (open.size() >= MAX) {
            open.values().stream()
                    .min(java.util.Comparator.comparing(Session::started))
                    .ifPresent(oldest -> open.remove(oldest.id()));
        }
        Session s = new Session(random(), random(), clock.instant(), who);
        open.put(s.id(), s);
        return s;
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
