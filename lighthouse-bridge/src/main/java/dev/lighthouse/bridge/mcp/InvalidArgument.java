package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

/**
 * An argument that does not fit its tool's input: the client gets a JSON-RPC error {@code -32602} (invalid params)
 * whose message and data name the field and the reason. Thrown by {@link InputSchema} validation, and by a tool's
 * handler for what a schema cannot say (a cursor that is not one, a path that is not absolute).
 */
public final class InvalidArgument extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String reason;

    public InvalidArgument(String field, String reason) {
        super(field + ": " + reason, null, false, false);
        this.field = requireNonNull(field, "field");
        this.reason = requireNonNull(reason, "reason");
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
