package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A temporary approval: "this agent may run calls like this until {@code expires}", granted by a reviewer with a
 * verdict's {@code for}. Recorded as {@code approval.granted}; {@code approval.revoked} ends it early.
 *
 * @param id the approval's id
 * @param reviewId the review whose verdict granted it
 * @param pattern the calls it covers
 * @param grantedBy the reviewer
 * @param granted when
 * @param expires until when it applies
 * @param revoked when it was revoked, if it was
 */
public record Approval(
        String id,
        String reviewId,
        CallPattern pattern,
        String grantedBy,
        Instant granted,
        Instant expires,
        Optional<Instant> revoked) {
    public Approval {
        requireNonNull(id, "id");
        requireNonNull(reviewId, "reviewId");
        requireNonNull(pattern, "pattern");
        requireNonNull(grantedBy, "grantedBy");
        requireNonNull(granted, "granted");
        requireNonNull(expires, "expires");
        requireNonNull(revoked, "revoked");
    }

    /** Whether it applies at {@code now}. */
    public boolean live(Instant now) {
        return revoked.isEmpty() && now.isBefore(expires);
    }

    Approval revokedAt(Instant at) {
        return new Approval(id, reviewId, pattern, grantedBy, granted, expires, Optional.of(at));
    }
}
