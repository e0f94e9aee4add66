package dev.lighthouse.events;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte HMAC-SHA256 value; {@link #ZERO} is the previous hash of the first event of a chain. */
public final class Hash {
    public static final int LENGTH = 32;
    public static final Hash ZERO = new Hash(new byte[LENGTH]);

    private final byte[] bytes;
    /** Computed once: the store writes each hash twice, as its event's hash and as the next one's previous hash. */
    private String hex;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Hash of(byte[] bytes) {
        requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash is %d bytes, got %d".formatted(LENGTH, bytes.length));
        }
        return new Hash(bytes.clone());
    }

    /** Parses 64 hex digits, as {@link #toString()} writes them. */
    public static Hash parse(String hex) {
        requireNonNull(hex, "hex");
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a hash is %d hex digits, got \"%s\"".formatted(2 * LENGTH, hex));
        }
        return new Hash(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Puts the 32 bytes into {@code buffer} without copying them first. */
    public void writeTo(java.nio.ByteBuffer buffer) {
        buffer.put(bytes);
    }

    /** Constant-time comparison. */
    public boolean matches(byte[] other) {
        return MessageDigest.isEqual(bytes, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && MessageDigest.isEqual(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** 64 lower-case hex digits. */
    @Override
    public String toString() {
        String h = hex; // a race at most computes it twice: strings are safe to share
        if (h == null) {
            h = HexFormat.of().formatHex(bytes);
            hex = h;
        }
        return h;
    }
}
