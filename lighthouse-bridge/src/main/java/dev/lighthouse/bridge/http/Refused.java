package dev.lighthouse.bridge.http;

/**
 * A request refused before any decision: bad credentials, a missing permission, a rate or size limit, a body that is
 * not the expected JSON. Hook endpoints turn it into a deny with {@link #getMessage()} as the reason; the other
 * endpoints answer {@link #status} with {@link #code}.
 */
final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    /** For a 429: seconds until the caller's allowance has room again (sent as {@code Retry-After}). */
    final long retryAfterSeconds;

    Refused(int status, String code, String message) {
        this(status, code, message, 1);
    }

    Refused(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }
}
