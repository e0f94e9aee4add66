package dev.lighthouse.fuse;

/**
 * A bridge call that did not give what was asked: the bridge could not be reached ({@link #unreachable}), or it
 * answered an error ({@link #status} and {@link #code} from its {@code {"error":{…}}} body).
 */
final class BridgeException extends RuntimeException {
    /** The HTTP status, or 0 when no answer came at all. */
    final int status;

    final String code;

    private BridgeException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static BridgeException unreachable(String message) {
        return new BridgeException(0, "unreachable", message);
    }

    static BridgeException refused(int status, String code, String message) {
        return new BridgeException(status, code, message);
    }

    boolean unreachable() {
        return status == 0 || status >= 500;
    }
}
