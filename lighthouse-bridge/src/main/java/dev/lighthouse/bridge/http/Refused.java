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

    Refused(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
