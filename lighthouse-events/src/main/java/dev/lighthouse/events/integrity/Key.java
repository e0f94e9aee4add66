package dev.lighthouse.events.integrity;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key. Its id is derived from the secret ({@code k} + 12 hex digits of a SHA-256 of it), so the same
 * secret has the same id on every replica and a wrong secret cannot pass under a right id.
 */
public final class Key {
    public static final int MIN_BYTES = 32;

    private final String id;
    private final byte[] secret;
    private final Instant created;
    private final SecretKeySpec spec;

    public Key(byte[] secret, Instant created) {
        requireNonNull(secret, "secret");
        requireNonNull(created, "created");
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException(
                    "an event key needs at least %d bytes of secret, got %d".formatted(MIN_BYTES, secret.length));
        }
        this.secret = secret.clone();
        this.created = created;
        this.id = idOf(this.secret);
        this.spec = new SecretKeySpec(this.secret, "HmacSHA256");
    }

    public String id() {
        return id;
    }

    public Instant created() {
        return created;
    }

    byte[] secret() {
        return secret.clone();
    }

    /** A fresh MAC instance under this key; not thread-safe, so each thread or call takes its own. */
    Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(spec);
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String idOf(byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("lighthouse-key-id".getBytes(StandardCharsets.US_ASCII));
            return "k" + HexFormat.of().formatHex(sha.digest(secret), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Key[" + id + "]";
    }
}
