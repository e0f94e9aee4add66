package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

/**
 * A tool call the domain refuses (an unknown review, a vote the caller may not cast): the client gets a tool result
 * with {@code isError: true} and {@code {"error": {"code", "message"}}}, which the model reads and can act on.
 * Arguments that do not fit the tool's schema are an {@link InvalidArgument} instead.
 */
public final class ToolRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    /** @param code a stable snake_case word clients can branch on, e.g. {@code not_eligible} */
    public ToolRefusal(String code, String message) {
        super(requireNonNull(message, "message"), null, false, false);
        this.code = requireNonNull(code, "code");
    }

    public String code() {
        return code;
    }
}
