package dev.lighthouse.review;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs verdicts: HMAC-SHA256 over a canonical text, keyed by the reviewer's credential as the bridge knows it.
 *
 * <p>The bridge keeps only the SHA-256 of each token ({@code agents.json}), so that hash is the key for verdicts given
 * with a token: whoever holds the token file can re-check every recorded verdict, nobody can make one up from the
 * event log alone (the log records only a key id, which is a hash of the key). Verdicts without a token — LLM experts
 * the bridge asks itself, the tokenless loopback user — are signed with the bridge's review key.
 *
 * <p>Canonical text, one field a line: {@code lighthouse-verdict-v1}, review id, reviewer, {@code approve|deny},
 * reason, duration of a temporary approval ({@code ""} when none), time (ISO-8601).
 */
public final class VerdictSigner {
    private VerdictSigner() {}

    /** A signing key and its public id. */
    public record Key(String id, byte[] secret) {
        public Key {
            secret = secret.clone();
        }

        /** The key of a token, from the SHA-256 hex the token file stores. */
        public static Key ofToken(String agent, String tokenSha256) {
            return new Key(
                    "token:" + agent + ":" + idOf(tokenSha256.getBytes(StandardCharsets.US_ASCII)),
                    tokenSha256.getBytes(StandardCharsets.US_ASCII));
        }

        /** The bridge's own review key. */
        public static Key ofBridge(byte[] secret) {
            return new Key("bridge:" + idOf(secret), secret);
        }
    }

    /** The text a verdict's signature covers. */
    public static String canonical(
            String reviewId, String reviewer, boolean approve, String reason, String forText, String at) {
        return String.join(
                "\n", "lighthouse-verdict-v1", reviewId, reviewer, approve ? "approve" : "deny", reason, forText, at);
    }

    /** HMAC-SHA256 of {@code text} under {@code key}, in hex. */
    public static String sign(Key key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Whether {@code signature} is the signature of {@code text} under {@code key} (constant time). */
    public static boolean verify(Key key, String text, String signature) {
        return MessageDigest.isEqual(
                sign(key, text).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static String idOf(byte[] secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
