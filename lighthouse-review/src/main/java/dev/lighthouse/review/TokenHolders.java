package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The holders of active tokens, as the board needs them: to sign a voter's verdict with its own token's key, to check
 * an agent expert still holds one, and to name whom a route asked but did not hear from by its deadline.
 */
public interface TokenHolders {
    /** The active token holder named {@code name}, if any. */
    Optional<TokenHolder> active(String name);

    /** Every active token holder. */
    List<TokenHolder> list();

    /** One holder of an active token: never the token itself, only its SHA-256 (the key its verdicts are signed with). */
    record TokenHolder(String name, Voter.Kind kind, String tokenSha256) {
        public TokenHolder {
            requireNonNull(name, "name");
            requireNonNull(kind, "kind");
            requireNonNull(tokenSha256, "tokenSha256");
        }

        public Voter voter() {
            return new Voter(name, kind);
        }
    }
}
