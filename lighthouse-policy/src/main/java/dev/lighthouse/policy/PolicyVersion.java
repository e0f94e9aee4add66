package dev.lighthouse.policy;

import static java.util.Objects.requireNonNull;

/**
 * An immutable policy version: the SHA-256 of its layers' canonical content, so equal rules always have equal
 * versions and any change gives a new one.
 *
 * @param hash 64 lower-case hex digits
 * @param name the policy's name from its metadata (the last layer's), for people
 */
public record PolicyVersion(String hash, String name) {
    public PolicyVersion {
        requireNonNull(hash, "hash");
        requireNonNull(name, "name");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("policy hash must be 64 hex digits, got " + hash);
        }
    }

    /** The first 12 hex digits, enough to tell versions apart in logs and answers. */
    public String shortHash() {
        return hash.substring(0, 12);
    }

    @Override
    public String toString() {
        return name + "@" + shortHash();
    }
}
