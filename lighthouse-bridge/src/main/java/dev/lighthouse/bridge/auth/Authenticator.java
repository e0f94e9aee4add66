package dev.lighthouse.bridge.auth;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Turns an {@code Authorization} header into a {@link Principal}, or a reason to refuse.
 *
 * <p>A presented token must be valid even where tokens are optional: a wrong or revoked token is refused, never
 * quietly treated as the local user. Thread-safe.
 */
public final class Authenticator {

    /** The outcome of checking one request's credentials. */
    public sealed interface Result {
        record Accepted(Principal principal) implements Result {}

        record Rejected(String reason) implements Result {}
    }

    private final AgentTokens tokens;
    private final AuthMode mode;

    public Authenticator(AgentTokens tokens, AuthMode mode) {
        this.tokens = requireNonNull(tokens, "tokens");
        this.mode = requireNonNull(mode, "mode");
    }

    public AuthMode mode() {
        return mode;
    }

    public Result authenticate(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return mode == AuthMode.OPTIONAL
                    ? new Result.Accepted(Principal.LOCAL)
                    : new Result.Rejected("unauthenticated: this bridge needs `Authorization: Bearer <token>`;"
                            + " issue one with `lighthouse agents add NAME --role agent`");
        }
        // A header that is present but empty or malformed is refused, never read as "no token": a caller that meant
        // to authenticate and failed must learn it, and must not be given the tokenless caller's rights by accident.
        String header = authorization.get().strip();
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Result.Rejected("unauthenticated: the Authorization header must be `Bearer <token>`");
        }
        String token = header.substring(7).strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            return new Result.Rejected("unauthenticated: the Authorization header must be `Bearer <token>`, the"
                    + " token one word of printable characters");
        }
        return tokens.authenticate(token)
                .<Result>map(Result.Accepted::new)
                .orElseGet(() -> new Result.Rejected("unauthenticated: the bearer token is unknown or revoked"));
    }
}
