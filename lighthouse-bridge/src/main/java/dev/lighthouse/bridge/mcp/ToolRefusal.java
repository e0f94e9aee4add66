package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A tool call the domain refuses (an unknown review, a vote the caller may not cast): the client gets a tool result
 * with {@code isError: true} and {@code {"error": {"code", "message"}}}, which the model reads and can act on; a
 * refusal with a {@link #detail()} adds that record's fields to the error (a lease conflict's {@code held} leases), so
 * a client need not parse the message. Arguments that do not fit the tool's schema are an {@link InvalidArgument} instead.
 */
public final class ToolRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    /** Not serialisable, as refusals never leave the process as Java objects. */
    private final transient Record detail;

    /** @param code a stable snake_case word clients can branch on, e.g. {@code not_eligible} */
    public ToolRefusal(String code, String message) {
        this(code, message, null);
    }

    /** @param detail a record whose fields join {@code code} and {@code message} in the error, or null */
    public ToolRefusal(String code, String message, Record detail) {
        super(requireNonNull(message, "message"), null, false, false);
        this.code = requireNonNull(code, "code");
        this.detail = detail;
    }

    public String code() {
        return code;
    }

    public Optional<Record> detail() {
        return Optional.ofNullable(detail);
    }
}
